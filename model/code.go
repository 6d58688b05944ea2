package model

import (
	"fmt"
	"strings"
)

// NormalizeCode turns a statistical division code, given in full (12 digits) or as its
// significant prefix (2, 4, 6 or 9 digits), into the 12-digit form.
func NormalizeCode(code string) (string, error) {
	code = strings.TrimSpace(code)
	switch len(code) {
	case 2, 4, 6, 9, 12:
	default:
		return "", fmt.Errorf("code %q: want 12 digits, or a prefix of 2, 4, 6 or 9 digits", code)
	}
	if !digitsOnly(code) {
		return "", fmt.Errorf("code %q: want digits only", code)
	}
	return code + strings.Repeat("0", 12-len(code)), nil
}
