package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/store"
)

// Read-your-writes. A write's response carries the seq it committed, in SeqHeader and in
// extensions.seq; a client that sends it back, in MinSeqHeader or in its request's
// extensions.minSeq, is answered with that write included: from a replica that has reached it,
// else from the primary (internal/store, replicas.go).
const (
	SeqHeader    = "Aidgraph-Seq"
	MinSeqHeader = "Aidgraph-Min-Seq"
	// seqExtension and minSeqExtension name the token in a response's and a request's extensions.
	seqExtension    = "seq"
	minSeqExtension = "minSeq"
)

// withSession gives every request its own store session, in which its loads and nested pages
// are batched, and the token it carries. A request's token must be known before it reads
// anything (the result cache reads the data version first), so with replicas the one in the
// request's extensions is read here too.
func withSession(s *store.Store, next http.Handler) http.Handler {
	routed := s.HasReplicas()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := s.WithSession(r.Context())
		seq, field, err := requestSeq(r, routed)
		if err != nil {
			refuseField(w, field, err.Error())
			return
		}
		if seq > 0 {
			store.WithMinSeq(ctx, seq)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// requestSeq reads a request's token: MinSeqHeader, or (when withBody) extensions.minSeq of its
// body or of its GET parameters. field names where a malformed one was.
func requestSeq(r *http.Request, withBody bool) (seq int64, field string, err error) {
	if hs := r.Header[MinSeqHeader]; len(hs) > 0 && hs[0] != "" { // MinSeqHeader is canonical
		h := hs[0]
		n, err := strconv.ParseInt(h, 10, 64)
		if err != nil || n < 0 {
			return 0, MinSeqHeader, errBadSeq(MinSeqHeader)
		}
		return n, "", nil
	}
	if !withBody {
		return 0, "", nil
	}
	var ext []byte
	switch r.Method {
	case http.MethodPost:
		body := postedBody(r)
		if !bytes.Contains(body, []byte(`"`+minSeqExtension+`"`)) {
			return 0, "", nil
		}
		var params struct {
			Extensions json.RawMessage `json:"extensions"`
		}
		if json.Unmarshal(body, &params) != nil {
			return 0, "", nil // gqlgen reports the body
		}
		ext = params.Extensions
	case http.MethodGet:
		ext = []byte(r.URL.Query().Get("extensions"))
	}
	if len(ext) == 0 {
		return 0, "", nil
	}
	var e map[string]json.RawMessage
	if json.Unmarshal(ext, &e) != nil {
		return 0, "", nil // gqlgen reports the extensions
	}
	raw, ok := e[minSeqExtension]
	if !ok {
		return 0, "", nil
	}
	n, err := seqOf(raw)
	if err != nil {
		return 0, "extensions." + minSeqExtension, errBadSeq("extensions." + minSeqExtension)
	}
	return n, "", nil
}

// seqOf reads a token given as a JSON number or a string of digits.
func seqOf(raw json.RawMessage) (int64, error) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		s = string(raw)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, strconv.ErrSyntax
	}
	return n, nil
}

type seqError string

func (e seqError) Error() string { return string(e) }

func errBadSeq(field string) error {
	return seqError(field + " must be a seq that a write's response carried (" + SeqHeader + " or extensions." +
		seqExtension + "): a whole number, 0 or more")
}

// refuseField answers 400 BAD_REQUEST naming the field that was wrong.
func refuseField(w http.ResponseWriter, field, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": message,
			"extensions": map[string]any{"code": string(apperr.BadRequest), "field": field}}},
	})
}

// withCommittedSeq puts the seq that the request's writes committed on its response.
func withCommittedSeq(ctx context.Context, resp *graphql.Response) {
	seq := store.CommittedSeq(ctx)
	if seq == 0 || resp == nil {
		return
	}
	if resp.Extensions == nil {
		resp.Extensions = map[string]any{}
	}
	resp.Extensions[seqExtension] = seq
	if ri := infoOf(ctx); ri != nil && ri.header != nil {
		ri.header.Set(SeqHeader, strconv.FormatInt(seq, 10))
	}
}
