package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
)

// The codes of requests refused before they reach GraphQL: the client's fault, told with a 4xx.
const (
	codeBadRequest       = "BAD_REQUEST"
	codeTooLarge         = "REQUEST_TOO_LARGE"
	codeUnsupportedMedia = "UNSUPPORTED_MEDIA_TYPE"
)

// checkRequest refuses, before the result cache or any SQL, a POST whose body is over maxBody
// (413), is not JSON (415), or is not one JSON object (400: a malformed body, or a batch as an
// array, which aidgraph does not take). gqlgen would report these as errors without a code,
// echoing the whole body into its message and the log.
func checkRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			refuse(w, http.StatusUnsupportedMediaType, codeUnsupportedMedia, "send the request as JSON, with Content-Type: application/json")
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			refuse(w, http.StatusRequestEntityTooLarge, codeTooLarge, "the request body is over the limit of 1 MiB")
			return
		case err != nil:
			refuse(w, http.StatusBadRequest, codeBadRequest, "the request body could not be read")
			return
		}
		trimmed := bytes.TrimLeft(body, " \t\r\n")
		if len(trimmed) > 0 && trimmed[0] == '[' {
			refuse(w, http.StatusBadRequest, codeBadRequest, "batches (a JSON array of operations) are not supported: send one operation per request")
			return
		}
		var params requestParams
		if len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(body, &params) != nil {
			refuse(w, http.StatusBadRequest, codeBadRequest, "the request body is not a JSON object of the form {\"query\": ..., \"variables\": {...}}")
			return
		}
		if msg := badParameter(params); msg != "" {
			refuse(w, http.StatusBadRequest, codeBadRequest, msg)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// refuse answers with one GraphQL error that carries code.
func refuse(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": code}}},
	})
}

// requestParams are the parameters of a GraphQL-over-HTTP request, as sent.
type requestParams struct {
	Query         json.RawMessage `json:"query"`
	OperationName json.RawMessage `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
	Extensions    json.RawMessage `json:"extensions"`
}

// badParameter says what is wrong with a request's parameters, if anything: query and
// operationName are strings, variables and extensions objects, each of them may be null.
func badParameter(p requestParams) string {
	for _, f := range []struct {
		name string
		v    json.RawMessage
		want byte
	}{{"query", p.Query, '"'}, {"operationName", p.OperationName, '"'}, {"variables", p.Variables, '{'}, {"extensions", p.Extensions, '{'}} {
		v := bytes.TrimSpace(f.v)
		if len(v) == 0 || string(v) == "null" || v[0] == f.want {
			continue
		}
		kind := map[byte]string{'"': "a string", '{': "an object"}[f.want]
		return f.name + " must be " + kind + " (or null)"
	}
	if q := bytes.TrimSpace(p.Query); (len(q) == 0 || string(q) == "null") && !bytes.Contains(p.Extensions, []byte(`"persistedQuery"`)) {
		return "the request has no query (nor a persisted query's hash in extensions)"
	}
	return ""
}
