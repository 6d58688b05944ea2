package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/namedops"
	"github.com/aidgraph/aidgraph/internal/store"
)

// TrustMode is what the endpoint does with a document the operation registry does not hold
// (--trusted-documents).
type TrustMode string

// The trust modes.
const (
	// TrustOff runs any document; registered ones may still be sent by id.
	TrustOff TrustMode = "off"
	// TrustAllow runs any document, and counts (aidgraph_untrusted_documents_total) and logs,
	// once per document, those the registry does not hold: the step before enforce.
	TrustAllow TrustMode = "allow"
	// TrustEnforce refuses, before parsing, any document the registry does not hold, unless
	// the request carries an admin's key.
	TrustEnforce TrustMode = "enforce"
)

// TrustModes are the modes, as --trusted-documents takes them.
var TrustModes = []string{string(TrustOff), string(TrustAllow), string(TrustEnforce)}

// Codes of the trusted documents' refusals.
const (
	// DocumentNotTrusted: under enforce, a document the registry does not hold (403).
	DocumentNotTrusted apperr.Code = "DOCUMENT_NOT_TRUSTED"
	// DocumentNotFound: a documentId that names no registered document (404).
	DocumentNotFound apperr.Code = "DOCUMENT_NOT_FOUND"
)

// knownDocuments is how many registered documents an instance keeps by hash. A document's
// hash never names another text, so what is kept is never stale; an unknown hash is asked of
// the database every time, since another instance may have registered it since.
const knownDocuments = 1000

// loggedDocuments bounds the hashes of unknown documents logged already, in allow mode.
const loggedDocuments = 10000

// trustedDocuments resolves documents sent by id (GraphQL-over-HTTP's persisted documents:
// {"documentId": "sha256:…"}, or the APQ extension's hash alone) to their registered text, and
// applies the trust mode to the rest. It runs after the key is known and the body checked, and
// before the result cache and gqlgen: a refusal costs a hash and, at most, one read by key.
type trustedDocuments struct {
	s         *store.Store
	mode      TrustMode
	known     *lru.Cache[string, string] // hash -> document
	logged    *lru.Cache[string, struct{}]
	untrusted *prometheus.CounterVec
}

func newTrustedDocuments(s *store.Store, mode TrustMode, m *metrics) *trustedDocuments {
	known, _ := lru.New[string, string](knownDocuments)
	logged, _ := lru.New[string, struct{}](loggedDocuments)
	if mode == "" {
		mode = TrustOff
	}
	return &trustedDocuments{s: s, mode: mode, known: known, logged: logged, untrusted: m.untrusted}
}

// request is what trustedDocuments reads of a request: its fields that name the document.
type request struct {
	documentID, query, apqHash string
	hasDocumentID              bool
}

