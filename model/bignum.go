package model

import (
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
)

// BigInt is an integer of any size, written as the Int64 scalar is: the exact sum of Int64
// values, which may pass 2^53 and 2^63 however small each value is.
type BigInt struct{ n big.Int }

// NewBigInt returns n as a BigInt.
func NewBigInt(n *big.Int) *BigInt {
	b := &BigInt{}
	b.n.Set(n)
	return b
}

// Int returns the integer.
func (b *BigInt) Int() *big.Int { return new(big.Int).Set(&b.n) }

// String writes the integer out in full.
func (b *BigInt) String() string { return b.n.String() }

// MarshalGQL writes the integer as a JSON number, in full.
func (b BigInt) MarshalGQL(w io.Writer) {
	if b.n.IsInt64() { // every sum short of 2^63: no big.Int formatting
		var buf [20]byte
		_, _ = w.Write(strconv.AppendInt(buf[:0], b.n.Int64(), 10))
		return
	}
	_, _ = io.WriteString(w, b.n.String())
}

// UnmarshalGQL reads an Int64 input, within its bound: BigInt is for output, and an input of
// the scalar is held to what every Int64 input is.
func (b *BigInt) UnmarshalGQL(v any) error {
	n, err := UnmarshalInt64(v)
	if err != nil {
		return err
	}
	b.n.SetInt64(n)
	return nil
}

// BigDecimal is a decimal of any size with four decimal places, held as a count of
// ten-thousandths and written as the Decimal scalar is: the mean of Int64 values, which may be
// as large as they are, or the sum of Decimals, both past what a Decimal holds.
type BigDecimal struct{ e4 big.Int }

// BigDecimalOfE4 returns the decimal of e4 ten-thousandths.
func BigDecimalOfE4(e4 *big.Int) *BigDecimal {
	d := &BigDecimal{}
	d.e4.Set(e4)
	return d
}

// MeanOf divides sum by n (n > 0) exactly to four decimal places, rounding half away from zero.
func MeanOf(sum *big.Int, n int64) *BigDecimal {
	num := new(big.Int).Mul(sum, big.NewInt(decimalScale))
	den := big.NewInt(n)
	q, r := new(big.Int).QuoRem(num, den, new(big.Int)) // truncated toward zero; r has num's sign
	if r.Sign() != 0 {
		twice := new(big.Int).Abs(r)
		twice.Lsh(twice, 1)
		if twice.Cmp(den) >= 0 {
			q.Add(q, big.NewInt(int64(num.Sign())))
		}
	}
	d := &BigDecimal{}
	d.e4.Set(q)
	return d
}

// String writes the decimal out in full, without trailing zeros, as Decimal.String does.
func (d *BigDecimal) String() string {
	abs := new(big.Int).Abs(&d.e4)
	whole, frac := new(big.Int).QuoRem(abs, big.NewInt(decimalScale), new(big.Int))
	sign := ""
	if d.e4.Sign() < 0 {
		sign = "-"
	}
	if frac.Sign() == 0 {
		return sign + whole.String()
	}
	return sign + whole.String() + "." + strings.TrimRight(fmt.Sprintf("%04d", frac.Int64()), "0")
}

// MarshalGQL writes the decimal as a JSON number, in full.
func (d BigDecimal) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, d.String()) }

// UnmarshalGQL reads a Decimal input, within its range.
func (d *BigDecimal) UnmarshalGQL(v any) error {
	var dec Decimal
	if err := dec.UnmarshalGQL(v); err != nil {
		return err
	}
	d.e4.SetInt64(int64(dec))
	return nil
}
