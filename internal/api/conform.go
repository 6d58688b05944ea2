package api

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/aidgraph/aidgraph/internal/apperr"
)

// conform brings gqlgen's answers to a request it could not execute in line with the
// GraphQL-over-HTTP specification, as its audit checks. A document that does not parse or
// validate, variables that do not coerce, or an operation refused before it runs (its cost),
// SHOULD be answered 200 with application/json (gqlgen sends 422) and 400 with
// application/graphql-response+json; a request without a query is a bad request, 400, and the
// codes of requestStatus have their own status; and no such answer SHOULD have a data entry
// (gqlgen sends "data": null).
func conform(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&conformWriter{ResponseWriter: w}, r)
	})
}

// conformWriter holds the status of a request error until its body, which gqlgen writes in one
// piece, says which it is.
type conformWriter struct {
	http.ResponseWriter
	held int // the status gqlgen gave a request error, not written yet
}

func (w *conformWriter) WriteHeader(code int) {
	if code == http.StatusUnprocessableEntity || code == http.StatusBadRequest {
		w.held = code
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *conformWriter) Write(b []byte) (int, error) {
	if w.held == 0 {
		return w.ResponseWriter.Write(b)
	}
	status, body := w.rewrite(b)
	w.held = 0
	w.ResponseWriter.WriteHeader(status)
	if _, err := w.ResponseWriter.Write(body); err != nil {
		return 0, err
	}
	return len(b), nil
}

// rewrite gives a request error's answer its status and drops its data entry. A code with a
// status of its own (requestStatus) has it under either media type, with the header that goes
// with it.
func (w *conformWriter) rewrite(b []byte) (int, []byte) {
	status := w.held
	graphQLResponse := strings.HasPrefix(w.Header().Get("Content-Type"), "application/graphql-response+json")
	if status == http.StatusUnprocessableEntity && !graphQLResponse {
		status = http.StatusOK
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(b, &body); err != nil {
		return status, b
	}
	delete(body, "data")
	var errs []map[string]any
	if json.Unmarshal(body["errors"], &errs) == nil && len(errs) == 1 {
		if errs[0]["message"] == "no operation provided" {
			errs[0]["message"] = "the request has no query (nor a persisted query's hash in extensions)"
			errs[0]["extensions"] = map[string]any{"code": string(apperr.BadRequest)}
			body["errors"], _ = json.Marshal(errs)
		}
		ext, _ := errs[0]["extensions"].(map[string]any)
		code, _ := ext["code"].(string)
		if s, ok := requestStatus[code]; ok {
			status = s
		}
		switch code {
		case string(apperr.Unauthenticated):
			w.Header().Set("WWW-Authenticate", challenge(""))
		case string(apperr.MethodNotAllowed):
			w.Header().Set("Allow", http.MethodPost)
		}
	}
	out, err := json.Marshal(body)
	if err != nil {
		return status, b
	}
	return status, out
}
