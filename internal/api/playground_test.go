package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestPlaygroundChoice checks what / serves: by default the embedded playground, whose script
// the server serves too, and with PlaygroundCDN gqlgen's page, which loads GraphiQL from a CDN.
func TestPlaygroundChoice(t *testing.T) {
	s := testdb.Open(t, store.SQLite)
	tests := []struct {
		name    string
		cdn     bool
		want    string // in the page
		offline bool   // the page links nothing elsewhere, and its script is served here
	}{
		{"embedded by default", false, `id="aidgraph-examples"`, true},
		{"CDN when asked", true, "https://cdn.jsdelivr.net/", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(api.New(s, api.Options{CORSOrigins: []string{"*"}, PlaygroundCDN: tt.cdn}))
			defer srv.Close()
			status, page := fetchPlayground(t, srv.URL+api.PlaygroundPath)
			if status != http.StatusOK || !strings.Contains(page, tt.want) {
				t.Fatalf("GET / = %d, without %s:\n%.400s", status, tt.want, page)
			}
			if !tt.offline {
				return
			}
			if strings.Contains(page, "https://") {
				t.Errorf("the embedded page links elsewhere:\n%s", page)
			}
			script := regexp.MustCompile(`src="(playground/assets/main-[A-Z0-9]+\.js)"`).FindStringSubmatch(page)
			if script == nil {
				t.Fatalf("the page names no script:\n%s", page)
			}
			if status, _ := fetchPlayground(t, srv.URL+"/"+script[1]); status != http.StatusOK {
				t.Errorf("GET %s = %d, want 200", script[1], status)
			}
		})
	}
}

// fetchPlayground GETs url and returns the status and the (decoded) body.
func fetchPlayground(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return res.StatusCode, string(b)
}
