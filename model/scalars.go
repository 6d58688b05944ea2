package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/aidgraph/aidgraph/internal/apperr"
)

// Decimal is an exact decimal number held as an integer count of ten-thousandths, so that it
// compares and sorts as a plain BIGINT in SQL. 18.9 is Decimal(189000).
type Decimal int64

// decimalScale is the number of ten-thousandths in one.
const decimalScale = 10000

// IsWhole tells whether d has no fractional part.
func (d Decimal) IsWhole() bool { return int64(d)%decimalScale == 0 }

// decimalWholeLimit bounds a Decimal's whole part: its magnitude stays below it (9.2 × 10^14,
// as the schema says), so that its ten-thousandths fit in an int64.
const decimalWholeLimit = math.MaxInt64 / decimalScale

// DecimalOfRat returns r as a Decimal, or why it is none: more than four decimal places, or a
// magnitude past a Decimal's range.
func DecimalOfRat(r *big.Rat) (Decimal, error) {
	e4 := new(big.Rat).Mul(r, big.NewRat(decimalScale, 1))
	if !e4.IsInt() {
		return 0, errors.New("more than four decimal places")
	}
	whole := new(big.Int).Quo(e4.Num(), big.NewInt(decimalScale))
	if whole.CmpAbs(big.NewInt(decimalWholeLimit)) >= 0 {
		return 0, fmt.Errorf("past the largest magnitude a Decimal holds (below %d)", int64(decimalWholeLimit))
	}
	return Decimal(e4.Num().Int64()), nil
}

// ParseDecimal reads a decimal written out in full ("337000000", "18.9", "-0.5").
func ParseDecimal(s string) (Decimal, error) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	whole, frac, point := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if whole == "" || (point && frac == "") || len(frac) > 4 || !digitsOnly(whole) || !digitsOnly(frac) {
		return 0, fmt.Errorf("decimal %q: want digits with at most 4 decimal places", s)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w >= decimalWholeLimit {
		return 0, fmt.Errorf("decimal %q: out of range", s)
	}
	f, _ := strconv.ParseInt((frac + "0000")[:4], 10, 64)
	d := Decimal(w*decimalScale + f)
	if neg {
		d = -d
	}
	return d, nil
}

func digitsOnly(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String writes the decimal out in full, without trailing zeros.
func (d Decimal) String() string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	whole, frac := int64(d)/decimalScale, int64(d)%decimalScale
	if frac == 0 {
		return sign + strconv.FormatInt(whole, 10)
	}
	return sign + strconv.FormatInt(whole, 10) + "." + strings.TrimRight(fmt.Sprintf("%04d", frac), "0")
}

// MarshalGQL writes the decimal as a JSON number.
func (d Decimal) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, d.String()) }

// UnmarshalGQL reads a JSON number or a string.
func (d *Decimal) UnmarshalGQL(v any) error {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case json.Number:
		s = v.String()
	case int:
		s = strconv.Itoa(v)
	case int64:
		s = strconv.FormatInt(v, 10)
	case float64:
		s = strconv.FormatFloat(v, 'f', -1, 64)
	default:
		return badScalar("Decimal", "want a number or a string, got %T", v)
	}
	parsed, err := ParseDecimal(s)
	if err != nil {
		return badScalar("Decimal", "%v", err)
	}
	*d = parsed
	return nil
}

// PartialDate is an ISO 8601 date at the precision known: "2016", "2018-05" or "2019-12-31".
type PartialDate string

var partialDatePattern = regexp.MustCompile(`^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$`)

// ErrPartialDate reports a string that is not a partial date.
var ErrPartialDate = errors.New("want a date as YYYY, YYYY-MM or YYYY-MM-DD")

// ParsePartialDate checks s and returns it as a PartialDate.
func ParsePartialDate(s string) (PartialDate, error) {
	if !partialDatePattern.MatchString(s) {
		return "", fmt.Errorf("partial date %q: %w", s, ErrPartialDate)
	}
	if len(s) == len("2006-01-02") {
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return "", fmt.Errorf("partial date %q: no such day: %w", s, ErrPartialDate)
		}
	}
	return PartialDate(s), nil
}

// MarshalGQL writes the date as a JSON string.
func (p PartialDate) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(p))) }

// UnmarshalGQL reads a JSON string.
func (p *PartialDate) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return badScalar("PartialDate", "want a string, got %T", v)
	}
	parsed, err := ParsePartialDate(s)
	if err != nil {
		return badScalar("PartialDate", "%v", err)
	}
	*p = parsed
	return nil
}

// MaxSafeInteger is the largest magnitude an Int64 input may have: 2^53 − 1, JavaScript's
// Number.MAX_SAFE_INTEGER, so that every client reads every stored value exactly. The schema's
// description of Int64 states it (TestInt64DescriptionStatesTheBound holds the two together).
const MaxSafeInteger = 1<<53 - 1

// CheckSafeInteger refuses an integer past ±MaxSafeInteger.
func CheckSafeInteger(n int64) error {
	if n > MaxSafeInteger || n < -MaxSafeInteger {
		return fmt.Errorf("%d is past the largest Int64 aidgraph accepts, ±%d (2^53 − 1)", n, int64(MaxSafeInteger))
	}
	return nil
}

// MarshalInt64 writes a 64-bit integer as a JSON number (the Int64 scalar).
func MarshalInt64(n int64) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, strconv.FormatInt(n, 10)) })
}

// UnmarshalInt64 reads the Int64 scalar from a JSON number or a string of digits, within
// ±MaxSafeInteger.
func UnmarshalInt64(v any) (int64, error) {
	n, err := graphql.UnmarshalInt64(v)
	if err != nil {
		return 0, badScalar("Int64", "want a whole number within ±%d (2^53 − 1), got %v", int64(MaxSafeInteger), v)
	}
	if err := CheckSafeInteger(n); err != nil {
		return 0, badScalar("Int64", "%v", err)
	}
	return n, nil
}

// badScalar is the error of a scalar a client sent in a form aidgraph cannot read.
func badScalar(scalar, format string, a ...any) error {
	return apperr.New(apperr.InvalidArgument, "", scalar+": "+format, a...)
}

// MarshalJSON writes the decimal as a JSON number, as the API does, so that a recorded change
// shows 18.9 and not its ten-thousandths.
func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalJSON reads what MarshalJSON writes, or a string of digits (an imported cell).
func (d *Decimal) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return badScalar("Decimal", "%v", err)
	}
	return d.UnmarshalGQL(v)
}

// UnmarshalJSON reads a JSON string and checks it as the API does.
func (p *PartialDate) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return badScalar("PartialDate", "want a string: %v", err)
	}
	return p.UnmarshalGQL(s)
}
