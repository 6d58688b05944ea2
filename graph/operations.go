package graph

import (
	"context"
	"errors"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/namedops"
	"github.com/aidgraph/aidgraph/internal/store"
)

// registerOperation registers a named operation for an admin's key: checked by namedops, kept
// by the store; a bad document is INVALID_ARGUMENT naming document (or name), a name or
// document taken ALREADY_EXISTS.
func (r *Resolver) registerOperation(ctx context.Context, name, document string, replace bool) (*store.Operation, error) {
	if err := auth.Require(ctx, auth.RoleAdmin); err != nil {
		return nil, err
	}
	op, err := namedops.Build(r.Schema, name, document)
	if err != nil {
		arg := "document"
		if !namedops.ValidName(name) {
			arg = "name"
		}
		return nil, apperr.New(apperr.InvalidArgument, arg, "%s", err.Error())
	}
	switch _, err := r.Store.SaveOperation(ctx, op, replace); {
	case errors.Is(err, store.ErrOperationExists):
		return nil, apperr.New(apperr.AlreadyExists, "name", "%s", err.Error())
	case errors.Is(err, store.ErrRegistryFull):
		return nil, apperr.New(apperr.InvalidArgument, "name", "%s", err.Error())
	case err != nil:
		return nil, err
	}
	return &op, nil
}
