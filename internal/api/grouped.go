package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/live"
)

// answersKept is how many answers of groups to changes the instance keeps: enough for every
// group's answer to the latest changes while its members are sent them.
const answersKept = 4096

// grouped serves a stream transport's subscriptions in groups: subscriptions with the same
// document, operation, variables and role get the same answer to a change, so it is executed
// once for the group (by its first member to need it) and the same response goes to every
// member. Over SSE the transport's events are written by an sseStream, which pulls the stream
// and shares each event's bytes too (ssestream.go). Queries and mutations go to the executor
// as ever.
type grouped struct {
	t       graphql.Transport
	shared  *sharedAnswers
	pullSSE bool // t is SSE: its subscriptions are written by an sseStream
}

// sharedAnswers are what the groups of a server's streams share.
type sharedAnswers struct {
	responses *live.Answers[*graphql.Response] // over WebSocket
	frames    *live.Answers[[]byte]            // over SSE, each an event's bytes
	beat      *beat                            // the SSE streams' keep-alive
	hangups   *hangups                         // the detached SSE streams' clients going
	pump      *pump                            // the detached SSE streams that have caught up
	execs     *groupExecs                      // the detached SSE streams' groups' executors
}

func newSharedAnswers(hub *live.Hub) *sharedAnswers {
	b := newBeat(KeepAlive)
	return &sharedAnswers{responses: live.NewAnswers[*graphql.Response](answersKept),
		frames: live.NewAnswers[[]byte](answersKept), beat: b, hangups: &hangups{}, pump: newPump(hub, b),
		execs: &groupExecs{byGroup: map[string]*groupExec{}}}
}

func (g grouped) Supports(r *http.Request) bool { return g.t.Supports(r) }

func (g grouped) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	e := groupedExecutor{GraphExecutor: exec, shared: g.shared}
	if f, ok := w.(http.Flusher); ok && g.pullSSE {
		e.w, e.flusher = w, f
	}
	g.t.Do(w, r, e)
}

type groupedExecutor struct {
	graphql.GraphExecutor
	shared  *sharedAnswers
	w       http.ResponseWriter // an SSE stream's, to which its events are written (nil otherwise)
	flusher http.Flusher
}

func (e groupedExecutor) DispatchOperation(ctx context.Context, op *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	if op.Operation == nil || op.Operation.Operation != ast.Subscription {
		return e.GraphExecutor.DispatchOperation(ctx, op)
	}
	ctx, feed := live.WithFeed(ctx, e.w != nil)
	execute, ctx := e.GraphExecutor.DispatchOperation(ctx, op)
	st := feed.Stream()
	if st == nil { // refused before a stream was opened
		return execute, ctx
	}
	group := groupOf(ctx, op)
	if e.w != nil {
		s := &sseStream{w: e.w, flusher: e.flusher, st: st, feed: feed, execute: execute, group: group,
			frames: e.shared.frames, beat: e.shared.beat, hangups: e.shared.hangups, pump: e.shared.pump,
			execs: e.shared.execs}
		return func(ctx context.Context) *graphql.Response {
			s.serve(ctx)
			return nil // the transport ends the stream
		}, ctx
	}
	return func(ctx context.Context) *graphql.Response {
		ev := feed.Next(ctx)
		if ev == nil {
			return nil
		}
		if ev.Err != nil || group == "" {
			feed.Execute(ev)
			return execute(ctx)
		}
		return e.shared.responses.Get(group, ev.Change.Pos(), func() *graphql.Response {
			feed.Execute(ev)
			// The group's answer, not this member's: made to the end even if it goes away.
			resp := execute(context.WithoutCancel(ctx))
			if resp != nil {
				resp.Data = bytes.Clone(resp.Data) // the executor reuses its buffer
			}
			return resp
		})
	}, ctx
}

// groupOf names the group of a subscription: a digest of its document, operation name,
// variables, the subscriber's role and its debug header (which adds the statements to each
// answer) ("" if its variables cannot be written out).
func groupOf(ctx context.Context, op *graphql.OperationContext) string {
	vars, err := json.Marshal(op.Variables) // map keys sorted
	if err != nil {
		return ""
	}
	h := sha256.New()
	for _, part := range [][]byte{[]byte(auth.FromContext(ctx).Role), []byte(op.RawQuery), []byte(op.OperationName), vars,
		[]byte(op.Headers.Get(DebugHeader))} {
		h.Write(part)
		h.Write([]byte{0})
	}
	return string(h.Sum(nil))
}

// groupExec answers the events of a group of detached SSE streams, or of one stream: the
// executor of the member that opened the group, kept while the group has members, so that no
// other member keeps its own (nor, through it, its request). One event at a time: its feed
// holds one.
type groupExec struct {
	mu      sync.Mutex
	feed    *live.Feed
	execute graphql.ResponseHandler
	ctx     context.Context // the opening member's, never cancelled: an answer is made to the end
	refs    int             // members, counted under groupExecs.mu
}

// answer executes the subscription for ev, and returns its event as a chunk.
func (x *groupExec) answer(ev *live.Event) []byte {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.feed.Execute(ev)
	return chunk(x.execute(x.ctx))
}

// groupExecs are the executors of the groups of a server's detached SSE streams.
type groupExecs struct {
	mu      sync.Mutex
	byGroup map[string]*groupExec
}

// join counts a member of group in, and returns the group's executor: own if it opens it.
func (g *groupExecs) join(group string, own *groupExec) *groupExec {
	g.mu.Lock()
	defer g.mu.Unlock()
	if x := g.byGroup[group]; x != nil {
		x.refs++
		return x
	}
	own.refs = 1
	g.byGroup[group] = own
	return own
}

// leave counts a member of group out; the last one out lets the executor go.
func (g *groupExecs) leave(group string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if x := g.byGroup[group]; x != nil {
		if x.refs--; x.refs <= 0 {
			delete(g.byGroup, group)
		}
	}
}
