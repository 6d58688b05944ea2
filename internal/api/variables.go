package api

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// checkVariables holds the variables' values to the specification's input coercion, which
// gqlparser's is looser than: it takes a JSON number for a String ({"c": 5} as "5"), a string of
// digits for an Int, an enum value in any case (which the generated code then fails to read,
// an internal error), and an Int past 32 bits. Each of those, and the values gqlparser refuses
// with a message that says little (1.5 for an Int: "cannot use value 0 as Int"), is refused here
// as a request error naming the variable, the path inside it and what the type accepts, in the
// words of the reference implementation (graphql-js). Custom scalars are left to their own
// parsers (model/scalars.go), a null and a missing field to gqlparser.
//
// vars is either what gqlparser coerced (its top-level Int and Float numbers as int64 and
// float64) or what the client sent (JSON decoded with UseNumber). Nothing is allocated unless
// a value is refused.
func checkVariables(schema *ast.Schema, op *ast.OperationDefinition, vars map[string]any) *gqlerror.Error {
	for _, d := range op.VariableDefinitions {
		v, ok := vars[d.Variable]
		if !ok || v == nil {
			continue
		}
		if bad := checkValue(schema, d.Type, v); bad != nil {
			return bad.error(d.Variable)
		}
	}
	return nil
}

// badValue is a value refused: why, and where, the innermost step first.
type badValue struct {
	reason string
	value  any
	path   []any // field names and list indexes, innermost first
}

func (b *badValue) at(step any) *badValue {
	b.path = append(b.path, step)
	return b
}

// error is the request error for variable name: the path as gqlparser gives it (variable, name,
// then the steps inside), and the message graphql-js would give.
func (b *badValue) error(name string) *gqlerror.Error {
	path := ast.Path{ast.PathName("variable"), ast.PathName(name)}
	inner := []string{name}
	for _, step := range slices.Backward(b.path) {
		switch s := step.(type) {
		case int:
			path = append(path, ast.PathIndex(s))
		case string:
			path = append(path, ast.PathName(s))
		}
		inner = append(inner, fmt.Sprint(step))
	}
	at := ""
	if len(inner) > 1 {
		at = fmt.Sprintf(" at %q", strings.Join(inner, "."))
	}
	err := &gqlerror.Error{
		Message: fmt.Sprintf("Variable %q got invalid value %s%s; %s", "$"+name, shown(b.value), at, b.reason),
		Path:    path,
	}
	errcode.Set(err, errcode.ValidationFailed)
	return err
}

// checkValue checks v, not null, against typ.
func checkValue(schema *ast.Schema, typ *ast.Type, v any) *badValue {
	if typ.Elem != nil {
		// A single value stands for a list of one. gqlparser may have made that list already,
		// of the value's own Go type.
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice {
			for i := range rv.Len() {
				if item := rv.Index(i).Interface(); item != nil {
					if bad := checkValue(schema, typ.Elem, item); bad != nil {
						return bad.at(i)
					}
				}
			}
			return nil
		}
		return checkValue(schema, typ.Elem, v)
	}
	def := schema.Types[typ.NamedType]
	if def == nil {
		return nil
	}
	switch def.Kind {
	case ast.Enum:
		return checkEnum(def, v)
	case ast.InputObject:
		m, ok := v.(map[string]any)
		if !ok {
			return nil // gqlparser refuses it
		}
		for _, f := range def.Fields {
			if x, ok := m[f.Name]; ok && x != nil {
				if bad := checkValue(schema, f.Type, x); bad != nil {
					return bad.at(f.Name)
				}
			}
		}
	case ast.Scalar:
		return checkScalar(def.Name, v)
	}
	return nil
}

// checkEnum requires one of the enum's values, exactly as the schema writes it.
func checkEnum(def *ast.Definition, v any) *badValue {
	s, ok := v.(string)
	if ok && def.EnumValues.ForName(s) != nil {
		return nil
	}
	if !ok {
		return &badValue{value: v, reason: fmt.Sprintf("Enum %q cannot represent non-string value: %s.", def.Name, shown(v))}
	}
	reason := fmt.Sprintf("Value %q does not exist in %q enum.", s, def.Name)
	for _, e := range def.EnumValues {
		if strings.EqualFold(e.Name, s) {
			reason += fmt.Sprintf(" Did you mean the enum value %q?", e.Name)
			break
		}
	}
	return &badValue{value: v, reason: reason}
}

// checkScalar holds v to the input coercion of the built-in scalars; custom scalars parse
// themselves.
func checkScalar(name string, v any) *badValue {
	bad := func(format string) *badValue { return &badValue{value: v, reason: fmt.Sprintf(format, shown(v))} }
	switch name {
	case "String":
		if _, ok := v.(string); !ok {
			return bad("String cannot represent a non string value: %s")
		}
	case "Boolean":
		if _, ok := v.(bool); !ok {
			return bad("Boolean cannot represent a non boolean value: %s")
		}
	case "Float":
		switch v.(type) {
		case json.Number, float64, float32, int64, int, int32:
		default:
			return bad("Float cannot represent non numeric value: %s")
		}
	case "ID":
		switch n := v.(type) {
		case string, int64, int, int32:
		case json.Number:
			if _, err := strconv.ParseInt(string(n), 10, 64); err != nil {
				return bad("ID cannot represent value: %s")
			}
		default:
			return bad("ID cannot represent value: %s")
		}
	case "Int":
		var f float64
		switch n := v.(type) {
		case json.Number:
			i, err := strconv.ParseInt(string(n), 10, 64)
			if err == nil {
				f = float64(i)
				break
			}
			if g, ferr := n.Float64(); ferr == nil && g == math.Trunc(g) && !math.IsInf(g, 0) {
				return bad("Int cannot represent %s: write an integer without a fraction or exponent")
			}
			if _, ferr := n.Float64(); ferr == nil && !strings.ContainsAny(string(n), ".eE") {
				f = math.Inf(1) // digits past int64
				break
			}
			return bad("Int cannot represent non-integer value: %s")
		case int64:
			f = float64(n)
		case int:
			f = float64(n)
		case int32:
			f = float64(n)
		case float64:
			if n != math.Trunc(n) {
				return bad("Int cannot represent non-integer value: %s")
			}
			f = n
		default:
			return bad("Int cannot represent non-integer value: %s")
		}
		if f < math.MinInt32 || f > math.MaxInt32 {
			return bad("Int cannot represent non 32-bit signed integer value: %s")
		}
	}
	return nil
}

// shown writes a refused value as JSON, clipped: the message must not echo a megabyte.
func shown(v any) string {
	const most = 60
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if s := string(b); len(s) > most {
		return strings.ToValidUTF8(s[:most], "") + "…"
	}
	return string(b)
}
