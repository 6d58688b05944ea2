// Package namedops holds the rules of the operation registry: what a named operation is (one
// operation of a document that the schema validates, a name fit for a URL and an MCP tool, its
// leading comment as its description, the SHA-256 of its exact text as its id), and how the
// example queries are registered at start-up. The store keeps the registry; internal/api serves
// it (trusted documents, /op/NAME, /mcp).
package namedops

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/aidgraph/aidgraph/internal/store"
)

// MaxDocumentBytes bounds a registered document: the largest example is under 2 KB.
const MaxDocumentBytes = 64 << 10

// MaxDescriptionRunes bounds the description taken from a document's leading comment.
const MaxDescriptionRunes = 2000

// namePattern is what a name may be: lowercase, fit for a URL path (/op/NAME) and an MCP tool.
var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,63}$`)

// ErrInvalid wraps every refusal of Build: the caller's mistake, not a failure.
var ErrInvalid = errors.New("invalid operation")

// Hash is the SHA-256 of a document's exact text, in lowercase hex.
func Hash(document string) string {
	sum := sha256.Sum256([]byte(document))
	return hex.EncodeToString(sum[:])
}

// HashOfID returns the hash of a document id ("sha256:<64 hex>"), or false if id is not one.
func HashOfID(id string) (string, bool) {
	h, ok := strings.CutPrefix(id, store.DocumentIDPrefix)
	if !ok || len(h) != 64 {
		return "", false
	}
	if _, err := hex.DecodeString(h); err != nil || strings.ToLower(h) != h {
		return "", false
	}
	return h, true
}

// Build checks document against schema and returns the operation to register as name: the
// document must hold exactly one operation, valid against the schema, and be at most
// MaxDocumentBytes. Its description is its leading comment.
func Build(schema *ast.Schema, name, document string) (store.Operation, error) {
	bad := func(format string, a ...any) (store.Operation, error) {
		return store.Operation{}, fmt.Errorf("%w %q: %s", ErrInvalid, name, fmt.Sprintf(format, a...))
	}
	if !namePattern.MatchString(name) {
		return bad("a name is a lowercase letter, then up to 63 lowercase letters, digits, - or _")
	}
	if len(document) > MaxDocumentBytes {
		return bad("the document is over %d bytes", MaxDocumentBytes)
	}
	doc, errs := gqlparser.LoadQuery(schema, document)
	if len(errs) > 0 {
		return bad("the document is not valid against the schema: %v", errs[0].Message)
	}
	if len(doc.Operations) != 1 {
		return bad("the document must hold exactly one operation, not %d", len(doc.Operations))
	}
	return store.Operation{Hash: Hash(document), Name: name, Description: Description(document), Document: document}, nil
}

// Description is the document's leading comment: its first lines that start with #, without
// the #, joined by spaces.
func Description(document string) string {
	var parts []string
	for line := range strings.SplitSeq(document, "\n") {
		line = strings.TrimSpace(line)
		text, ok := strings.CutPrefix(line, "#")
		if !ok {
			break
		}
		if t := strings.TrimSpace(text); t != "" {
			parts = append(parts, t)
		}
	}
	d := strings.Join(parts, " ")
	if r := []rune(d); len(r) > MaxDescriptionRunes {
		d = string(r[:MaxDescriptionRunes])
	}
	return d
}

// NameOfFile is the name a file's operation is registered under: its base name without the
// extension, lowercased (examples/poverty.graphql is poverty).
func NameOfFile(file string) string {
	return strings.ToLower(strings.TrimSuffix(path.Base(file), path.Ext(file)))
}

// SchemaFile is the one file of examples/ that is not an operation: the schema as SDL.
const SchemaFile = "schema.graphql"

// Seed registers every *.graphql of examples but SchemaFile under its file's name, replacing
// an older text of the same name: the examples belong to the release. It changes nothing when
// the registry holds them already, so that every start may run it (under the start-up lock).
// It returns how many it registered or replaced.
func Seed(ctx context.Context, s *store.Store, schema *ast.Schema, examples fs.FS) (int, error) {
	files, err := fs.Glob(examples, "*.graphql")
	if err != nil {
		return 0, err
	}
	sort.Strings(files)
	n := 0
	for _, f := range files {
		if f == SchemaFile {
			continue
		}
		text, err := fs.ReadFile(examples, f)
		if err != nil {
			return n, fmt.Errorf("register examples: %w", err)
		}
		op, err := Build(schema, NameOfFile(f), string(text))
		if err != nil {
			return n, fmt.Errorf("register examples/%s: %w", f, err)
		}
		changed, err := s.SaveOperation(ctx, op, true)
		if err != nil {
			return n, fmt.Errorf("register examples/%s: %w", f, err)
		}
		if changed {
			n++
		}
	}
	return n, nil
}

// ValidName reports whether name may name an operation.
func ValidName(name string) bool { return namePattern.MatchString(name) }
