package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/aidgraph/aidgraph/internal/store"
)

// MCPPath serves the Model Context Protocol (streamable HTTP, stateless: every request gets a
// server made from the registry as the database holds it then, so that every instance offers
// the same tools). Its tools:
//   - each registered query, named as in the registry, described by its leading comment, its
//     input schema made from its variables;
//   - search (text): search's hits, figures with their value, qualifier, quote and source;
//   - describe (type): a type's documentation from the schema;
//   - graphql (query, variables), unless --trusted-documents=enforce: a read-only query.
//
// Every tool runs its document as GET /query would, with the request's Authorization header:
// the same key, rate limit, cost limit and cache. GET runs no mutation, so none is reachable.
const MCPPath = "/mcp"

// mcpSearch is the search tool's document: what an agent needs to cite a figure.
const mcpSearch = `query Search($text: String!, $first: Int) {
  search(text: $text, first: $first) {
    totalCount
    nodes {
      score
      matchedField
      node {
        __typename
        ... on Node { id }
        ... on Region { name code }
        ... on Collective { name }
        ... on Project { name budgetYuan }
        ... on Figure { labelZh label value unit qualifier originalText quote periodEnd timeText source { title publisher url locator } }
      }
    }
  }
}`

// mcpTools are the tools besides the registered operations'.
const (
	toolSearch   = "search"
	toolDescribe = "describe"
	toolGraphQL  = "graphql"
)

// serverDocumentKey marks a request whose document is the server's own (the MCP tools'), which
// trusted documents let through.
type serverDocumentKey struct{}

func serverDocument(ctx context.Context) bool {
	v, _ := ctx.Value(serverDocumentKey{}).(bool)
	return v
}

// mcpHandler serves MCPPath; endpoint is the GraphQL endpoint with all its protections.
func mcpHandler(s *store.Store, schema *ast.Schema, mode TrustMode, endpoint http.Handler) http.Handler {
	return mcp.NewStreamableHTTPHandler(func(r *http.Request) *mcp.Server {
		return newMCPServer(r, s, schema, mode, endpoint)
	}, &mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true})
}

func newMCPServer(r *http.Request, s *store.Store, schema *ast.Schema, mode TrustMode, endpoint http.Handler) *mcp.Server {
	srv := mcp.NewServer(&mcp.Implementation{Name: "aidgraph", Title: "Zhengzhou–Lushi aid record", Version: "1"},
		&mcp.ServerOptions{Instructions: "The record of the Zhengzhou–Lushi poverty-alleviation partnership. " +
			"Every figure comes with its qualifier (约, 超过, …), its quote in the source's words and its source: cite them."})
	authz := r.Header.Get("Authorization")
	run := func(ctx context.Context, document string, vars map[string]any) (*mcp.CallToolResult, error) {
		return runForMCP(ctx, endpoint, authz, document, vars, true), nil
	}
	ops, err := s.AllOperations(r.Context())
	if err == nil {
		for _, op := range ops {
			addOperationTool(srv, schema, op, run)
		}
	}
	srv.AddTool(&mcp.Tool{Name: toolSearch, Description: "Search the record by name, code, label or quote, Chinese or English, best matches first. " +
		"Figures come with their value, unit, qualifier, quote (originalText) and source.",
		InputSchema: map[string]any{"type": "object", "required": []string{"text"}, "additionalProperties": false,
			"properties": map[string]any{
				"text":  map[string]any{"type": "string", "description": "The text to look for, for example 卢氏 or poverty."},
				"first": map[string]any{"type": "integer", "minimum": 1, "maximum": s.MaxPageSize(), "description": "How many hits (default the maximum page size)."},
			}}},
		func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			var in map[string]any
			_ = json.Unmarshal(req.Params.Arguments, &in)
			return run(ctx, mcpSearch, in)
		})
	srv.AddTool(&mcp.Tool{Name: toolDescribe, Description: "The schema's documentation of one type (Query, Figure, Region, ...): its description, and each field's type, arguments and description.",
		InputSchema: map[string]any{"type": "object", "required": []string{"type"}, "additionalProperties": false,
			"properties": map[string]any{"type": map[string]any{"type": "string", "description": "The type's name, for example Figure."}}}},
		func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			var in struct{ Type string }
			_ = json.Unmarshal(req.Params.Arguments, &in)
			return describeType(schema, in.Type), nil
		})
	if mode != TrustEnforce {
		srv.AddTool(&mcp.Tool{Name: toolGraphQL, Description: "Run a read-only GraphQL query (no mutation) under the server's cost limit; describe documents the types.",
			InputSchema: map[string]any{"type": "object", "required": []string{"query"}, "additionalProperties": false,
				"properties": map[string]any{
					"query":     map[string]any{"type": "string", "description": "A GraphQL query document."},
					"variables": map[string]any{"type": "object", "description": "Its variables."},
				}}},
			func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				var in struct {
					Query     string
					Variables map[string]any
				}
				_ = json.Unmarshal(req.Params.Arguments, &in)
				doc, err := parser.ParseQuery(&ast.Source{Input: in.Query})
				if err != nil {
					return toolError("the query does not parse: " + err.Error()), nil
				}
				for _, op := range doc.Operations {
					if op.Operation != ast.Query {
						return toolError("only queries run here: a " + string(op.Operation) + " is not reachable through MCP"), nil
					}
				}
				return runForMCP(ctx, endpoint, authz, in.Query, in.Variables, false), nil
			})
	}
	return srv
}

