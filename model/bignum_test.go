package model

import (
	"math/big"
	"testing"
)

func TestMeanOf(t *testing.T) {
	tests := []struct {
		sum  string
		n    int64
		want string
	}{
		{"10", 4, "2.5"},
		{"2", 3, "0.6667"},
		{"1", 3, "0.3333"},
		{"-2", 3, "-0.6667"},
		{"5021050123", 4, "1255262530.75"},
		{"1", 20000, "0.0001"}, // 0.00005 rounds half away from zero
		{"-1", 20000, "-0.0001"},
		{"900000000000000", 7, "128571428571428.5714"},
		{"9007199254740991", 1, "9007199254740991"},                              // past a Decimal's range (defect 2)
		{"19223372036854775807", 3, "6407790678951591935.6667"},                  // past 2^63 (defect 13)
		{"-19223372036854775807", 3, "-6407790678951591935.6667"},                // negative, rounded away from zero
		{"123456789012345678901234567890", 1, "123456789012345678901234567890"},  // any size
		{"123456789012345678901234567891", 2, "61728394506172839450617283945.5"}, // exact halves stay
		{"1", 3_000_000_000_000_000_000 / 1_000_000_000_000, "0"},                // 1/3e6 rounds to 0
	}
	for _, tt := range tests {
		sum, _ := new(big.Int).SetString(tt.sum, 10)
		if got := MeanOf(sum, tt.n).String(); got != tt.want {
			t.Errorf("MeanOf(%s, %d) = %s, want %s", tt.sum, tt.n, got, tt.want)
		}
	}
}
