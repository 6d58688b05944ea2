package model_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/model"
)

func TestDecimalRoundTrip(t *testing.T) {
	tests := []struct {
		in   string
		want model.Decimal // in ten-thousandths
	}{
		{"0", 0},
		{"18.9", 189000},
		{"0.98", 9800},
		{"337000000", 3370000000000},
		{"900000000000000", 9000000000000000000},
		{"22730800", 227308000000},
		{"-0.5", -5000},
		{"1.2345", 12345},
		{"-42", -420000},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := model.ParseDecimal(tt.in)
			if err != nil {
				t.Fatalf("ParseDecimal(%q): %v", tt.in, err)
			}
			if d != tt.want {
				t.Errorf("ParseDecimal(%q) = Decimal(%d), want Decimal(%d)", tt.in, int64(d), int64(tt.want))
			}
			if s := d.String(); s != tt.in {
				t.Errorf("ParseDecimal(%q).String() = %q", tt.in, s)
			}
		})
	}
}

func TestParseDecimalNormalizes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"18.90", "18.9"},
		{"1.2000", "1.2"},
		{"007", "7"},
		{" 3.5 ", "3.5"},
		{"-0", "0"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := model.ParseDecimal(tt.in)
			if err != nil {
				t.Fatalf("ParseDecimal(%q): %v", tt.in, err)
			}
			if s := d.String(); s != tt.want {
				t.Errorf("ParseDecimal(%q).String() = %q, want %q", tt.in, s, tt.want)
			}
		})
	}
}

func TestParseDecimalRejects(t *testing.T) {
	for _, in := range []string{
		"",
		"1.",              // a point needs digits after it
		"922337203685477", // past the range of ten-thousandths in an int64
		"-",
		"1.23456", // more than 4 decimal places
		"1e5",
		"abc",
		".5", // whole part required
		"-.5",
		"+1",
		"--1",
		"1.2.3",
		"1,5",
		"12 34",
		"99999999999999999999", // overflows int64
	} {
		t.Run(in, func(t *testing.T) {
			if d, err := model.ParseDecimal(in); err == nil {
				t.Errorf("ParseDecimal(%q) = %s, nil; want an error", in, d)
			}
		})
	}
}

func TestDecimalMarshalGQL(t *testing.T) {
	tests := []struct {
		d    model.Decimal
		want string
	}{
		{0, "0"},
		{189000, "18.9"},
		{-5000, "-0.5"},
		{3370000000000, "337000000"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			var buf bytes.Buffer
			tt.d.MarshalGQL(&buf)
			if buf.String() != tt.want {
				t.Errorf("MarshalGQL = %q, want %q", buf.String(), tt.want)
			}
			// It must be a bare JSON number, not a string.
			dec := json.NewDecoder(&buf)
			dec.UseNumber()
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("MarshalGQL output %q is not JSON: %v", tt.want, err)
			}
			n, ok := v.(json.Number)
			if !ok || n.String() != tt.want {
				t.Errorf("MarshalGQL output decodes to %#v, want the JSON number %s", v, tt.want)
			}
		})
	}
}

func TestDecimalUnmarshalGQL(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want model.Decimal
	}{
		{"string", "18.9", 189000},
		{"json.Number", json.Number("0.98"), 9800},
		{"int", 337000000, 3370000000000},
		{"int64", int64(22730800), 227308000000},
		{"float64", 18.9, 189000},
		{"negative float64", -0.5, -5000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d model.Decimal
			if err := d.UnmarshalGQL(tt.in); err != nil {
				t.Fatalf("UnmarshalGQL(%#v): %v", tt.in, err)
			}
			if d != tt.want {
				t.Errorf("UnmarshalGQL(%#v) = %s, want %s", tt.in, d, tt.want)
			}
		})
	}
}

func TestDecimalUnmarshalGQLRejects(t *testing.T) {
	tests := []struct {
		name string
		in   any
	}{
		{"bool", true},
		{"nil", nil},
		{"bad string", "abc"},
		{"too precise json.Number", json.Number("1.23456")},
		{"too precise float64", 1.23456},
		{"huge float64", 1e30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := model.Decimal(7)
			if err := d.UnmarshalGQL(tt.in); err == nil {
				t.Errorf("UnmarshalGQL(%#v) = %s, nil; want an error", tt.in, d)
			}
			if d != 7 {
				t.Errorf("UnmarshalGQL(%#v) changed the value to %s on error", tt.in, d)
			}
		})
	}
}

