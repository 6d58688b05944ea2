package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/config"
	"github.com/aidgraph/aidgraph/internal/store"
)

const keysUsage = `Usage:
  aidgraph keys create --name NAME --role reader|editor|admin [--db DB]
  aidgraph keys list [--db DB]
  aidgraph keys revoke --name NAME [--db DB]

The key that create prints is shown once: aidgraph keeps only its hash. Send it as
Authorization: Bearer <key>. A command's flags, --db's default among them, are listed by
aidgraph keys create --help (or list, or revoke).`

// keysArgs is what `aidgraph keys` was asked to do.
type keysArgs struct {
	sub, db, name string
	role          auth.Role
}

// keysCommand is `aidgraph keys create|list|revoke`: it makes, lists and revokes the API keys
// of the database the server uses. What was typed is checked before the database is opened.
func keysCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	ka, err := parseKeysArgs(args, getenv, stderr)
	if err != nil {
		return err
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	s, err := openMigrated(ctx, ka.db)
	if err != nil {
		return err
	}
	defer s.Close()
	switch ka.sub {
	case "create":
		return createKey(ctx, s, ka, stdout, stderr)
	case "list":
		return listKeys(ctx, s, stdout, stderr)
	default:
		return revokeKey(ctx, s, ka.name, stdout)
	}
}

// parseKeysArgs reads the subcommand and its flags, and checks them.
func parseKeysArgs(args []string, getenv func(string) string, stderr io.Writer) (keysArgs, error) {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stderr, keysUsage)
		if len(args) == 0 {
			return keysArgs{}, badInput("keys: say what to do: create, list or revoke")
		}
		return keysArgs{}, errHelp
	}
	ka := keysArgs{sub: args[0]}
	fs := flag.NewFlagSet("aidgraph keys "+ka.sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, keysUsage)
		fs.PrintDefaults()
	}
	db := config.DBFlag(fs, getenv, config.DefaultDB)
	role := ""
	switch ka.sub {
	case "create":
		fs.StringVar(&ka.name, "name", "", "the key's name: whom or what it is for (letters, digits, . _ -)")
		fs.StringVar(&role, "role", "", "what the key may do: reader, editor or admin")
	case "revoke":
		fs.StringVar(&ka.name, "name", "", "the name of the key to revoke")
	case "list":
	default:
		fmt.Fprintln(stderr, keysUsage)
		return keysArgs{}, badInput("keys: unknown command %q: want create, list or revoke", ka.sub)
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return keysArgs{}, errHelp
		}
		return keysArgs{}, usageError{fmt.Errorf("keys %s: %w", ka.sub, err)}
	}
	ka.db = *db
	if fs.NArg() > 0 {
		return keysArgs{}, badInput("keys %s: unexpected arguments: %s", ka.sub, strings.Join(fs.Args(), " "))
	}
	if ka.sub == "list" {
		return ka, nil
	}
	if err := auth.CheckName(ka.name); err != nil {
		return keysArgs{}, badInput("keys %s: %w", ka.sub, err)
	}
	if ka.sub == "create" {
		if role == "" {
			return keysArgs{}, badInput("keys create: say what the key may do with --role reader, editor or admin")
		}
		r, err := auth.ParseRole(role)
		if err != nil {
			return keysArgs{}, badInput("keys create: --role: %w", err)
		}
		ka.role = r
	}
	return ka, nil
}

// createKey makes a key, stores its hash, and prints the key once: alone on stdout, so that a
// script can take it, with what to do with it on stderr.
func createKey(ctx context.Context, s *store.Store, ka keysArgs, stdout, stderr io.Writer) error {
	key, hash, err := auth.Generate()
	if err != nil {
		return err
	}
	if err := s.CreateKey(ctx, ka.name, string(ka.role), hash); err != nil {
		if errors.Is(err, store.ErrKeyExists) {
			return usageError{err}
		}
		return err
	}
	fmt.Fprintln(stdout, key)
	fmt.Fprintf(stderr, "Made the %s key %q. Keep it now: it is not shown again, and aidgraph keeps only its hash.\n"+
		"Send it as Authorization: Bearer <key>; revoke it with aidgraph keys revoke --name %s.\n", ka.role, ka.name, ka.name)
	return nil
}

// listKeys prints every key, revoked ones too; never a key or its hash, which it does not have.
func listKeys(ctx context.Context, s *store.Store, stdout, stderr io.Writer) error {
	keys, err := s.ListKeys(ctx)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		fmt.Fprintln(stderr, "No API keys yet: make one with aidgraph keys create --name NAME --role editor")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tCREATED\tLAST USED\tREVOKED")
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", k.Name, k.Role, k.CreatedAt.UTC().Format(time.RFC3339), when(k.LastUsedAt), when(k.RevokedAt))
	}
	return tw.Flush()
}

// when prints a time a key may not have: "-" for none.
func when(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

func revokeKey(ctx context.Context, s *store.Store, name string, stdout io.Writer) error {
	if err := s.RevokeKey(ctx, name); err != nil {
		if errors.Is(err, store.ErrKeyNotFound) {
			return badInput("%w: aidgraph keys list shows the names", err)
		}
		return err
	}
	fmt.Fprintf(stdout, "Revoked the key %q: every instance refuses it from its next request on.\n", name)
	return nil
}
