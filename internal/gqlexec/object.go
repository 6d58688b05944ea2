package gqlexec

import (
	"bytes"
	"io"
	"slices"

	"github.com/99designs/gqlgen/graphql"
)

// Object returns an object's resolved fields (set, collected as fields) as what the executor
// writes: the JSON object that set.MarshalGQL would write, byte for byte, without the closures
// and the copy of each field that FieldSet.MarshalGQL allocates for every object. Call it once
// the set is dispatched.
func Object(fields []graphql.CollectedField, set *graphql.FieldSet) graphql.Marshaler {
	return object{fields: fields, values: set.Values}
}

type object struct {
	fields []graphql.CollectedField
	values []graphql.Marshaler
}

func (o object) MarshalGQL(w io.Writer) {
	// The executor writes into a bytes.Buffer: each key, with the brace or comma before it, is
	// appended to the buffer's spare room and written at once, where four io.WriteString calls
	// each cost an interface check and a call (a tenth of a nested page's instructions).
	buf, _ := w.(*bytes.Buffer)
	sep := byte('{')
	for i := range o.fields {
		alias := o.fields[i].Alias
		if slices.ContainsFunc(o.fields[:i], func(f graphql.CollectedField) bool { return f.Alias == alias }) {
			continue // as FieldSet does: the first of a repeated key
		}
		// An alias is a GraphQL name ([_A-Za-z][_0-9A-Za-z]*): nothing in it to escape.
		if buf != nil {
			buf.Write(append(append(append(buf.AvailableBuffer(), sep, '"'), alias...), '"', ':'))
		} else {
			_, _ = io.WriteString(w, string(sep)+`"`+alias+`":`)
		}
		sep = ','
		o.values[i].MarshalGQL(w)
	}
	if sep == '{' { // no fields
		_, _ = io.WriteString(w, "{")
	}
	_, _ = io.WriteString(w, "}")
}
