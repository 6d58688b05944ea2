package main

import (
	"context"
	"io"

	"github.com/aidgraph/aidgraph/internal/api"
)

// schemaCommand is `aidgraph schema`: it prints the schema as one SDL file, as
// examples/schema.graphql holds it (go run . schema > examples/schema.graphql).
func schemaCommand(_ context.Context, args []string, _ func(string) string, stdout, _ io.Writer) error {
	if len(args) > 0 {
		return badInput("schema: takes no arguments, got %q", args)
	}
	api.WriteSDL(stdout)
	return nil
}
