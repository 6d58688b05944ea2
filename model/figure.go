package model

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
)

// ratioUnits are the units whose figures are always ratios: a percentage or a rank never adds
// up, whatever it measures.
var ratioUnits = map[Unit]bool{UnitPercent: true, UnitRank: true}

// CheckKind says whether a figure of this unit may be of this kind: a figure in a ratio unit
// (PERCENT, RANK) is a ratio, and a ratio is in a ratio unit. Every figure, from the article's
// data or from a writer, obeys it.
func CheckKind(unit Unit, kind FigureKind) error {
	if !kind.IsValid() {
		return fmt.Errorf("kind %q unknown: FLOW, STOCK or RATIO", kind)
	}
	if ratioUnits[unit] != (kind == FigureKindRatio) {
		if kind == FigureKindRatio {
			return fmt.Errorf("a ratio is a rate, share or rank: its unit is PERCENT or RANK, not %s", unit)
		}
		return fmt.Errorf("a figure in %s is a rate, share or rank: its kind is RATIO, not %s", unit, kind)
	}
	return nil
}

// QualifierOf returns the qualifier a figure's printed words give it: 近 makes it NEARLY, 约 or
// 左右 APPROXIMATE, 余, 多 or 以上 MORE_THAN; otherwise it is EXACT.
func QualifierOf(originalText string) Qualifier {
	switch {
	case strings.HasPrefix(originalText, "近"):
		return QualifierNearly
	case strings.HasPrefix(originalText, "约") || strings.Contains(originalText, "左右"):
		return QualifierApproximate
	case strings.ContainsAny(originalText, "余多") || strings.Contains(originalText, "以上"):
		return QualifierMoreThan
	}
	return QualifierExact
}

var printedNumber = regexp.MustCompile(`^[近约]?([0-9]+(?:\.[0-9]+)?)(万|亿)?`)

// ValueOfText reads the number a figure's printed words state, in the base unit (万 is 10,000,
// 亿 100,000,000), exactly; ok is false when the words start with no number (第一, 两个村), and
// err says why a number they state is no Decimal: more than four decimal places, or past a
// Decimal's range ("11529215047亿元").
func ValueOfText(originalText string) (v Decimal, ok bool, err error) {
	m := printedNumber.FindStringSubmatch(originalText)
	if m == nil {
		return 0, false, nil
	}
	r, _ := new(big.Rat).SetString(m[1]) // digits, perhaps with a point: always a number
	switch m[2] {
	case "万":
		r.Mul(r, big.NewRat(10_000, 1))
	case "亿":
		r.Mul(r, big.NewRat(100_000_000, 1))
	}
	d, err := DecimalOfRat(r)
	if err != nil {
		return 0, true, fmt.Errorf("%q states %s: %w", originalText, strings.TrimSuffix(strings.TrimRight(r.FloatString(len(m[1])), "0"), "."), err)
	}
	return d, true, nil
}
