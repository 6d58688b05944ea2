package edit

import (
	"context"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/model"
)

// Editor writes the record: each call is one transaction, as author (an API key's name).
type Editor struct {
	Store *store.Store
	// ImportPace is how long an import waits after each batch it writes, as a share of the time
	// the batch's write took (0.5: half as long again); 0 waits not at all. See DefaultImportPace.
	ImportPace float64
}

// Target names the row an update changes: its global id and the version the client read.
// The zero Target creates a row.
type Target struct {
	ID      string
	Version int
}

// save checks the input that build reads, and creates or updates its row.
func save[T any](ctx context.Context, e *Editor, author string, typ string, to Target, build func(*checker, int64) *T) (*T, error) {
	id, err := rowID(to.ID, typ)
	if err != nil {
		return nil, err
	}
	var out *T
	err = e.Store.Write(ctx, author, func(tx *store.Tx) error {
		c := &checker{tx: tx, path: "input"}
		row := build(c, id)
		if err := c.result(); err != nil {
			return err
		}
		out = row
		if id == 0 {
			return tx.Create(row)
		}
		return tx.Update(row, to.Version)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// rowID reads the row id of an update's target, which must be of type typ; "" (a create) is 0.
func rowID(id, typ string) (int64, error) {
	if id == "" {
		return 0, nil
	}
	t, n, err := gid.Decode(id)
	if err != nil {
		return 0, apperr.New(apperr.InvalidID, "id", "id %q is not a global id aidgraph issued", id)
	}
	if t != typ {
		return 0, apperr.New(apperr.InvalidArgument, "id", "id names a %s, not a %s", t, typ)
	}
	return n, nil
}

// School records or replaces a school.
func (e *Editor) School(ctx context.Context, author string, to Target, in model.SchoolInput) (*model.School, error) {
	return save(ctx, e, author, model.TypeSchool, to, func(c *checker, id int64) *model.School { return c.school(in, id) })
}

// Hospital records or replaces a hospital.
func (e *Editor) Hospital(ctx context.Context, author string, to Target, in model.HospitalInput) (*model.Hospital, error) {
	return save(ctx, e, author, model.TypeHospital, to, func(c *checker, id int64) *model.Hospital { return c.hospital(in, id) })
}

// Collective records or replaces a collective.
func (e *Editor) Collective(ctx context.Context, author string, to Target, in model.CollectiveInput) (*model.Collective, error) {
	return save(ctx, e, author, model.TypeCollective, to, func(c *checker, id int64) *model.Collective { return c.collective(in, id) })
}

// Project records or replaces a project.
func (e *Editor) Project(ctx context.Context, author string, to Target, in model.ProjectInput) (*model.Project, error) {
	return save(ctx, e, author, model.TypeProject, to, func(c *checker, id int64) *model.Project { return c.project(in, id) })
}

// Pairing records or replaces a pairing.
func (e *Editor) Pairing(ctx context.Context, author string, to Target, in model.PairingInput) (*model.Pairing, error) {
	return save(ctx, e, author, model.TypePairing, to, func(c *checker, id int64) *model.Pairing { return c.pairing(in, id) })
}

// Figure records or replaces a figure.
func (e *Editor) Figure(ctx context.Context, author string, to Target, in model.FigureInput) (*model.Figure, error) {
	return save(ctx, e, author, model.TypeFigure, to, func(c *checker, id int64) *model.Figure { return c.figure(in, id) })
}

// Source records or replaces a source.
func (e *Editor) Source(ctx context.Context, author string, to Target, in model.SourceInput) (*model.Source, error) {
	return save(ctx, e, author, model.TypeSource, to, func(c *checker, id int64) *model.Source { return c.source(in, id) })
}

// Village records or replaces a village.
func (e *Editor) Village(ctx context.Context, author string, to Target, in model.VillageInput) (*model.Village, error) {
	d, err := save(ctx, e, author, model.TypeVillage, to, func(c *checker, id int64) *model.Division { return c.village(in, id) })
	if err != nil {
		return nil, err
	}
	return (*model.Village)(d), nil
}

// Delete removes an editable row, if it is still at version and nothing refers to it.
func (e *Editor) Delete(ctx context.Context, author string, to Target) error {
	k, id, err := editable(to.ID)
	if err != nil {
		return err
	}
	return e.Store.Write(ctx, author, func(tx *store.Tx) error { return tx.Delete(k, id, to.Version) })
}

// Restore brings a deleted row back.
func (e *Editor) Restore(ctx context.Context, author string, id string) (model.Node, error) {
	k, n, err := editable(id)
	if err != nil {
		return nil, err
	}
	var row any
	err = e.Store.Write(ctx, author, func(tx *store.Tx) error {
		// What was recorded again while the row was gone keeps its place: the row would be
		// recorded twice.
		row, err = tx.Restore(k, n, func(row any) error {
			c := &checker{tx: tx, path: "restore"}
			c.uniqueRow(row, n)
			return c.result()
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return model.NodeOf(row), nil
}

// editable decodes the id of a row that clients may delete or restore.
func editable(id string) (*model.Kind, int64, error) {
	t, n, err := gid.Decode(id)
	if err != nil {
		return nil, 0, apperr.New(apperr.InvalidID, "id", "id %q is not a global id aidgraph issued", id)
	}
	k, ok := model.KindOfType(t)
	if !ok || !k.Editable() {
		return nil, 0, apperr.New(apperr.InvalidArgument, "id", "a %s is not edited through the API: only %s are", t, model.TypeList(model.EditableKinds(), "and"))
	}
	return k, n, nil
}
