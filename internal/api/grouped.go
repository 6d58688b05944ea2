package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"net/http"

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
// member. Queries and mutations (and a subscription's last error) go to the executor as ever.
type grouped struct {
	t       graphql.Transport
	answers *live.Answers[*graphql.Response]
}

func (g grouped) Supports(r *http.Request) bool { return g.t.Supports(r) }

func (g grouped) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	g.t.Do(w, r, groupedExecutor{exec, g.answers})
}

type groupedExecutor struct {
	graphql.GraphExecutor
	answers *live.Answers[*graphql.Response]
}

func (e groupedExecutor) DispatchOperation(ctx context.Context, op *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	if op.Operation == nil || op.Operation.Operation != ast.Subscription {
		return e.GraphExecutor.DispatchOperation(ctx, op)
	}
	ctx, feed := live.WithFeed(ctx)
	execute, ctx := e.GraphExecutor.DispatchOperation(ctx, op)
	if !feed.Attached() { // refused before a stream was opened
		return execute, ctx
	}
	group := groupOf(ctx, op)
	return func(ctx context.Context) *graphql.Response {
		ev := feed.Next(ctx)
		if ev == nil {
			return nil
		}
		if ev.Err != nil || group == "" {
			feed.Execute(ev)
			return execute(ctx)
		}
		return e.answers.Get(group, ev.Change.Pos(), func() *graphql.Response {
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
// variables and the subscriber's role ("" if its variables cannot be written out).
func groupOf(ctx context.Context, op *graphql.OperationContext) string {
	vars, err := json.Marshal(op.Variables) // map keys sorted
	if err != nil {
		return ""
	}
	h := sha256.New()
	for _, part := range [][]byte{[]byte(auth.FromContext(ctx).Role), []byte(op.RawQuery), []byte(op.OperationName), vars} {
		h.Write(part)
		h.Write([]byte{0})
	}
	return string(h.Sum(nil))
}
