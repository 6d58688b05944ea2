package model

import "fmt"

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
