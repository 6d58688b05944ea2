package graph

import (
	"github.com/aidgraph/aidgraph/internal/live"
	"github.com/aidgraph/aidgraph/internal/store"
)

// change is a subscription event's change; an empty one for the stream's last event, which
// carries only why it ends (its cursor field returns that error).
func change(e *live.Event) *store.Change {
	if e.Change == nil {
		return &store.Change{}
	}
	return e.Change
}
