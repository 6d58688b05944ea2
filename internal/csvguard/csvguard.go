// Package csvguard owns the guard that keeps spreadsheets from running text as a formula: the CSV
// download writes it (internal/api/csv.go) and the import undoes exactly it (internal/edit).
package csvguard

import "strings"

// Triggers are the characters at the start of a cell that make a spreadsheet read it as a
// formula (OWASP's advice on CSV injection): =, +, -, @, a tab and a carriage return.
const Triggers = "=+-@\t\r"

// Mark is what the guard puts before such a cell.
const Mark = "'"

// Guard returns text as a CSV cell: prefixed with Mark when it starts with one of Triggers.
func Guard(text string) string {
	if text != "" && strings.ContainsRune(Triggers, rune(text[0])) {
		return Mark + text
	}
	return text
}

// Unguard undoes Guard: it drops Mark only where Guard put it, before one of Triggers, and
// leaves every other cell as it is ("'s-Hertogenbosch", "'quoted'").
func Unguard(cell string) string {
	if rest, ok := strings.CutPrefix(cell, Mark); ok && rest != "" && strings.ContainsRune(Triggers, rune(rest[0])) {
		return rest
	}
	return cell
}
