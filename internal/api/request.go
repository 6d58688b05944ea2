package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"time"

	"github.com/aidgraph/aidgraph/internal/apperr"
)

// bodyWait is the longest a request's body may take to arrive (or less, the request's deadline):
// the body is read before the request takes one of the slots (shed.go), and a client that
// trickles it must not hold the connection either.
const bodyWait = 10 * time.Second

// Past the limit, a body is read on and thrown away, up to drainBytes for at most drainWait,
// before the connection is closed: closed with unread data, it would be reset, and the client,
// still sending, would see the reset and not the 413.
const (
	drainBytes = 64 << 20
	drainWait  = 5 * time.Second
)

// checkRequest bounds every request's body to maxBody, and refuses, before the request takes a
// slot, the result cache or any SQL, a POST whose body is over it (413), does not arrive within
// bodyWait (408), is not JSON (415), or is not a JSON object (400: a batch as an array, which
// aidgraph does not take, or anything else). gqlgen would report these as errors without a code.
func checkRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
			next.ServeHTTP(w, r)
			return
		}
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			refuseUnread(w, r.Body, http.StatusUnsupportedMediaType, apperr.UnsupportedMedia, "send the request as JSON, with Content-Type: application/json")
			return
		}
		if r.ContentLength > maxBody {
			refuseUnread(w, r.Body, http.StatusRequestEntityTooLarge, apperr.TooLarge, tooLargeMessage)
			return
		}
		body, err := readBody(w, r)
		var tooLarge *http.MaxBytesError
		var netErr net.Error
		switch {
		case errors.As(err, &tooLarge):
			refuseUnread(w, r.Body, http.StatusRequestEntityTooLarge, apperr.TooLarge, tooLargeMessage)
			return
		case errors.As(err, &netErr) && netErr.Timeout():
			w.Header().Set("Connection", "close")
			refuse(w, http.StatusRequestTimeout, apperr.RequestTimeout,
				fmt.Sprintf("the request body did not arrive within %d s", int(bodyWait.Seconds())))
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
		// The rest of the body is decoded once: by the POST transport (params.go) when it is
		// of the plain form, else by gqlgen; what gqlgen cannot decode is BAD_REQUEST too
		// (graph.PresentError), and a request without a query (conform).
		r.Body = &bufferedBody{Reader: bytes.NewReader(body), bytes: body}
		next.ServeHTTP(w, r)
	})
}

// bufferedBody is a body checkRequest has read whole: a reader over it for gqlgen, and its bytes
// for the handlers between that look into it (trusted documents), which need not read it again.
type bufferedBody struct {
	*bytes.Reader
	bytes []byte
}

func (*bufferedBody) Close() error { return nil }

// postedBody returns r's body, as checkRequest read it, or by reading it (and putting it back).
func postedBody(r *http.Request) []byte {
	if b, ok := r.Body.(*bufferedBody); ok {
		return b.bytes
	}
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body
}

const tooLargeMessage = "the request body is over the limit of 1 MiB"

// readBody reads r's body, up to maxBody, by bodyWait or the request's deadline if sooner.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	rc := http.NewResponseController(w)
	deadline := time.Now().Add(bodyWait)
	if d, ok := r.Context().Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	if rc.SetReadDeadline(deadline) == nil {
		// Nothing more is read from the connection for this request, but the server's check
		// that the client is still there, which must not time out.
		defer func() { _ = rc.SetReadDeadline(time.Time{}) }()
	}
	body := http.MaxBytesReader(w, r.Body, maxBody)
	if n := r.ContentLength; n >= 0 && n <= maxBody {
		// The size is known (net/http ends the body there): one buffer of it, where io.ReadAll
		// would grow one from 512 bytes.
		buf := make([]byte, n)
		if _, err := io.ReadFull(body, buf); err != nil {
			return nil, err
		}
		return buf, nil
	}
	return io.ReadAll(body)
}

// refuseUnread refuses a request whose body is not read, then reads it on and throws it away
// (within drainBytes and drainWait) so that the client, still sending, sees the answer; the
// connection is closed after it.
func refuseUnread(w http.ResponseWriter, body io.Reader, status int, code apperr.Code, message string) {
	rc := http.NewResponseController(w)
	_ = rc.EnableFullDuplex() // read the body after answering
	w.Header().Set("Connection", "close")
	refuse(w, status, code, message)
	_ = rc.Flush()
	if rc.SetReadDeadline(time.Now().Add(drainWait)) == nil {
		_, _ = io.CopyN(io.Discard, body, drainBytes)
	}
}

// refuse answers with one GraphQL error that carries code.
func refuse(w http.ResponseWriter, status int, code apperr.Code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": string(code)}}},
	})
}
