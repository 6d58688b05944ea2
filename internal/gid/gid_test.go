package gid_test

import (
	"encoding/base64"
	"errors"
	"math"
	"testing"

	"github.com/aidgraph/aidgraph/internal/gid"
)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	tests := []struct {
		typ string
		id  int64
	}{
		{"Region", 1},
		{"Project", 42},
		{"Household", 1234567},
		{"AidRecord", math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			enc := gid.Encode(tt.typ, tt.id)
			typ, id, err := gid.Decode(enc)
			if err != nil {
				t.Fatalf("Decode(Encode(%q, %d)) = %q: %v", tt.typ, tt.id, enc, err)
			}
			if typ != tt.typ || id != tt.id {
				t.Errorf("Decode(Encode(%q, %d)) = %q, %d", tt.typ, tt.id, typ, id)
			}
		})
	}
}

// TestEncodeIsStable pins the ids clients hold: base64url, unpadded, of "Type:rowID".
func TestEncodeIsStable(t *testing.T) {
	long := "AVeryLongTypeNameThatDoesNotFitTheSixtyFourBytesOfTheStackBufferAtAll"
	tests := []struct {
		typ  string
		id   int64
		want string
	}{
		{"Project", 42, "UHJvamVjdDo0Mg"},
		{"County", 3, "Q291bnR5OjM"},
		{"Region", math.MaxInt64, base64.RawURLEncoding.EncodeToString([]byte("Region:9223372036854775807"))},
		{long, 7, base64.RawURLEncoding.EncodeToString([]byte(long + ":7"))},
	}
	for _, tt := range tests {
		if got := gid.Encode(tt.typ, tt.id); got != tt.want {
			t.Errorf("Encode(%q, %d) = %q, want %q", tt.typ, tt.id, got, tt.want)
		}
	}
}

func TestEncodeIsURLSafe(t *testing.T) {
	// Ids travel in URLs and JSON unescaped: no padding, no '+' or '/'.
	for _, typ := range []string{"Region", "Project", "A", "AB", "ABC", "\xff\xfe"} {
		for _, id := range []int64{1, 63, 999, math.MaxInt64} {
			enc := gid.Encode(typ, id)
			for _, r := range enc {
				if r == '=' || r == '+' || r == '/' {
					t.Errorf("Encode(%q, %d) = %q contains %q", typ, id, enc, r)
				}
			}
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name, id string
	}{
		{"empty", ""},
		{"not base64url", "!!not-an-id!!"},
		{"padded standard base64", base64.StdEncoding.EncodeToString([]byte("Region:1"))},
		{"missing colon", b64("Region1")},
		{"empty type", b64(":1")},
		{"empty id", b64("Region:")},
		{"non-numeric id", b64("Region:abc")},
		{"fractional id", b64("Region:1.5")},
		{"zero id", b64("Region:0")},
		{"negative id", b64("Region:-3")},
		{"id with a plus sign", b64("Region:+1")},
		{"id with a leading zero", b64("Region:01")},
		// "County:4" is Q291bnR5OjQ; base64 ignores the spare bits of the last character.
		{"spare bits set", "Q291bnR5OjR"},
		{"other spare bits set", "Q291bnR5OjT"},
		{"id overflows int64", b64("Region:9223372036854775808")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			typ, id, err := gid.Decode(tt.id)
			if err == nil {
				t.Fatalf("Decode(%q) = %q, %d, nil; want an error", tt.id, typ, id)
			}
			if !errors.Is(err, gid.ErrMalformed) {
				t.Errorf("Decode(%q) error %v does not wrap ErrMalformed", tt.id, err)
			}
		})
	}
}
