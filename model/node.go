package model

import "github.com/aidgraph/aidgraph/internal/gid"

// Node is any object with a global id (the GraphQL Node interface). Methods use value receivers
// so that gqlgen's generated type switches accept both values and pointers.
type Node interface {
	ID() string
}

// Named is any object with a name (the GraphQL Named interface): what a figure is about and the
// parties to a pairing.
type Named interface {
	Node
	isNamed()
}

func (s School) ID() string     { return gid.Encode(TypeSchool, s.RowID) }
func (h Hospital) ID() string   { return gid.Encode(TypeHospital, h.RowID) }
func (c Collective) ID() string { return gid.Encode(TypeCollective, c.RowID) }
func (p Program) ID() string    { return gid.Encode(TypeProgram, p.RowID) }
func (p Project) ID() string    { return gid.Encode(TypeProject, p.RowID) }
func (f Fund) ID() string       { return gid.Encode(TypeFund, f.RowID) }
func (p Pairing) ID() string    { return gid.Encode(TypePairing, p.RowID) }
func (f Figure) ID() string     { return gid.Encode(TypeFigure, f.RowID) }
func (s Source) ID() string     { return gid.Encode(TypeSource, s.RowID) }

func (School) isNamed()     {}
func (Hospital) isNamed()   {}
func (Collective) isNamed() {}
func (Program) isNamed()    {}
func (Project) isNamed()    {}
func (Fund) isNamed()       {}
func (Pairing) isNamed()    {}

// NamesOf returns a named object's names, Chinese and English (nil where none is known); for
// a pairing, which takes its names from its parties, it returns "" and nil.
func NamesOf(n Named) (string, *string) {
	switch v := n.(type) {
	case Region:
		d := v.Division()
		return d.Name, d.NameEn
	case *School:
		return v.Name, v.NameEn
	case *Hospital:
		return v.Name, v.NameEn
	case *Collective:
		return v.Name, v.NameEn
	case *Program:
		return v.Name, &v.NameEn
	case *Project:
		return v.Name, v.NameEn
	case *Fund:
		return v.Name, v.NameEn
	}
	return "", nil
}

// PairingNames names a pairing from its parties' names, as the article does (郑州市结对帮扶卢氏县);
// the English name needs both parties' English names.
func PairingNames(helper, helped Named) (string, *string) {
	zh1, en1 := NamesOf(helper)
	zh2, en2 := NamesOf(helped)
	if en1 == nil || en2 == nil {
		return zh1 + "结对帮扶" + zh2, nil
	}
	en := *en1 + " helping " + *en2
	return zh1 + "结对帮扶" + zh2, &en
}
