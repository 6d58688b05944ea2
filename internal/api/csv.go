package api

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/csvguard"
)

// CSVPath answers a query as CSV: GET /csv?query=...&variables=...&list=projects.nodes. It runs
// the query as GET /query would, takes the list at list (by default the first list of objects
// in the answer), and writes one row per item for spreadsheets:
//   - UTF-8 with a byte-order mark, so that spreadsheet programs read Chinese text right;
//   - RFC 4180 quoting (encoding/csv);
//   - nested fields flattened to dotted columns (source.title), a nested list as its JSON;
//   - numbers written exactly as the API gives them (Decimal, Int64), never reformatted;
//   - text cells that start with = + - @, a tab or a carriage return prefixed with ' so that no
//     spreadsheet runs them as formulas (OWASP's advice on CSV injection; internal/csvguard,
//     which aidgraph import undoes); numbers never are.
const CSVPath = "/csv"

// csvHandler serves CSVPath through endpoint, the GraphQL endpoint with all its protections.
func csvHandler(endpoint http.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		list := q.Get("list")
		q.Del("list")
		inner := r.Clone(r.Context())
		inner.URL.Path = QueryPath
		inner.URL.RawQuery = q.Encode()
		inner.Header.Set("Accept", "application/json")
		rec := httptest.NewRecorder()
		endpoint.ServeHTTP(rec, inner)
		for k, v := range rec.Header() {
			if strings.HasPrefix(k, "Ratelimit") || k == "Retry-After" || k == "Www-Authenticate" {
				w.Header()[k] = v
			}
		}
		rows, err := csvRows(rec.Body.Bytes(), list)
		if rec.Code != http.StatusOK || err != nil {
			if err == nil {
				err = fmt.Errorf("the query was not answered (HTTP %d)", rec.Code)
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(max(rec.Code, http.StatusBadRequest))
			_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"message": err.Error(),
				"extensions": map[string]any{"code": string(apperr.BadRequest)}}}, "answer": json.RawMessage(rec.Body.Bytes())})
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="aidgraph.csv"`)
		_ = writeCSV(w, rows)
	}
}

// A value of an answer, with its objects' keys in the order the answer gives them.
type (
	jsonObject struct {
		keys   []string
		values map[string]any
	}
	jsonNumber string
)

// decodeOrdered reads JSON keeping the order of object keys, and numbers as written.
func decodeOrdered(d *json.Decoder) (any, error) {
	t, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch t := t.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &jsonObject{values: map[string]any{}}
			for d.More() {
				k, err := d.Token()
				if err != nil {
					return nil, err
				}
				v, err := decodeOrdered(d)
				if err != nil {
					return nil, err
				}
				o.keys = append(o.keys, k.(string))
				o.values[k.(string)] = v
			}
			_, err := d.Token()
			return o, err
		case '[':
			var a []any
			for d.More() {
				v, err := decodeOrdered(d)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			_, err := d.Token()
			return a, err
		}
	case json.Number:
		return jsonNumber(t), nil
	}
	return t, nil
}

// csvRows finds the list in a GraphQL answer and flattens its items.
func csvRows(answer []byte, path string) ([]*jsonObject, error) {
	d := json.NewDecoder(bytes.NewReader(answer))
	d.UseNumber()
	v, err := decodeOrdered(d)
	if err != nil {
		return nil, fmt.Errorf("the answer is not JSON: %w", err)
	}
	root, _ := v.(*jsonObject)
	if root == nil || root.values["errors"] != nil {
		return nil, fmt.Errorf("the query has errors: ask it at %s to see them", QueryPath)
	}
	data, _ := root.values["data"].(*jsonObject)
	var items []any
	if path != "" {
		var at any = data
		for _, name := range strings.Split(path, ".") {
			o, _ := at.(*jsonObject)
			if o == nil {
				return nil, fmt.Errorf("list %q: the answer has no %s there", path, name)
			}
			at = o.values[name]
		}
		var ok bool
		if items, ok = at.([]any); !ok {
			return nil, fmt.Errorf("list %q is not a list in the answer", path)
		}
	} else if items = firstList(data); items == nil {
		return nil, fmt.Errorf("the answer holds no list of objects: name one with list=")
	}
	rows := make([]*jsonObject, 0, len(items))
	for _, it := range items {
		row := &jsonObject{values: map[string]any{}}
		flatten(row, "", it)
		rows = append(rows, row)
	}
	return rows, nil
}

// firstList is the first list of objects in v, depth first, in the answer's order.
func firstList(v any) []any {
	switch v := v.(type) {
	case *jsonObject:
		for _, k := range v.keys {
			if l := firstList(v.values[k]); l != nil {
				return l
			}
		}
	case []any:
		if len(v) > 0 {
			if _, ok := v[0].(*jsonObject); ok {
				return v
			}
		}
	}
	return nil
}

// flatten puts v's fields into row as dotted columns.
func flatten(row *jsonObject, prefix string, v any) {
	if o, ok := v.(*jsonObject); ok {
		for _, k := range o.keys {
			name := k
			if prefix != "" {
				name = prefix + "." + k
			}
			flatten(row, name, o.values[k])
		}
		return
	}
	if prefix == "" {
		prefix = "value"
	}
	row.keys = append(row.keys, prefix)
	row.values[prefix] = v
}

// writeCSV writes the rows under the union of their columns, in first-seen order.
func writeCSV(w io.Writer, rows []*jsonObject) error {
	var columns []string
	seen := map[string]bool{}
	for _, r := range rows {
		for _, k := range r.keys {
			if !seen[k] {
				seen[k] = true
				columns = append(columns, k)
			}
		}
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180
	if err := cw.Write(columns); err != nil {
		return err
	}
	record := make([]string, len(columns))
	for _, r := range rows {
		for i, c := range columns {
			record[i] = cell(r.values[c])
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// cell writes one value: a number as given, text guarded against formulas, a list as JSON.
func cell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case jsonNumber:
		return string(v)
	case bool:
		if v {
			return "true"
		}
		return "false"
	case string:
		return csvguard.Guard(v)
	}
	b, _ := json.Marshal(plain(v))
	return string(b)
}

// plain turns an ordered value back into one encoding/json can write.
func plain(v any) any {
	switch v := v.(type) {
	case *jsonObject:
		m := make(map[string]any, len(v.keys))
		for _, k := range v.keys {
			m[k] = plain(v.values[k])
		}
		return m
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = plain(e)
		}
		return out
	case jsonNumber:
		return json.Number(v)
	}
	return v
}
