package api

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// TestWriteResponse checks that the POST transport writes what gqlgen's json.Marshal would,
// byte for byte.
func TestWriteResponse(t *testing.T) {
	yes := true
	tests := []struct {
		name string
		resp graphql.Response
	}{
		{"data", graphql.Response{Data: json.RawMessage(`{"region":{"name":"卢氏县","code":"411224"}}`)}},
		{"no data", graphql.Response{}},
		{"errors and null data", graphql.Response{Data: json.RawMessage(`null`),
			Errors: gqlerror.List{{Message: "no region with code 9", Path: ast.Path{ast.PathName("region")},
				Extensions: map[string]any{"code": "NOT_FOUND"}}}}},
		{"extensions, sorted", graphql.Response{Data: json.RawMessage(`{"a":1}`),
			Extensions: map[string]any{"sql": map[string]any{"statements": 2}, "cost": map[string]any{"estimated": 193}}}},
		{"characters json.Marshal escapes", graphql.Response{Data: json.RawMessage("{\"q\":\"<b>&amp;</b> \u2028 \u2029 \\\"x\\\"\"}")}},
		{"quotation marks (U+201C, U+201D) left alone", graphql.Response{Data: json.RawMessage(`["“引号”"]`)}},
		{"incremental delivery", graphql.Response{Data: json.RawMessage(`{"a":1}`), Label: "l", Path: ast.Path{ast.PathName("a")}, HasNext: &yes}},
	}
	// Each escaped character alone, so that the quick check missing one shows.
	for _, c := range []string{"<", ">", "&", "\u2028", "\u2029"} {
		tests = append(tests, struct {
			name string
			resp graphql.Response
		}{"only " + c, graphql.Response{Data: json.RawMessage(`["a` + c + `b"]`)}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := json.Marshal(&tt.resp)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := writeResponse(&got, &tt.resp); err != nil {
				t.Fatal(err)
			}
			if got.String() != string(want) {
				t.Errorf("got  %s\nwant %s", got.String(), want)
			}
		})
	}
}
