package model

import "github.com/aidgraph/aidgraph/internal/gid"

// Node is any object with a global id (the GraphQL Node interface). Methods use value receivers
// so that gqlgen's generated type switches accept both values and pointers.
type Node interface {
	ID() string
}

// PairingParty is a party to a pairing: a region, a school, a hospital or a collective.
type PairingParty interface {
	Node
	isPairingParty()
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

func (School) isPairingParty()     {}
func (Hospital) isPairingParty()   {}
func (Collective) isPairingParty() {}
