package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
)

// conform brings gqlgen's answers to a request it could not execute (a document that does not
// parse or validate, variables that do not coerce) in line with the GraphQL-over-HTTP
// specification, as its audit checks: with application/json such an answer SHOULD be 200 (gqlgen
// sends 422), and no such answer SHOULD have a data entry (gqlgen sends "data": null).
func conform(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&conformWriter{ResponseWriter: w}, r)
	})
}

type conformWriter struct {
	http.ResponseWriter
	held bool // a request error's answer, rewritten in Write
}

func (w *conformWriter) WriteHeader(code int) {
	switch code {
	case http.StatusUnprocessableEntity: // a document or variables gqlgen could not take
		w.held = true
		if !strings.HasPrefix(w.Header().Get("Content-Type"), "application/graphql-response+json") {
			code = http.StatusOK
		}
	case http.StatusBadRequest:
		w.held = true
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write drops the data entry of a request error's answer, which gqlgen writes in one piece.
func (w *conformWriter) Write(b []byte) (int, error) {
	if !w.held {
		return w.ResponseWriter.Write(b)
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(b, &body); err != nil || !bytes.Equal(body["data"], []byte("null")) {
		return w.ResponseWriter.Write(b)
	}
	delete(body, "data")
	out, err := json.Marshal(body)
	if err != nil {
		return w.ResponseWriter.Write(b)
	}
	if _, err := w.ResponseWriter.Write(out); err != nil {
		return 0, err
	}
	return len(b), nil
}
