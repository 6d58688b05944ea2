package api

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// TestCSVCells writes the cells a journalist's spreadsheet must read right: Chinese text, a
// quote with commas and quotation marks, text that looks like a formula (guarded), and
// numbers exactly as the API gives them (never guarded, never reformatted).
func TestCSVCells(t *testing.T) {
	answer := `{"data":{"figures":{"nodes":[
		{"labelZh":"投入帮扶资金","value":337000000,"quote":"他说\"好\",然后, 又说","source":{"title":"郑州"}},
		{"labelZh":"=SUM(A1:A9)","value":-1.5,"quote":"-5","source":{"title":"+cmd"}},
		{"labelZh":"@x","value":12345678901234567890,"quote":null,"source":null}]}}}`
	rows, err := csvRows([]byte(answer), "")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := writeCSV(&out, rows); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out.Bytes(), []byte("\uFEFF")) {
		t.Error("no byte-order mark")
	}
	if !strings.Contains(out.String(), "\r\n") {
		t.Error("records are not ended with CRLF (RFC 4180)")
	}
	got, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out.Bytes(), []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"labelZh", "value", "quote", "source.title", "source"},
		{"投入帮扶资金", "337000000", `他说"好",然后, 又说`, "郑州", ""},
		{"'=SUM(A1:A9)", "-1.5", "'-5", "'+cmd", ""},
		{"'@x", "12345678901234567890", "", "", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("%d records, want %d:\n%s", len(got), len(want), out.String())
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("record %d: %q, want %q", i, got[i], want[i])
		}
	}
}
