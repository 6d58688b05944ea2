package api

import (
	"context"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// operationChecks refuses, before the cost is estimated or charged, an operation whose variables
// do not coerce to their types (checkVariables).
type operationChecks struct{ schema *ast.Schema }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = operationChecks{}

func (operationChecks) ExtensionName() string                   { return "OperationChecks" }
func (operationChecks) Validate(graphql.ExecutableSchema) error { return nil }

func (c operationChecks) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	op := oc.Operation
	if op == nil {
		return nil
	}
	if len(op.VariableDefinitions) > 0 {
		if err := checkVariables(c.schema, op, oc.Variables); err != nil {
			noteOperation(ctx, op, 0)
			return err
		}
	}
	return nil
}

// operationErrors says more than gqlgen does of the variables that gqlparser refused before the
// extensions run: checkVariables says why in the specification's words.
type operationErrors struct {
	graphql.GraphExecutor
	schema *ast.Schema
}

func (e operationErrors) CreateOperationContext(ctx context.Context, params *graphql.RawParams) (*graphql.OperationContext, gqlerror.List) {
	oc, errs := e.GraphExecutor.CreateOperationContext(ctx, params)
	if len(errs) == 0 || oc == nil || oc.Doc == nil {
		return oc, errs
	}
	if oc.Operation != nil && oc.Variables == nil { // gqlparser refused the variables; an extension's refusal has them
		if err := checkVariables(e.schema, oc.Operation, params.Variables); err != nil {
			return oc, gqlerror.List{err}
		}
	}
	return oc, errs
}

// getTransport is gqlgen's GET transport, whose request errors operationErrors words.
type getTransport struct {
	transport.GET
	schema *ast.Schema
}

func (t getTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	t.GET.Do(w, r, operationErrors{GraphExecutor: exec, schema: t.schema})
}
