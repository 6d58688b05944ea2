package config

import "testing"

// TestSizeText checks that a default written by sizeText reads back as the same size.
func TestSizeText(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0"},
		{1000, "1000"},
		{1 << 10, "1KiB"},
		{32 << 20, "32MiB"},
		{3 << 29, "1536MiB"},
		{2 << 30, "2GiB"},
	}
	for _, tt := range tests {
		got := sizeText(tt.n)
		if got != tt.want {
			t.Errorf("sizeText(%d) = %q, want %q", tt.n, got, tt.want)
		}
		if back, err := bytesOf(got); err != nil || back != tt.n {
			t.Errorf("bytesOf(%q) = %d, %v; want %d", got, back, err, tt.n)
		}
	}
}
