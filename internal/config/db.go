package config

import (
	"cmp"
	"flag"
)

// DefaultDB is the database the server and its commands (keys, import) use unless told.
const DefaultDB = "sqlite:aidgraph.db"

// DefaultSyntheticDB is the database `aidgraph seed` fills unless told: seed wants an empty
// database, and DefaultDB holds the article's data once the server has started on it.
const DefaultSyntheticDB = "sqlite:aidgraph-synthetic.db"

// DBFlag gives a command other than the server the server's --db setting: the same flag,
// variable and help, and def as its default (DefaultDB, or DefaultSyntheticDB for seed).
func DBFlag(fs *flag.FlagSet, getenv func(string) string, def string) *string {
	return fs.String(dbSetting.flag, cmp.Or(getenv(dbSetting.env), def), dbSetting.help())
}
