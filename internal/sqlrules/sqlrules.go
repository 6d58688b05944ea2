// Package sqlrules holds the rules that keep aidgraph's SQL runnable on TiDB as well as MySQL
// and MariaDB: what TiDB does not run, or runs differently. The TiDB test applies them to every
// migration and to every statement the store issues under a test workload.
package sqlrules

import (
	"regexp"
	"strings"
	"sync"
)

// A Rule is one thing TiDB does not run, or runs differently, with why.
type Rule struct {
	Name    string
	Pattern *regexp.Regexp
	Why     string
	// Only and Unless narrow the rule: it is broken only by statements Only matches (if set),
	// and never by those Unless matches (if set).
	Only, Unless *regexp.Regexp
}

// Rules apply to every statement, migrations' and the store's alike.
var Rules = []Rule{
	{"trigger", regexp.MustCompile(`(?i)\bCREATE\s+(DEFINER\s*=\s*\S+\s+)?TRIGGER\b`), "TiDB has no triggers: keep derived data in Go, in the write's transaction", nil, nil},
	{"procedure", regexp.MustCompile(`(?i)\bCREATE\s+(DEFINER\s*=\s*\S+\s+)?(PROCEDURE|FUNCTION|EVENT)\b|\bCALL\s+\w+\s*\(`), "TiDB has no stored procedures, functions or events", nil, nil},
	{"fulltext", regexp.MustCompile(`(?i)\bFULLTEXT\b|\bMATCH\s*\([^)]*\)\s*AGAINST\b`), "TiDB self-managed parses FULLTEXT but cannot use it", nil, nil},
	{"spatial", regexp.MustCompile(`(?i)\bSPATIAL\b|\b(GEOMETRY|POINT|POLYGON)\s*(NOT\s+NULL|NULL|,|\))`), "TiDB has no spatial types or indexes", nil, nil},
	{"lock tables", regexp.MustCompile(`(?i)\bLOCK\s+TABLES?\b|\bUNLOCK\s+TABLES\b`), "TiDB ignores LOCK TABLES unless enabled: use transactions", nil, nil},
	{"shared lock", regexp.MustCompile(`(?i)\bLOCK\s+IN\s+SHARE\s+MODE\b|\bFOR\s+SHARE\b|\bSKIP\s+LOCKED\b|\bNOWAIT\b`), "TiDB's pessimistic mode does not take shared locks (it ignores them or refuses), nor SKIP LOCKED", nil, nil},
	// SELECT ... FOR UPDATE is not a rule: in TiDB's pessimistic transactions (its default, which
	// README's "Running on TiDB" requires) it locks the rows read as InnoDB does under READ
	// COMMITTED, which every aidgraph connection runs, so nothing relies on gap locks TiDB lacks.
	// What would differ is FOR UPDATE with NOWAIT or SKIP LOCKED, refused above, or of a
	// subquery, refused here.
	{"for update in a subquery", regexp.MustCompile(`(?i)\(\s*SELECT\b[^()]*\bFOR\s+UPDATE\b`), "TiDB does not lock the rows of a subquery's FOR UPDATE", nil, nil},
	{"auto_increment order", regexp.MustCompile(`(?i)\bORDER\s+BY\s+(\w+\.)?id\s+DESC\s+LIMIT\s+1\b|\bLAST_INSERT_ID\s*\(\s*\)\s*(-|\+)|\bAUTO_INCREMENT\s*=`), "TiDB hands AUTO_INCREMENT ids out in blocks per server: the highest id is not the latest row", nil, nil},
	{"collation", regexp.MustCompile(`(?i)\bCREATE\s+TABLE\b`), "a table of text without an explicit collation compares it by the server's default, which differs on TiDB (utf8mb4_bin)",
		regexp.MustCompile(`(?i)\b(VAR)?CHAR\b|\bTEXT\b`), regexp.MustCompile(`(?i)\bCOLLATE\b`)},
	{"delimiter", regexp.MustCompile(`(?i)^\s*DELIMITER\b|\bBEGIN\s+(NOT\s+)?ATOMIC\b`), "compound statements belong to triggers and procedures, which TiDB lacks", nil, nil},
}

// A Violation is a statement that breaks a rule.
type Violation struct {
	Rule      Rule
	Statement string
}

// Check returns the rules that sql breaks.
func Check(sql string) []Violation {
	var out []Violation
	for _, r := range Rules {
		if r.Pattern.MatchString(sql) && (r.Only == nil || r.Only.MatchString(sql)) && (r.Unless == nil || !r.Unless.MatchString(sql)) {
			out = append(out, Violation{r, sql})
		}
	}
	return out
}

// Up returns the statements of a goose migration's Up section, which is what runs on a new
// database (Down only undoes it).
func Up(migration string) []string {
	var out []string
	var cur strings.Builder
	up := false
	for _, line := range strings.Split(migration, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "-- +goose Up"):
			up = true
			continue
		case strings.HasPrefix(t, "-- +goose Down"):
			up = false
			continue
		case !up || strings.HasPrefix(t, "--") || t == "":
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}

// maxShapes bounds the statements a Collector keeps: one per shape (literals replaced by ?).
const maxShapes = 50000

var literals = regexp.MustCompile(`'(?:[^'\\]|\\.|'')*'|\b\d+(\.\d+)?\b`)

// A Collector checks statements as they run, once per shape, and keeps what broke a rule.
type Collector struct {
	mu         sync.Mutex
	seen       map[string]bool
	violations []Violation
	Statements int // statements seen
}

// NewCollector returns an empty Collector.
func NewCollector() *Collector { return &Collector{seen: map[string]bool{}} }

// Add checks one statement.
func (c *Collector) Add(sql string) {
	shape := literals.ReplaceAllString(sql, "?")
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Statements++
	if c.seen[shape] || len(c.seen) >= maxShapes {
		return
	}
	c.seen[shape] = true
	c.violations = append(c.violations, Check(sql)...)
}

// Shapes is the number of distinct statements checked.
func (c *Collector) Shapes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen)
}

// Violations returns what broke a rule.
func (c *Collector) Violations() []Violation {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Violation(nil), c.violations...)
}