func (t *trustedDocuments) handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		var fields map[string]json.RawMessage
		var req request
		switch r.Method {
		case http.MethodPost:
			body = postedBody(r)
			if t.mode == TrustOff && !bytes.Contains(body, []byte(`"documentId"`)) && !bytes.Contains(body, []byte(`"persistedQuery"`)) {
				next.ServeHTTP(w, r)
				return
			}
			if json.Unmarshal(body, &fields) != nil {
				next.ServeHTTP(w, r) // gqlgen says what is wrong with it
				return
			}
			req = postedRequest(fields)
		case http.MethodGet:
			q := r.URL.Query()
			if t.mode == TrustOff && !q.Has("documentId") && !q.Has("extensions") {
				next.ServeHTTP(w, r)
				return
			}
			req = request{documentID: q.Get("documentId"), hasDocumentID: q.Has("documentId"), query: q.Get("query")}
			var ext struct {
				PersistedQuery struct {
					Hash string `json:"sha256Hash"`
				} `json:"persistedQuery"`
			}
			if json.Unmarshal([]byte(q.Get("extensions")), &ext) == nil {
				req.apqHash = ext.PersistedQuery.Hash
			}
		default:
			next.ServeHTTP(w, r)
			return
		}

		ctx := r.Context()
		document := ""
		switch {
		case req.hasDocumentID:
			if req.query != "" {
				refuse(w, http.StatusBadRequest, apperr.BadRequest, "send either documentId or query, not both")
				return
			}
			hash, ok := namedops.HashOfID(req.documentID)
			if !ok {
				refuse(w, http.StatusBadRequest, apperr.BadRequest, `documentId must be "sha256:" and the SHA-256 of a registered document in lowercase hex (the operations query lists them)`)
				return
			}
			doc, found, err := t.lookUp(ctx, hash)
			if err != nil {
				t.unavailable(w, r, err)
				return
			}
			if !found {
				refuse(w, http.StatusNotFound, DocumentNotFound, "documentId "+req.documentID+" names no registered operation (the operations query lists them)")
				return
			}
			document = doc
		case req.query == "" && req.apqHash != "":
			// The APQ extension's hash alone: a registered document runs by it; an unknown one
			// is gqlgen's PERSISTED_QUERY_NOT_FOUND, and the client sends its text, which is
			// then checked as any text is.
			doc, found, err := t.lookUp(ctx, req.apqHash)
			if err != nil {
				t.unavailable(w, r, err)
				return
			}
			if found {
				document = doc
			}
		case req.query != "" && t.mode != TrustOff && !serverDocument(ctx):
			hash := namedops.Hash(req.query)
			_, found, err := t.lookUp(ctx, hash)
			if err != nil {
				t.unavailable(w, r, err)
				return
			}
			if !found && !t.untrustedMayRun(w, r, hash) {
				return
			}
		}
		if document == "" {
			next.ServeHTTP(w, r)
			return
		}
		// The request runs the registered text, as if it had sent it.
		r = r.Clone(ctx)
		if r.Method == http.MethodPost {
			delete(fields, "documentId")
			fields["query"], _ = json.Marshal(document)
			b, _ := json.Marshal(fields)
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
		} else {
			q := r.URL.Query()
			q.Del("documentId")
			q.Set("query", document)
			r.URL.RawQuery = q.Encode()
		}
		next.ServeHTTP(w, r)
	})
}

// postedRequest reads the fields of a POST body that name its document.
func postedRequest(fields map[string]json.RawMessage) request {
	var req request
	if raw, ok := fields["documentId"]; ok {
		req.hasDocumentID = true
		_ = json.Unmarshal(raw, &req.documentID) // not a string: refused as malformed below
	}
	_ = json.Unmarshal(fields["query"], &req.query)
	var ext struct {
		PersistedQuery struct {
			Hash string `json:"sha256Hash"`
		} `json:"persistedQuery"`
	}
	if json.Unmarshal(fields["extensions"], &ext) == nil {
		req.apqHash = ext.PersistedQuery.Hash
	}
	return req
}

// untrustedMayRun applies the mode to a document the registry does not hold: allow counts it
// and logs it once; enforce refuses it unless the key is an admin's. It reports whether the
// request goes on.
func (t *trustedDocuments) untrustedMayRun(w http.ResponseWriter, r *http.Request, hash string) bool {
	if t.mode == TrustEnforce {
		if auth.FromContext(r.Context()).Role.AtLeast(auth.RoleAdmin) {
			return true
		}
		t.untrusted.WithLabelValues("refused").Inc()
		refuse(w, http.StatusForbidden, DocumentNotTrusted, "this server runs only registered operations (--trusted-documents=enforce): "+
			`send {"documentId": "sha256:…"} of one the operations query lists, or ask an administrator to register yours (aidgraph operations add)`)
		return false
	}
	t.untrusted.WithLabelValues("allowed").Inc()
	if ok, _ := t.logged.ContainsOrAdd(hash, struct{}{}); !ok {
		slog.WarnContext(r.Context(), "an unregistered document ran (--trusted-documents=allow; enforce would refuse it)",
			"documentId", store.DocumentIDPrefix+hash)
	}
	return true
}

// lookUp returns the registered document of hash, if any.
func (t *trustedDocuments) lookUp(ctx context.Context, hash string) (string, bool, error) {
	if doc, ok := t.known.Get(hash); ok {
		return doc, true, nil
	}
	op, err := t.s.OperationByHash(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	t.known.Add(hash, op.Document)
	return op.Document, true, nil
}

func (t *trustedDocuments) unavailable(w http.ResponseWriter, r *http.Request, err error) {
	slog.WarnContext(r.Context(), "operation registry not read", "err", err)
	w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
	refuse(w, http.StatusServiceUnavailable, apperr.Unavailable, "the database did not answer the lookup of the document: retry after "+strconv.Itoa(retryAfter)+" s")
}