// addOperationTool offers a registered query as a tool whose input schema is its variables'.
func addOperationTool(srv *mcp.Server, schema *ast.Schema, op *store.Operation, run func(context.Context, string, map[string]any) (*mcp.CallToolResult, error)) {
	doc, err := parser.ParseQuery(&ast.Source{Input: op.Document})
	if err != nil || len(doc.Operations) != 1 || doc.Operations[0].Operation != ast.Query {
		return // mutations are never tools
	}
	if op.Name == toolSearch || op.Name == toolDescribe || op.Name == toolGraphQL {
		return // the server's own tools keep their names
	}
	props, required := map[string]any{}, []string{}
	for _, d := range doc.Operations[0].VariableDefinitions {
		props[d.Variable] = jsonSchemaOf(schema, d.Type)
		if d.Type.NonNull && d.DefaultValue == nil {
			required = append(required, d.Variable)
		}
	}
	document := op.Document
	srv.AddTool(&mcp.Tool{Name: op.Name, Description: op.Description,
		InputSchema: map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}},
		func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			var in map[string]any
			_ = json.Unmarshal(req.Params.Arguments, &in)
			return run(ctx, document, in)
		})
}

// jsonSchemaOf is the JSON schema of a GraphQL input type, as far as JSON schema can say it.
func jsonSchemaOf(schema *ast.Schema, t *ast.Type) map[string]any {
	var js map[string]any
	if t.Elem != nil {
		js = map[string]any{"type": "array", "items": jsonSchemaOf(schema, t.Elem)}
	} else {
		switch t.NamedType {
		case "Int":
			js = map[string]any{"type": "integer"}
		case "Float":
			js = map[string]any{"type": "number"}
		case "Boolean":
			js = map[string]any{"type": "boolean"}
		case "String", "ID":
			js = map[string]any{"type": "string"}
		default:
			def := schema.Types[t.NamedType]
			switch {
			case def != nil && def.Kind == ast.Enum:
				names := make([]string, 0, len(def.EnumValues))
				for _, v := range def.EnumValues {
					names = append(names, v.Name)
				}
				js = map[string]any{"type": "string", "enum": names}
			case def != nil && def.Kind == ast.InputObject:
				js = map[string]any{"type": "object"}
			default:
				js = map[string]any{"type": []string{"string", "number"}}
			}
			if def != nil && def.Description != "" {
				js["description"] = def.Description
			}
		}
	}
	if !t.NonNull {
		js = map[string]any{"anyOf": []any{js, map[string]any{"type": "null"}}}
	}
	return js
}

// runForMCP runs document as GET /query with the MCP request's key, and returns the answer as
// the tool's result: its JSON as text, and as structured content; an answer with errors is a
// tool error an agent can read. own says that the document is the server's (a tool's), which
// trusted documents let through; a client's (the graphql tool's) is checked as any is.
func runForMCP(ctx context.Context, endpoint http.Handler, authz, document string, vars map[string]any, own bool) *mcp.CallToolResult {
	varsJSON, _ := json.Marshal(vars)
	target := QueryPath + "?" + url.Values{"query": {document}, "variables": {string(varsJSON)}}.Encode()
	if own {
		ctx = context.WithValue(ctx, serverDocumentKey{}, true)
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	req.Header.Set("Accept", "application/json")
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	rec := httptest.NewRecorder()
	endpoint.ServeHTTP(rec, req)
	var answer struct {
		Data   json.RawMessage `json:"data"`
		Errors []any           `json:"errors"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &answer)
	res := &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: rec.Body.String()}}}
	if rec.Code != http.StatusOK || len(answer.Errors) > 0 {
		res.IsError = true
	}
	return res
}

func toolError(msg string) *mcp.CallToolResult {
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: msg}}}
}

// describeType writes the schema's documentation of one type as text.
func describeType(schema *ast.Schema, name string) *mcp.CallToolResult {
	t := schema.Types[name]
	if t == nil || strings.HasPrefix(name, "__") {
		return toolError(fmt.Sprintf("the schema has no type %q: start from Query", name))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n%s\n", strings.ToLower(string(t.Kind)), t.Name, t.Description)
	for _, f := range t.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		fmt.Fprintf(&b, "\n%s: %s\n  %s\n", f.Name, f.Type, strings.ReplaceAll(f.Description, "\n", "\n  "))
		for _, a := range f.Arguments {
			fmt.Fprintf(&b, "  argument %s: %s: %s\n", a.Name, a.Type, a.Description)
		}
	}
	for _, v := range t.EnumValues {
		fmt.Fprintf(&b, "\n%s\n  %s\n", v.Name, v.Description)
	}
	for _, p := range t.Types {
		fmt.Fprintf(&b, "\nmember %s\n", p)
	}
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: b.String()}}}
}
