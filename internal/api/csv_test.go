package api_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestCSVRoundTrip downloads the article's figures as CSV and reads them back as a spreadsheet
// would: every row and cell is what the JSON answer holds, numbers exactly, Chinese text and
// quotes with commas and quotation marks whole. A query with errors gets them, not a CSV.
func TestCSVRoundTrip(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		h := newHarness(t, d)
		const q = `{ figures(first: 100) { nodes { labelZh value unit qualifier originalText quote source { title } } } }`
		var answer struct {
			Figures struct {
				Nodes []struct {
					LabelZh, Unit, Qualifier, OriginalText, Quote string
					Value                                         json.Number
					Source                                        struct{ Title string }
				}
			}
		}
		h.data(t, q, nil, &answer)
		res, err := http.Get(h.url + api.CSVPath + "?query=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !bytes.HasPrefix(body, []byte("\uFEFF")) {
			t.Fatalf("HTTP %d, %s, BOM %t: %.300s", res.StatusCode, res.Header.Get("Content-Type"), bytes.HasPrefix(body, []byte("\uFEFF")), body)
		}
		records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		header := fmt.Sprint(records[0])
		if header != "[labelZh value unit qualifier originalText quote source.title]" {
			t.Errorf("columns %s", header)
		}
		if len(records)-1 != len(answer.Figures.Nodes) {
			t.Fatalf("%d rows for %d figures", len(records)-1, len(answer.Figures.Nodes))
		}
		for i, f := range answer.Figures.Nodes {
			want := []string{f.LabelZh, f.Value.String(), f.Unit, f.Qualifier, f.OriginalText, f.Quote, f.Source.Title}
			if fmt.Sprint(records[i+1]) != fmt.Sprint(want) {
				t.Errorf("row %d: %q, want %q", i+1, records[i+1], want)
			}
		}

		res, err = http.Get(h.url + api.CSVPath + "?query=" + url.QueryEscape(`{ figures { nodes { population } } }`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest || res.Header.Get("Content-Type") != "application/json" {
			t.Errorf("a query with errors: HTTP %d, %s; want 400 and JSON", res.StatusCode, res.Header.Get("Content-Type"))
		}
	})
}
