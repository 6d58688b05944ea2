package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"

	"github.com/aidgraph/aidgraph/internal/config"
	"github.com/aidgraph/aidgraph/internal/edit"
	"github.com/aidgraph/aidgraph/model"
)

// importUsage is the command's help; the kinds it names are the registry's importable ones.
var importUsage = fmt.Sprintf(`Usage: aidgraph import [--dry-run] [--db DB] [--author NAME] [--pace SHARE] FILE

Loads rows from FILE: CSV (UTF-8, with or without a byte-order mark; a header row of field names
such as name, regionId or region.id, and a type column) or JSON (an array of objects with "type").
The types it takes: %s.
Every row is checked first; a bad row is reported with its line and reason, and then nothing is
written. Then the rows are written in batches of %d, each committed with its changes, so that
other writes take turns with the import; after each batch it writes, the import waits --pace
times as long as writing it took, leaving the database to the API's requests (on a machine
shared with the server, start it under nice too: nice -n 10 aidgraph import ...). A row
already recorded as it is is left alone, so a second run changes nothing, and a run that
stopped part way is finished by running it again.`, model.TypeList(model.ImportableKinds(), "or"), edit.ImportBatch)

// importCommand runs aidgraph import.
func importCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("aidgraph import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, importUsage)
		fs.PrintDefaults()
	}
	db := config.DBFlag(fs, getenv, config.DefaultDB)
	dry := fs.Bool("dry-run", false, "check and report, but write nothing")
	author := fs.String("author", "import", "the name the changes are recorded under")
	pace := fs.Float64("pace", edit.DefaultImportPace, fmt.Sprintf("after each batch written, wait this many times as long as writing it took (0 to %d; 0: no pause)", edit.MaxImportPace))
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usageError{err}
	}
	if *pace < 0 || *pace > edit.MaxImportPace || *pace != *pace {
		return usageError{fmt.Errorf("import: --pace %v: give a share of a batch's time from 0 to %d", *pace, edit.MaxImportPace)}
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{fmt.Errorf("import: name one file")}
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return usageError{fmt.Errorf("import: %w", err)}
	}
	defer f.Close()
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	defer tuneImportGC(getenv)()
	s, err := openMigrated(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	rep, err := (&edit.Editor{Store: s, ImportPace: *pace}).ImportFile(ctx, *author, f, *dry)
	if err != nil {
		return err
	}
	return report(rep, *dry, stdout)
}

// An import keeps one batch at a time, a few megabytes live, and makes its garbage fast:
// collecting it a fifth as often, with each record decoded once, cut an unchanged run of
// 100,000 schools from 4.1-4.3 to 3.1-3.2 s of CPU (BENCHMARKS.md, "Reads beside a write
// burst"), while the limit keeps the heap well within the 200 MB the import may use.
const (
	importGCPercent   = 400
	importMemoryLimit = 128 << 20
)

// tuneImportGC applies the import's garbage collector settings, unless the operator set Go's own
// GOGC or GOMEMLIMIT, which then win; the function it returns puts the former ones back (the
// command may run inside another program, a test's).
func tuneImportGC(getenv func(string) string) (restore func()) {
	percent, limit := -1, int64(-1) // what to put back: -1, nothing
	if getenv("GOGC") == "" {
		percent = debug.SetGCPercent(importGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		limit = debug.SetMemoryLimit(importMemoryLimit)
	}
	return func() {
		if percent != -1 {
			debug.SetGCPercent(percent)
		}
		if limit != -1 {
			debug.SetMemoryLimit(limit)
		}
	}
}

// report prints what the import did, and fails when a row was bad.
func report(rep edit.Report, dry bool, stdout io.Writer) error {
	for _, e := range rep.Errors {
		fmt.Fprintf(stdout, "%s: %s (%s)\n", e.Argument, e.Message, e.Code)
	}
	if len(rep.Errors) > 0 && rep.Created > 0 {
		return fmt.Errorf("import: %d problem(s) found after %d row(s) were written (each batch of %d whole, with its changes): fix them and run the file again, which leaves the rows written alone", len(rep.Errors), rep.Created, edit.ImportBatch)
	}
	if len(rep.Errors) > 0 {
		return fmt.Errorf("import: %d problem(s) found; nothing was written", len(rep.Errors))
	}
	verb := "created"
	if dry {
		verb = "would create (dry run: nothing written)"
	}
	fmt.Fprintf(stdout, "%s %d row(s); %d already recorded as they are\n", verb, rep.Created, rep.Unchanged)
	return nil
}