func TestParsePartialDate(t *testing.T) {
	for _, in := range []string{"2016", "2018-05", "2019-12-31", "2020-02-29", "2018-10-01"} {
		t.Run(in, func(t *testing.T) {
			p, err := model.ParsePartialDate(in)
			if err != nil {
				t.Fatalf("ParsePartialDate(%q): %v", in, err)
			}
			if string(p) != in {
				t.Errorf("ParsePartialDate(%q) = %q", in, p)
			}
		})
	}
}

func TestParsePartialDateRejects(t *testing.T) {
	for _, in := range []string{
		"", "18", "201", "20160", "2018-13", "2018-00", "2018-5", "2019-12-32", "2019-02-31", "2019-02-29", "2019-12-00",
		"2019-1-01", "2019/12", "2019-12-31T00:00:00Z", " 2016", "2016-", "abcd",
	} {
		t.Run(in, func(t *testing.T) {
			p, err := model.ParsePartialDate(in)
			if err == nil {
				t.Fatalf("ParsePartialDate(%q) = %q, nil; want an error", in, p)
			}
			if !errors.Is(err, model.ErrPartialDate) {
				t.Errorf("ParsePartialDate(%q) error %v does not wrap ErrPartialDate", in, err)
			}
		})
	}
}

func TestPartialDateGQL(t *testing.T) {
	for _, in := range []string{"2016", "2018-05", "2019-12-31"} {
		t.Run(in, func(t *testing.T) {
			var buf bytes.Buffer
			model.PartialDate(in).MarshalGQL(&buf)
			var s string
			if err := json.Unmarshal(buf.Bytes(), &s); err != nil || s != in {
				t.Errorf("MarshalGQL wrote %s, want the JSON string %q", buf.String(), in)
			}
			var p model.PartialDate
			if err := p.UnmarshalGQL(in); err != nil || string(p) != in {
				t.Errorf("UnmarshalGQL(%q) = %q, %v", in, p, err)
			}
		})
	}
	for _, in := range []any{"2018-13", 2016, nil} {
		var p model.PartialDate
		if err := p.UnmarshalGQL(in); err == nil {
			t.Errorf("UnmarshalGQL(%#v) = %q, nil; want an error", in, p)
		}
	}
}

func TestNormalizeCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"41", "410000000000"},
		{"4104", "410400000000"},
		{"410422", "410422000000"},
		{"410422100", "410422100000"},
		{"410422100201", "410422100201"},
		{" 4104 ", "410400000000"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := model.NormalizeCode(tt.in)
			if err != nil {
				t.Fatalf("NormalizeCode(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("NormalizeCode(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeCodeRejects(t *testing.T) {
	for _, in := range []string{
		"", "4", "410", "41042", "4104221", "41042210", "4104221002", "41042210020", "4104221002011",
		"4a", "41-4", "41042210020x", "４１", strings.Repeat("1", 20),
	} {
		t.Run(in, func(t *testing.T) {
			if got, err := model.NormalizeCode(in); err == nil {
				t.Errorf("NormalizeCode(%q) = %q, nil; want an error", in, got)
			}
		})
	}
}

func TestCheckKind(t *testing.T) {
	for _, c := range []struct {
		unit model.Unit
		kind model.FigureKind
		ok   bool
	}{
		{model.UnitPercent, model.FigureKindRatio, true}, {model.UnitRank, model.FigureKindRatio, true},
		{model.UnitPercent, model.FigureKindStock, false}, {model.UnitYuan, model.FigureKindRatio, false},
		{model.UnitYuan, model.FigureKindFlow, true}, {model.UnitHousehold, model.FigureKindStock, true},
		{model.UnitYuan, model.FigureKind("SUM"), false}, {model.UnitYuan, model.FigureKind(""), false},
	} {
		if err := model.CheckKind(c.unit, c.kind); (err == nil) != c.ok {
			t.Errorf("CheckKind(%s, %q) = %v, want ok %v", c.unit, c.kind, err, c.ok)
		}
	}
}
