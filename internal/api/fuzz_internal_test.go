package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzRequestBody sends any body to the request check: it never panics, refuses with 400 or 413
// and a coded error, or passes on, whole, what may be a JSON object (gqlgen decodes the rest).
func FuzzRequestBody(f *testing.F) {
	for _, s := range []string{`{"query": "{ __typename }"}`, `[{"query": "x"}]`, `{"query"`, `"x"`, ``, ` {"query": null} `, `{"a":1}{"b":2}`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var passed []byte
		h := checkRequest(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			passed, _ = io.ReadAll(r.Body)
		}))
		req := httptest.NewRequest(http.MethodPost, QueryPath, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK:
			if !bytes.Equal(passed, body) || !bytes.HasPrefix(bytes.TrimLeft(passed, " \t\r\n"), []byte("{")) {
				t.Errorf("passed on %q for %q: want the body itself, an object", passed, body)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			var r struct {
				Errors []struct{ Extensions map[string]any }
			}
			if json.Unmarshal(rec.Body.Bytes(), &r) != nil || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] == nil {
				t.Errorf("HTTP %d without a coded error: %s", rec.Code, rec.Body)
			}
		default:
			t.Errorf("HTTP %d for %q", rec.Code, body)
		}
	})
}
