package store

import (
	"errors"

	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/internal/priority"
)

// stepDone is where a write's statement keeps the end of its step between GORM's callbacks.
const stepDone = "aidgraph:step_done"

// The names of the callbacks that start and end a step.
const (
	stepStart = "aidgraph:step_start"
	stepEnd   = "aidgraph:step_end"
)

// giveReadsPriority has every statement of a write (Write) take its step at g before it runs
// (priority.Gate.Step: a wait for the reads, then the turn) and give the turn back once it has
// run, on MySQL. Other statements pass at the cost of a look at a counter, or, while reads run,
// at their context.
func giveReadsPriority(db *gorm.DB, g *priority.Gate) error {
	before := func(tx *gorm.DB) {
		if ctx := tx.Statement.Context; ctx != nil {
			if done := g.Step(ctx); done != nil {
				tx.InstanceSet(stepDone, done)
			}
		}
	}
	after := func(tx *gorm.DB) {
		if !g.TurnTaken() { // the usual case, and every read's: no statement holds the turn
			return
		}
		if ctx := tx.Statement.Context; ctx == nil || !priority.IsWriting(ctx) {
			return
		}
		if done, ok := tx.InstanceGet(stepDone); ok {
			done.(func())()
		}
	}
	cb := db.Callback()
	return errors.Join(
		cb.Query().Before("gorm:query").Register(stepStart, before), cb.Query().After("gorm:query").Register(stepEnd, after),
		cb.Create().Before("gorm:create").Register(stepStart, before), cb.Create().After("gorm:create").Register(stepEnd, after),
		cb.Update().Before("gorm:update").Register(stepStart, before), cb.Update().After("gorm:update").Register(stepEnd, after),
		cb.Delete().Before("gorm:delete").Register(stepStart, before), cb.Delete().After("gorm:delete").Register(stepEnd, after),
		cb.Row().Before("gorm:row").Register(stepStart, before), cb.Row().After("gorm:row").Register(stepEnd, after),
		cb.Raw().Before("gorm:raw").Register(stepStart, before), cb.Raw().After("gorm:raw").Register(stepEnd, after),
	)
}
