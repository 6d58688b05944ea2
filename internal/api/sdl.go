package api

import (
	"io"

	"github.com/vektah/gqlparser/v2/formatter"

	"github.com/aidgraph/aidgraph/graph/generated"
)

// SDLPath is where the schema, as one SDL file, is committed for code generators and clients
// (`aidgraph schema` writes it; a test keeps it current).
const SDLPath = "examples/schema.graphql"

// WriteSDL writes the schema that the server serves, descriptions included, as one SDL file.
func WriteSDL(w io.Writer) {
	_, _ = io.WriteString(w, "# The schema aidgraph serves, generated from schema/*.graphqls by `aidgraph schema`: do not edit.\n")
	formatter.NewFormatter(w, formatter.WithIndent("  ")).FormatSchema(generated.NewExecutableSchema(generated.Config{}).Schema())
}
