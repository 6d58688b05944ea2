package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aidgraph/aidgraph/internal/config"
	"github.com/aidgraph/aidgraph/internal/synth"
)

// seedCommand is `aidgraph seed --synthetic SCALE`: it fills an empty database with synthetic
// data for benchmarks.
func seedCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("aidgraph seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := config.DBFlag(fs, getenv, config.DefaultSyntheticDB)
	names := slices.Sorted(maps.Keys(synth.Scales))
	scale := fs.String("synthetic", "", "scale of the synthetic data: "+strings.Join(names, " or "))
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usageError{err}
	}
	sc, ok := synth.Scales[*scale]
	if !ok {
		return badInput("seed: --synthetic must be %s, got %q", strings.Join(names, " or "), *scale)
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, nil)))
	s, err := openMigrated(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	counts, err := synth.Generate(ctx, s, sc)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	fmt.Fprintf(stdout, "generated %s-scale synthetic data in %s: %v\n", sc.Name, time.Since(start).Round(time.Second), counts)
	return nil
}
