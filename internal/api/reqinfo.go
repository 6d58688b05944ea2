package api

import (
	"context"
	"sync"
)

// requestInfo is what a request's log line says of its operation, filled in while it runs.
type requestInfo struct {
	mu        sync.Mutex
	operation string
	cost      int
}

type infoKey struct{}

func withInfo(ctx context.Context) (context.Context, *requestInfo) {
	ri := &requestInfo{}
	return context.WithValue(ctx, infoKey{}, ri), ri
}

// noteOperation records the operation's name and estimated cost, if the request keeps them.
func noteOperation(ctx context.Context, name string, cost int) {
	if ri, ok := ctx.Value(infoKey{}).(*requestInfo); ok {
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
