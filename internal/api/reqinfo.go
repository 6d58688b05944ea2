package api

import (
	"context"
	"net/http"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/aidgraph/aidgraph/internal/ratelimit"
)

// requestInfo is what a request's log line says of its operation, filled in while it runs.
type requestInfo struct {
	client    string      // whose budget the request spends: see clientOf and keyed
	header    http.Header // the response's headers, for what the operation adds (SeqHeader)
	mu        sync.Mutex
	operation string
	kind      ast.Operation // query, mutation or subscription; "" until the operation is known
	cost      int
	charged   *ratelimit.Result // what the rate limit said, if it was asked
}

type infoKey struct{}

func withInfo(ctx context.Context, client string) (context.Context, *requestInfo) {
	ri := &requestInfo{client: client}
	return context.WithValue(ctx, infoKey{}, ri), ri
}

// keyed makes the request's client the API key it presented: a keyed request spends its key's
// budget wherever it comes from, and addresses behind one NAT do not share one integration's.
// authenticate calls it before the request runs on, so it never changes while it is read.
func (ri *requestInfo) keyed(keyName string) { ri.client = "key:" + keyName }

func infoOf(ctx context.Context) *requestInfo {
	ri, _ := ctx.Value(infoKey{}).(*requestInfo)
	return ri
}

func (ri *requestInfo) setCharge(r ratelimit.Result) {
	ri.mu.Lock()
	ri.charged = &r
	ri.mu.Unlock()
}

func (ri *requestInfo) charge() *ratelimit.Result {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	return ri.charged
}

// noteOperation records the operation's name, kind and estimated cost, if the request keeps them.
func noteOperation(ctx context.Context, op *ast.OperationDefinition, cost int) {
	if ri := infoOf(ctx); ri != nil {
		ri.mu.Lock()
		ri.operation, ri.kind, ri.cost = op.Name, op.Operation, cost
		ri.mu.Unlock()
	}
}

// isQuery tells whether the operation that ran was a query: only a query's answer may be
// reused (the result cache), never a mutation's.
func (ri *requestInfo) isQuery() bool {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	return ri.kind == ast.Query
}

func (ri *requestInfo) get() (operation string, cost int) {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	return ri.operation, ri.cost
}
