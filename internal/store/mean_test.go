package store

import "testing"

func TestMean(t *testing.T) {
	tests := []struct {
		sum, n int64
		want   string
	}{
		{10, 4, "2.5"},
		{2, 3, "0.6667"},
		{1, 3, "0.3333"},
		{-2, 3, "-0.6667"},
		{5021050123, 4, "1255262530.75"},
		{1, 20000, "0.0001"}, // 0.00005 rounds half away from zero
		{900_000_000_000_000, 7, "128571428571428.5714"}, // would overflow if scaled before dividing
	}
	for _, tt := range tests {
		if got := mean(tt.sum, tt.n).String(); got != tt.want {
			t.Errorf("mean(%d, %d) = %s, want %s", tt.sum, tt.n, got, tt.want)
		}
	}
}
