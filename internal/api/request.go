package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/aidgraph/aidgraph/internal/apperr"
)

// checkRequest bounds every request's body to maxBody, and refuses, before the result cache or
// any SQL, a POST whose body is over it (413), is not JSON (415), or is not a JSON object (400:
// a batch as an array, which aidgraph does not take, or anything else). gqlgen would report
// these as errors without a code.
func checkRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			refuse(w, http.StatusUnsupportedMediaType, apperr.UnsupportedMedia, "send the request as JSON, with Content-Type: application/json")
			return
		}
		body, err := io.ReadAll(r.Body)
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			refuse(w, http.StatusRequestEntityTooLarge, apperr.TooLarge, "the request body is over the limit of 1 MiB")
			return
		case err != nil:
			refuse(w, http.StatusBadRequest, apperr.BadRequest, "the request body could not be read")
			return
		}
		trimmed := bytes.TrimLeft(body, " \t\r\n")
		if len(trimmed) > 0 && trimmed[0] == '[' {
			refuse(w, http.StatusBadRequest, apperr.BadRequest, "batches (a JSON array of operations) are not supported: send one operation per request")
			return
		}
		if len(trimmed) == 0 || trimmed[0] != '{' {
			refuse(w, http.StatusBadRequest, apperr.BadRequest, apperr.BadBody)
			return
		}
		// The rest of the body gqlgen decodes, once; what it cannot decode is BAD_REQUEST too
		// (graph.PresentError), and a request without a query (conform).
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// refuse answers with one GraphQL error that carries code.
func refuse(w http.ResponseWriter, status int, code apperr.Code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": string(code)}}},
	})
}
