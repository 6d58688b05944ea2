package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/store"
)

// OpPath serves the registry's operations at stable URLs: GET /op/NAME?VARIABLE=VALUE…, as JSON,
// or as CSV with Accept: text/csv or GET /op/NAME.csv (CSVPath's form: the first list of
// objects, or the one named by list=). Each query parameter is one of the operation's
// variables, read as its type says (a list's items as the parameter repeated, an input object
// as JSON); anything else is refused with the variable's path. The operation runs as GET /query
// would run it, behind the same key, rate limit, cost limit and result cache, and the answer
// carries an ETag, so that a client holding it gets 304.
const OpPath = "/op/"

// opListParam names, for CSV, the list to write (as CSVPath's list=); no variable may have it.
const opListParam = "list"

// opHandler serves OpPath through endpoint, the GraphQL endpoint with all its protections.
func opHandler(s *store.Store, schema *ast.Schema, endpoint http.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		asCSV := wantsCSV(r.Header.Get("Accept"))
		if n, ok := strings.CutSuffix(name, ".csv"); ok {
			name, asCSV = n, true
		}
		op, err := s.OperationByName(r.Context(), name)
		switch {
		case errors.Is(err, store.ErrNotFound):
			refuse(w, http.StatusNotFound, apperr.NotFound, fmt.Sprintf("no operation is registered as %q: the operations query lists them", name))
			return
		case err != nil:
			refuse(w, http.StatusServiceUnavailable, apperr.Unavailable, "the database did not answer the lookup of the operation: retry later")
			return
		}
		doc, perr := parser.ParseQuery(&ast.Source{Input: op.Document})
		if perr != nil || len(doc.Operations) != 1 {
			refuse(w, http.StatusInternalServerError, apperr.Internal, "the registered operation cannot be read")
			return
		}
		def := doc.Operations[0]
		if def.Operation != ast.Query {
			refuse(w, http.StatusMethodNotAllowed, apperr.MethodNotAllowed, fmt.Sprintf("%s is a %s: %s runs queries only", name, def.Operation, OpPath))
			return
		}
		params := r.URL.Query()
		list := ""
		if asCSV {
			list = params.Get(opListParam)
			params.Del(opListParam)
		}
		vars, bad := opVariables(schema, def, params)
		if bad != nil {
			bad.write(w)
			return
		}
		varsJSON, _ := json.Marshal(vars)
		inner := r.Clone(r.Context())
		inner.URL.Path = QueryPath
		inner.URL.RawQuery = url.Values{"query": {op.Document}, "variables": {string(varsJSON)}}.Encode()
		inner.Header.Set("Accept", "application/json")
		inner.Header.Del("If-None-Match")
		rec := httptest.NewRecorder()
		endpoint.ServeHTTP(rec, inner)
		for k, v := range rec.Header() {
			if strings.HasPrefix(k, "Ratelimit") || k == "Retry-After" || k == "Www-Authenticate" || k == CacheHeader {
				w.Header()[k] = v
			}
		}
		if asCSV {
			rows, err := csvRows(rec.Body.Bytes(), list)
			if rec.Code != http.StatusOK || err != nil {
				writeAnswer(w, r, rec, "application/json")
				return
			}
			var buf bytes.Buffer
			_ = writeCSV(&buf, rows)
			rec = &httptest.ResponseRecorder{Code: http.StatusOK, Body: &buf}
			w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
			writeAnswer(w, r, rec, "text/csv; charset=utf-8")
			return
		}
		writeAnswer(w, r, rec, "application/json")
	}
}

