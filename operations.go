package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"text/tabwriter"

	"github.com/aidgraph/aidgraph/graph/generated"
	"github.com/aidgraph/aidgraph/internal/config"
	"github.com/aidgraph/aidgraph/internal/namedops"
	"github.com/aidgraph/aidgraph/internal/store"
)

// exampleFiles are examples/*.graphql, which every start registers as named operations.
//
//go:embed examples/*.graphql
var exampleFiles embed.FS

// examples is examples/ as a directory of its own.
func examples() fs.FS {
	sub, err := fs.Sub(exampleFiles, "examples")
	if err != nil {
		panic(err) // the embed above names the directory
	}
	return sub
}

const operationsUsage = `Usage:
  aidgraph operations add [--name NAME] [--replace] [--db DB] FILE
  aidgraph operations list [--db DB]

add registers the one operation of FILE (a .graphql document, checked against the schema) under
NAME (by default the file's name without .graphql), with its leading # comment as description.
It then runs by its id even under --trusted-documents=enforce, at GET /op/NAME and as a tool of
/mcp, on every instance that uses the database. The examples/ queries are registered at start-up.`

// operationsCommand is `aidgraph operations add|list`.
func operationsCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stderr, operationsUsage)
		if len(args) == 0 {
			return badInput("operations: say what to do: add or list")
		}
		return errHelp
	}
	sub := args[0]
	fset := flag.NewFlagSet("aidgraph operations "+sub, flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() {
		fmt.Fprintln(stderr, operationsUsage)
		fset.PrintDefaults()
	}
	db := config.DBFlag(fset, getenv, config.DefaultDB)
	var name string
	var replace bool
	switch sub {
	case "add":
		fset.StringVar(&name, "name", "", "the operation's name (default: the file's name without its extension)")
		fset.BoolVar(&replace, "replace", false, "put the document in the place of another of the same name")
	case "list":
	default:
		fmt.Fprintln(stderr, operationsUsage)
		return badInput("operations: unknown subcommand %q: want add or list", sub)
	}
	if err := fset.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usageError{err}
	}
	var op store.Operation
	if sub == "add" {
		if fset.NArg() != 1 {
			return badInput("operations add: name one FILE")
		}
		file := fset.Arg(0)
		text, err := os.ReadFile(file)
		if err != nil {
			return badInput("operations add: %v", err)
		}
		if name == "" {
			name = namedops.NameOfFile(file)
		}
		schema := generated.NewExecutableSchema(generated.Config{}).Schema()
		if op, err = namedops.Build(schema, name, string(text)); err != nil {
			return usageError{err}
		}
	} else if fset.NArg() != 0 {
		return badInput("operations list: takes no arguments")
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	s, err := openMigrated(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	if sub == "list" {
		ops, err := s.AllOperations(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tID\tDESCRIPTION")
		for _, o := range ops {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", o.Name, o.ID(), o.Description)
		}
		return tw.Flush()
	}
	changed, err := s.SaveOperation(ctx, op, replace)
	if errors.Is(err, store.ErrOperationExists) || errors.Is(err, store.ErrRegistryFull) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if !changed {
		fmt.Fprintf(stdout, "%s is registered already as %s\n", op.ID(), op.Name)
		return nil
	}
	fmt.Fprintf(stdout, "registered %s as %s: GET /op/%s\n", op.ID(), op.Name, op.Name)
	return nil
}

// registerExamples registers examples/*.graphql (under the start-up lock: every instance
// starting at once registers them once).
func registerExamples(ctx context.Context, s *store.Store) error {
	n, err := namedops.Seed(ctx, s, generated.NewExecutableSchema(generated.Config{}).Schema(), examples())
	if n > 0 {
		slog.Info("registered the example operations", "changed", n)
	}
	return err
}
