package csvguard

import "testing"

// TestUnguardUndoesGuard: what the download writes, the import reads back as it was, and a
// leading ' that the guard did not write is kept.
func TestUnguardUndoesGuard(t *testing.T) {
	for _, tt := range []struct{ text, cell string }{
		{"", ""},
		{"城关镇第一小学", "城关镇第一小学"},
		{"=1+1", "'=1+1"},
		{"+86 398", "'+86 398"},
		{"-5", "'-5"},
		{"@home", "'@home"},
		{"\tindented", "'\tindented"},
		{"\rline", "'\rline"},
		{"'s-Hertogenbosch", "'s-Hertogenbosch"},
		{"'quoted'", "'quoted'"},
		{"'", "'"},
		{"a=b", "a=b"},
	} {
		if got := Guard(tt.text); got != tt.cell {
			t.Errorf("Guard(%q) = %q, want %q", tt.text, got, tt.cell)
		}
		if got := Unguard(tt.cell); got != tt.text {
			t.Errorf("Unguard(%q) = %q, want %q", tt.cell, got, tt.text)
		}
	}
}
