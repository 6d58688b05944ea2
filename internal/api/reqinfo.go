package api

import (
	"context"
	"sync"

	"github.com/aidgraph/aidgraph/internal/ratelimit"
)

// requestInfo is what a request's log line says of its operation, filled in while it runs.
type requestInfo struct {
	client    string // whose budget the request spends: see clientOf
	mu        sync.Mutex
	operation string
	cost      int
	charged   *ratelimit.Result // what the rate limit said, if it was asked
}

type infoKey struct{}

func withInfo(ctx context.Context, client string) (context.Context, *requestInfo) {
	ri := &requestInfo{client: client}
	return context.WithValue(ctx, infoKey{}, ri), ri
}

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

// noteOperation records the operation's name and estimated cost, if the request keeps them.
func noteOperation(ctx context.Context, name string, cost int) {
	if ri := infoOf(ctx); ri != nil {
		ri.mu.Lock()
		ri.operation, ri.cost = name, cost
		ri.mu.Unlock()
	}
}

func (ri *requestInfo) get() (operation string, cost int) {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	return ri.operation, ri.cost
}