// writeAnswer writes rec's body as contentType, with a strong ETag of its bytes; a request
// whose If-None-Match holds it gets 304. Only answers without errors are tagged.
func writeAnswer(w http.ResponseWriter, r *http.Request, rec *httptest.ResponseRecorder, contentType string) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Vary", "Accept, Authorization")
	if rec.Code == http.StatusOK && !bytes.HasPrefix(rec.Body.Bytes(), []byte(`{"errors"`)) {
		sum := sha256.Sum256(rec.Body.Bytes())
		tag := `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
		h.Set("ETag", tag)
		h.Set("Cache-Control", "no-cache")
		for t := range strings.SplitSeq(r.Header.Get("If-None-Match"), ",") {
			if t = strings.TrimPrefix(strings.TrimSpace(t), "W/"); t == tag || t == "*" {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// wantsCSV tells whether an Accept field asks for text/csv before JSON.
func wantsCSV(accept string) bool {
	for item := range strings.SplitSeq(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(item))
		if err != nil {
			continue
		}
		switch mt {
		case "text/csv":
			return true
		case "application/json", "application/graphql-response+json", "*/*":
			return false
		}
	}
	return false
}

// variableError is a query parameter refused: the variable's path and why.
type variableError struct {
	path    []any // "variable", the name, then indexes inside a list
	message string
}

func (e *variableError) write(w http.ResponseWriter) {
	arg := make([]string, 0, len(e.path)-1)
	for _, p := range e.path[1:] {
		arg = append(arg, fmt.Sprint(p))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"message": e.message, "path": e.path,
		"extensions": map[string]any{"code": string(apperr.InvalidArgument), "argument": strings.Join(arg, ".")}}}})
}

// opVariables reads the operation's variables from query parameters, each as its type says.
func opVariables(schema *ast.Schema, def *ast.OperationDefinition, params url.Values) (map[string]any, *variableError) {
	vars := map[string]any{}
	for key := range params {
		if def.VariableDefinitions.ForName(key) == nil {
			names := make([]string, 0, len(def.VariableDefinitions))
			for _, d := range def.VariableDefinitions {
				names = append(names, d.Variable)
			}
			return nil, &variableError{[]any{"variable", key}, fmt.Sprintf("%q is not a variable of this operation, whose variables are: %s", key, strings.Join(names, ", "))}
		}
	}
	for _, d := range def.VariableDefinitions {
		values, given := params[d.Variable]
		if !given {
			if d.Type.NonNull && d.DefaultValue == nil {
				return nil, &variableError{[]any{"variable", d.Variable}, fmt.Sprintf("variable %s of type %s is required: give it as ?%s=…", d.Variable, d.Type, d.Variable)}
			}
			continue
		}
		v, bad := paramValue(schema, d.Type, values, []any{"variable", d.Variable})
		if bad != nil {
			return nil, bad
		}
		vars[d.Variable] = v
	}
	return vars, nil
}

// paramValue reads one variable's parameter values as typ.
func paramValue(schema *ast.Schema, typ *ast.Type, values []string, path []any) (any, *variableError) {
	if typ.Elem != nil {
		out := make([]any, 0, len(values))
		for i, s := range values {
			v, bad := scalarParam(schema, typ.Elem, s, append(path[:len(path):len(path)], i))
			if bad != nil {
				return nil, bad
			}
			out = append(out, v)
		}
		return out, nil
	}
	if len(values) != 1 {
		return nil, &variableError{path, fmt.Sprintf("%s is one %s: give it once", path[1], typ)}
	}
	return scalarParam(schema, typ, values[0], path)
}

// scalarParam reads one parameter value as the named type typ.
func scalarParam(schema *ast.Schema, typ *ast.Type, s string, path []any) (any, *variableError) {
	bad := func(want string) (any, *variableError) {
		return nil, &variableError{path, fmt.Sprintf("%q is not %s, as %s of type %s must be", s, want, path[1], typ)}
	}
	if s == "" && !typ.NonNull {
		return nil, nil
	}
	switch typ.NamedType {
	case "Int":
		n, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			return bad("a whole number between -2147483648 and 2147483647")
		}
		return n, nil
	case "Float":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return bad("a number")
		}
		return f, nil
	case "Boolean":
		switch s {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return bad("true or false")
	case "String", "ID":
		return s, nil
	}
	t := schema.Types[typ.NamedType]
	switch {
	case t == nil:
		return bad("a value of a known type")
	case t.Kind == ast.Enum:
		if t.EnumValues.ForName(s) == nil {
			names := make([]string, 0, len(t.EnumValues))
			for _, e := range t.EnumValues {
				names = append(names, e.Name)
			}
			return bad("one of " + strings.Join(names, ", "))
		}
		return s, nil
	case t.Kind == ast.InputObject:
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		var v map[string]any
		if d.Decode(&v) != nil {
			return bad("a JSON object")
		}
		return v, nil
	}
	// A custom scalar (Int64, Decimal, PartialDate, ...): a number as a JSON number, else text;
	// its own parser then says whether it takes it.
	if _, err := strconv.ParseFloat(s, 64); err == nil && json.Valid([]byte(s)) {
		return json.Number(s), nil
	}
	return s, nil
}
