package model

import "testing"

func TestTypeList(t *testing.T) {
	kind := func(types ...string) []Kind {
		var ks []Kind
		for _, typ := range types {
			k, _ := KindOfType(typ)
			ks = append(ks, *k)
		}
		return ks
	}
	tests := []struct {
		kinds []Kind
		conj  string
		want  string
	}{
		{nil, "or", ""},
		{kind(TypeSchool), "or", "School"},
		{kind(TypeSchool, TypeSource), "and", "School and Source"},
		{ImportableKinds(), "or", "School, Hospital, Project, Figure or Source"},
	}
	for _, tt := range tests {
		if got := TypeList(tt.kinds, tt.conj); got != tt.want {
			t.Errorf("TypeList(%v, %q) = %q, want %q", TypesOf(tt.kinds), tt.conj, got, tt.want)
		}
	}
}

func TestDecimalIsWhole(t *testing.T) {
	for s, want := range map[string]bool{"0": true, "337000000": true, "18.9": false, "0.0001": false, "-2": true} {
		d, err := ParseDecimal(s)
		if err != nil {
			t.Fatal(err)
		}
		if d.IsWhole() != want {
			t.Errorf("%s whole: %v, want %v", s, d.IsWhole(), want)
		}
	}
}
