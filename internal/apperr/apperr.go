// Package apperr defines the errors aidgraph shows its clients, each with a stable,
// machine-readable code that the GraphQL layer puts in `extensions.code`.
package apperr

import (
	"errors"
	"fmt"
)

// Code is the machine-readable kind of a client-facing error.
type Code string

// The codes a client can meet, besides gqlgen's own GRAPHQL_PARSE_FAILED and
// GRAPHQL_VALIDATION_FAILED. README.md lists them.
const (
	// InvalidArgument: an argument is well-typed but not acceptable (first: -1, a bad code).
	InvalidArgument Code = "INVALID_ARGUMENT"
	// InvalidCursor: an after/before cursor that aidgraph did not issue.
	InvalidCursor Code = "INVALID_CURSOR"
	// InvalidID: a global id that aidgraph could not have issued.
	InvalidID Code = "INVALID_ID"
	// NotFound: a well-formed id or code that names nothing.
	NotFound Code = "NOT_FOUND"
	// TooComplex: an operation that could return more than the server's cost limit.
	TooComplex Code = "QUERY_TOO_COMPLEX"
	// TooDeep: an operation whose fields nest deeper than the server allows.
	TooDeep Code = "QUERY_TOO_DEEP"
	// TooManyAliases: an operation that renames more fields than the server allows.
	TooManyAliases Code = "TOO_MANY_ALIASES"
	// TooManyRootFields: an operation with more top-level fields than the server allows.
	TooManyRootFields Code = "TOO_MANY_ROOT_FIELDS"
	// TooManyDirectives: an operation that applies more directives than the server allows.
	TooManyDirectives Code = "TOO_MANY_DIRECTIVES"
	// RateLimited: a client whose budget of points cannot pay for the operation (HTTP 429).
	RateLimited Code = "RATE_LIMITED"
	// Timeout: a request that ran past the server's time limit; what it had not read is null.
	Timeout Code = "TIMEOUT"
	// Unavailable: the database (or the server, at capacity) cannot answer now; try again.
	Unavailable Code = "SERVICE_UNAVAILABLE"
	// BadRequest: a request body that is not one JSON object of well-typed parameters (HTTP 400).
	BadRequest Code = "BAD_REQUEST"
	// TooLarge: a request body over the server's limit (HTTP 413).
	TooLarge Code = "REQUEST_TOO_LARGE"
	// RequestTimeout: a request body that did not arrive in time (HTTP 408).
	RequestTimeout Code = "REQUEST_TIMEOUT"
	// UnsupportedMedia: a POST whose body is not JSON (HTTP 415).
	UnsupportedMedia Code = "UNSUPPORTED_MEDIA_TYPE"
	// MethodNotAllowed: a mutation sent with GET, which only runs queries (HTTP 405).
	MethodNotAllowed Code = "METHOD_NOT_ALLOWED"
	// Canceled: the client closed the request before its answer was ready; no one reads it, but
	// metrics and logs must not count it as the server's failure.
	Canceled Code = "CANCELED"
	// Unauthenticated: a request without a key where one is needed, or with a key that is
	// malformed, unknown or revoked (HTTP 401 when the request itself is refused).
	Unauthenticated Code = "UNAUTHENTICATED"
	// Forbidden: a key whose role may not do what the request asks.
	Forbidden Code = "FORBIDDEN"
	// Internal: a failure on aidgraph's side; details are logged, not shown.
	Internal Code = "INTERNAL_SERVER_ERROR"
)

// BadBody says what a request body must be, for the BadRequest of one that is not.
const BadBody = "the request body is not a JSON object of the form {\"query\": \"...\", \"variables\": {...}}: " +
	"query and operationName strings, variables and extensions objects"

// Error is a client-facing error: a code, a message for people, and the argument at fault.
type Error struct {
	Code     Code
	Message  string
	Argument string // name of the offending argument, if one is at fault
}

func (e *Error) Error() string { return e.Message }

// New returns an error with code c, naming argument arg (which may be empty).
func New(c Code, arg, format string, a ...any) *Error {
	return &Error{Code: c, Argument: arg, Message: fmt.Sprintf(format, a...)}
}

// As returns the client-facing error in err's chain, if there is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
