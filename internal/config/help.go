package config

import (
	"fmt"
	"io"
)

// usage prints --help: what aidgraph is, its commands, and each setting with what it takes,
// its variable and its default.
func usage(w io.Writer) {
	fmt.Fprint(w, `aidgraph serves the Zhengzhou–Lushi aid record as a GraphQL API.

Usage:
  aidgraph [flags]                        serve (go run . serves the article's data on SQLite)
  aidgraph seed --synthetic small|national --db DB
                                          fill an empty database with synthetic data, for benchmarks
  aidgraph schema                         print the schema as one SDL file (examples/schema.graphql)
  aidgraph keys create --name NAME --role reader|editor|admin [--db DB]
                                          make an API key; it is printed once, and only its hash kept
  aidgraph keys list [--db DB]            list the keys: name, role, created, last used, revoked
  aidgraph keys revoke --name NAME [--db DB]
                                          revoke a key: refused from the next request on
  aidgraph import [--dry-run] [--db DB] FILE
                                          load rows from CSV or JSON (aidgraph import --help lists
                                          the types): all rows or none, each bad row named
  aidgraph operations add [--name NAME] [--replace] [--db DB] FILE
                                          register a named operation (a .graphql file) for trusted
                                          documents, GET /op/NAME and /mcp
  aidgraph operations list [--db DB]      list the registered operations: name, id, description

Flags (each also read from the environment variable shown; the flag wins):
`)
	for _, s := range settings {
		def := s.defaultText()
		if s.defNote != "" {
			def += ": here " + s.def
		}
		fmt.Fprintf(w, "  --%s %s\n        %s\n        (env %s; default %s)\n", s.flag, s.kind, s.usage, s.env, def)
	}
}

// defaultText is the default as the README's settings table states it ("(none)" aside).
func (s setting) defaultText() string {
	switch {
	case s.def == "":
		return "none"
	case s.defNote != "":
		return s.defNote
	default:
		return s.def
	}
}
