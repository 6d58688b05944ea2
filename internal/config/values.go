package config

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Each function here makes a setting's set: it reads the setting's text into the field that
// field picks, or says what it wants instead.

func text(field func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error { *field(c) = v; return nil }
}

func oneOf(field func(*Config) *string, allowed ...string) func(*Config, string) error {
	return func(c *Config, v string) error {
		if !slices.Contains(allowed, v) {
			return fmt.Errorf("want %s, got %q", strings.Join(allowed, " or "), v)
		}
		*field(c) = v
		return nil
	}
}

// whole reads a whole number, min or more (0 or 1).
func whole(min int, field func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < min {
			if min > 0 {
				return fmt.Errorf("want a positive whole number, got %q", v)
			}
			return fmt.Errorf("want a whole number, 0 or more, got %q", v)
		}
		*field(c) = n
		return nil
	}
}

// size reads a number of bytes, min or more, such as 134217728, 128MiB or 1GiB.
func size(min int64, field func(*Config) *int64) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := bytesOf(v)
		if err != nil || n < min {
			return fmt.Errorf("want bytes, or a whole number with KiB, MiB or GiB, %d or more, got %q", min, v)
		}
		*field(c) = n
		return nil
	}
}

// duration reads a duration, 0 or more, such as 15s.
func duration(field func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return fmt.Errorf("want a duration such as 15s or 2m, or 0, got %q", v)
		}
		*field(c) = d
		return nil
	}
}

func positiveDuration(field func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("want a duration above 0 such as 2s or 500ms, got %q", v)
		}
		*field(c) = d
		return nil
	}
}

func boolean(field func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", v)
		}
		*field(c) = b
		return nil
	}
}

// list reads comma-separated items, trimmed, empty ones dropped.
func list(field func(*Config) *[]string) func(*Config, string) error {
	return func(c *Config, v string) error {
		*field(c) = items(v)
		return nil
	}
}

// headerNames reads comma-separated HTTP header names (RFC 9110 tokens).
func headerNames(field func(*Config) *[]string) func(*Config, string) error {
	return func(c *Config, v string) error {
		hs := items(v)
		for _, h := range hs {
			if !token(h) {
				return fmt.Errorf("%q is not a header name", h)
			}
		}
		*field(c) = hs
		return nil
	}
}

// token tells an RFC 9110 token: visible ASCII but for the separators.
func token(s string) bool {
	for _, r := range s {
		if r > 0x7e || r <= ' ' || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r) {
			return false
		}
	}
	return s != ""
}

// prefixes reads comma-separated addresses and CIDR ranges; an address is a range of one.
func prefixes(field func(*Config) *[]netip.Prefix) func(*Config, string) error {
	return func(c *Config, v string) error {
		var out []netip.Prefix
		for _, p := range items(v) {
			if !strings.Contains(p, "/") {
				a, err := netip.ParseAddr(p)
				if err != nil {
					return fmt.Errorf("%q is not an address or CIDR range", p)
				}
				p = netip.PrefixFrom(a, a.BitLen()).String()
			}
			pfx, err := netip.ParsePrefix(p)
			if err != nil {
				return fmt.Errorf("%q is not an address or CIDR range", p)
			}
			out = append(out, pfx.Masked())
		}
		*field(c) = out
		return nil
	}
}

func items(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// byteUnits are the units a size may be written in, largest first.
var byteUnits = []struct {
	suffix string
	bytes  int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}}

// bytesOf reads a size such as 134217728, 128MiB or 1GiB.
func bytesOf(s string) (int64, error) {
	num, unit := s, int64(1)
	for _, u := range byteUnits {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			num, unit = n, u.bytes
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	if err != nil || n < 0 || n > (1<<62)/unit {
		return 0, fmt.Errorf("want bytes, or a whole number with KiB, MiB or GiB, got %q", s)
	}
	return n * unit, nil
}

// sizeText writes a size as bytesOf reads it, in the largest unit that divides it.
func sizeText(n int64) string {
	for _, u := range byteUnits {
		if n != 0 && n%u.bytes == 0 {
			return fmt.Sprintf("%d%s", n/u.bytes, u.suffix)
		}
	}
	return strconv.FormatInt(n, 10)
}
