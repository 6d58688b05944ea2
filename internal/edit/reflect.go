package edit

import "reflect"

// columnOf reads a field of a row (a pointer to a struct), following a pointer; nil when absent.
func columnOf(row any, field string) any {
	v := reflect.ValueOf(row).Elem().FieldByName(field)
	if !v.IsValid() {
		return nil
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	return v.Interface()
}
