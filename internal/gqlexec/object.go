package gqlexec

import (
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
	_, _ = io.WriteString(w, "{")
	first := true
	for i := range o.fields {
		alias := o.fields[i].Alias
		if slices.ContainsFunc(o.fields[:i], func(f graphql.CollectedField) bool { return f.Alias == alias }) {
			continue // as FieldSet does: the first of a repeated key
		}
		if !first {
			_, _ = io.WriteString(w, ",")
		}
		first = false
		// An alias is a GraphQL name ([_A-Za-z][_0-9A-Za-z]*): nothing in it to escape.
		_, _ = io.WriteString(w, `"`)
		_, _ = io.WriteString(w, alias)
		_, _ = io.WriteString(w, `":`)
		o.values[i].MarshalGQL(w)
	}
	_, _ = io.WriteString(w, "}")
}
