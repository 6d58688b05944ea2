package apperr

import (
	"errors"
	"strings"
)

// Conflict: an update or delete that names a version other than the row's current one: someone
// changed it since the client read it. Nothing was written; extensions.currentVersion says
// which version to read again.
const Conflict Code = "CONFLICT"

// AlreadyExists: an input whose natural key (a school's name in its region, a source's URL, a
// village's code, ...) another row already has. Nothing was written; the message names it.
const AlreadyExists Code = "ALREADY_EXISTS"

// List is every error a mutation's input has, one per field, so that a client fixes them all
// at once. Nothing is written when there is one.
type List []*Error

func (l List) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Argument + ": " + e.Message
	}
	return strings.Join(msgs, "; ")
}

// Add appends an error with code c about the input field at path.
func (l *List) Add(c Code, path, format string, a ...any) {
	*l = append(*l, New(c, path, format, a...))
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Detailed is an error that carries extensions besides its code and argument.
type Detailed interface {
	error
	Details() map[string]any
}

// VersionConflict is a Conflict with the row's current version.
type VersionConflict struct {
	Err     *Error
	Current int
}

func (c *VersionConflict) Error() string { return c.Err.Message }

// Details gives the current version to the client.
func (c *VersionConflict) Details() map[string]any {
	return map[string]any{"currentVersion": c.Current}
}

// Unwrap lets As find the coded error.
func (c *VersionConflict) Unwrap() error { return c.Err }

// ListOf returns the errors of err: each of a List, or err alone.
func ListOf(err error) []error {
	var l List
	if errors.As(err, &l) {
		out := make([]error, len(l))
		for i, e := range l {
			out[i] = e
		}
		return out
	}
	return []error{err}
}
