package api

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/auth"
)

// The request errors: what refuses a request before anything runs, besides gqlgen's parse and
// validation failures. gqlgen answers an error of these kinds as it does those (422, or 400
// under application/graphql-response+json, which conform settles), never as a field error with
// "data": null; conform gives the codes of requestStatus their own status.
func init() {
	for _, c := range []apperr.Code{
		apperr.TooComplex, apperr.TooDeep, apperr.TooManyAliases, apperr.TooManyRootFields, apperr.TooManyDirectives,
		apperr.RateLimited, apperr.BadRequest, apperr.Unauthenticated, apperr.MethodNotAllowed,
	} {
		errcode.RegisterErrorType(string(c), errcode.KindProtocol)
	}
}

// requestStatus is the HTTP status of a request error whose code has one of its own, under
// either media type; the others are 200 under application/json and 400 under
// application/graphql-response+json. RATE_LIMITED's 429 is set by rateHeaders.
var requestStatus = map[string]int{
	string(apperr.BadRequest):       http.StatusBadRequest,
	string(apperr.Unauthenticated):  http.StatusUnauthorized,
	string(apperr.MethodNotAllowed): http.StatusMethodNotAllowed,
	string(apperr.Unavailable):      http.StatusServiceUnavailable,
}

// operationChecks refuses, before the cost is estimated or charged, an operation whose variables
// do not coerce to their types (checkVariables), a mutation sent with GET, and a mutation without
// an API key, which every mutation needs (401, as a bad key is).
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
	if op.Operation == ast.Query {
		countAsRead(ctx) // writes give way to it (priority)
	}
	if op.Operation != ast.Mutation {
		return nil
	}
	if viaGET(ctx) {
		noteOperation(ctx, op, 0)
		err := gqlerror.Errorf("a mutation must be sent with POST: GET only runs queries")
		errcode.Set(err, string(apperr.MethodNotAllowed))
		return err
	}
	if auth.FromContext(ctx).IsAnonymous() {
		// Every mutation needs at least an editor's key (graph/edits.go); auth says how to get one.
		noteOperation(ctx, op, 0)
		err := gqlerror.Errorf("%s", auth.Require(ctx, auth.RoleEditor).Error())
		errcode.Set(err, string(apperr.Unauthenticated))
		return err
	}
	if !toWriteLane(ctx) {
		noteOperation(ctx, op, 0)
		err := gqlerror.Errorf("the server is at capacity for writes: retry after %d s", retryAfter)
		errcode.Set(err, string(apperr.Unavailable))
		return err
	}
	return nil
}

// operationErrors says more than gqlgen does of the two request errors it finds itself before
// the extensions run: an operation that the document does not hold, and variables that gqlparser
// refused (checkVariables says why in the specification's words).
type operationErrors struct {
	graphql.GraphExecutor
	schema *ast.Schema
}

func (e operationErrors) CreateOperationContext(ctx context.Context, params *graphql.RawParams) (*graphql.OperationContext, gqlerror.List) {
	oc, errs := e.GraphExecutor.CreateOperationContext(ctx, params)
	return oc, wordRequestErrors(e.schema, params, oc, errs)
}

// wordRequestErrors returns the errors gqlgen gave the operation, reworded as operationErrors says.
func wordRequestErrors(schema *ast.Schema, params *graphql.RawParams, oc *graphql.OperationContext, errs gqlerror.List) gqlerror.List {
	if len(errs) == 0 || oc == nil || oc.Doc == nil {
		return errs
	}
	switch {
	case oc.Operation == nil:
		return gqlerror.List{operationNotFound(oc.Doc, params.OperationName)}
	case oc.Variables == nil: // gqlparser refused the variables; an extension's refusal has them
		if err := checkVariables(schema, oc.Operation, params.Variables); err != nil {
			return gqlerror.List{err}
		}
	}
	return errs
}

// operationNotFound says which operations the document holds, when operationName names none.
func operationNotFound(doc *ast.QueryDocument, name string) *gqlerror.Error {
	names := make([]string, 0, len(doc.Operations))
	for _, op := range doc.Operations {
		names = append(names, cmp.Or(op.Name, "(anonymous)"))
	}
	held := fmt.Sprintf("the document holds %d operations (%s)", len(names), strings.Join(names, ", "))
	var err *gqlerror.Error
	if name == "" {
		err = gqlerror.Errorf("%s: operationName must name the one to run", held)
	} else {
		err = gqlerror.Errorf("operationName %q names no operation: %s", name, held)
	}
	errcode.Set(err, errcode.ValidationFailed)
	return err
}

// getTransport is gqlgen's GET transport, which tells operationChecks that the request came
// with GET, and whose request errors operationErrors words.
type getTransport struct {
	transport.GET
	schema *ast.Schema
}

type getKey struct{}

func (t getTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	r = r.WithContext(context.WithValue(r.Context(), getKey{}, true))
	t.GET.Do(w, r, operationErrors{GraphExecutor: exec, schema: t.schema})
}

func viaGET(ctx context.Context) bool {
	v, _ := ctx.Value(getKey{}).(bool)
	return v
}

// persistedQueries is gqlgen's automatic persisted queries, whose refusals of a malformed
// extensions.persistedQuery say what is wrong, with BAD_REQUEST (400), where gqlgen's carry no
// code at all. A hash it does not know is still PERSISTED_QUERY_NOT_FOUND, which Apollo's
// clients answer by sending the query.
type persistedQueries struct {
	extension.AutomaticPersistedQuery
}

func (p persistedQueries) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	pq, present := params.Extensions["persistedQuery"]
	if !present || pq == nil {
		return nil
	}
	const form = `extensions.persistedQuery must be {"version": 1, "sha256Hash": "<the SHA-256 of the query, in lowercase hex>"}`
	bad := func(format string, a ...any) *gqlerror.Error {
		err := gqlerror.Errorf(format, a...)
		errcode.Set(err, string(apperr.BadRequest))
		return err
	}
	m, ok := pq.(map[string]any)
	if !ok {
		return bad("%s", form)
	}
	if v, ok := m["version"].(json.Number); !ok || v != "1" {
		return bad("extensions.persistedQuery.version must be 1, the only version of persisted queries this server knows")
	}
	hash, ok := m["sha256Hash"].(string)
	if !ok {
		return bad("%s", form)
	}
	if params.Query != "" {
		sum := sha256.Sum256([]byte(params.Query))
		if hex.EncodeToString(sum[:]) != hash {
			return bad("extensions.persistedQuery.sha256Hash is not the SHA-256 of the query: hash the query's exact text and write it in lowercase hex")
		}
	}
	if err := p.AutomaticPersistedQuery.MutateOperationParameters(ctx, params); err != nil {
		if _, coded := err.Extensions["code"]; !coded {
			errcode.Set(err, string(apperr.BadRequest))
		}
		return err
	}
	return nil
}
