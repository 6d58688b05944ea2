package playground

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// served is one response of the handler, its body decoded as a browser would.
type served struct {
	status  int
	header  http.Header
	raw     []byte // as sent
	decoded []byte // gzip undone; brotli left as is (no decoder in the standard library)
}

func get(t *testing.T, h http.Handler, method, target string, header map[string]string) served {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	s := served{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes(), decoded: rec.Body.Bytes()}
	if rec.Header().Get("Content-Encoding") == "gzip" && len(s.raw) > 0 {
		zr, err := gzip.NewReader(bytes.NewReader(s.raw))
		if err != nil {
			t.Fatalf("%s %s: gzip: %v", method, target, err)
		}
		if s.decoded, err = io.ReadAll(zr); err != nil {
			t.Fatalf("%s %s: gzip: %v", method, target, err)
		}
	}
	return s
}

// mainScript is the page's script, as the page names it.
func mainScript(t *testing.T, h http.Handler) string {
	t.Helper()
	page := get(t, h, http.MethodGet, "/", nil)
	m := regexp.MustCompile(`src="playground/assets/(main-[A-Z0-9]+\.js)"`).FindSubmatch(page.raw)
	if m == nil {
		t.Fatalf("the page names no main script:\n%s", page.raw)
	}
	return string(m[1])
}

func TestHandler(t *testing.T) {
	h := Handler("/query", "/csv")
	js := AssetsPath + mainScript(t, h)
	a := h.(*handler).assets[strings.TrimPrefix(js, AssetsPath)]
	plain := get(t, h, http.MethodGet, js, map[string]string{"Accept-Encoding": "gzip"}).decoded
	if int64(len(plain)) != a.size || len(plain) == 0 {
		t.Fatalf("the script decodes to %d bytes, its gzip trailer says %d", len(plain), a.size)
	}
	immutable := "public, max-age=31536000, immutable"
	tests := []struct {
		name       string
		method     string
		target     string
		header     map[string]string
		status     int
		encoding   string // Content-Encoding sent
		etag       string // ETag sent, "" for any
		cache      string
		body       []byte // decoded body, nil for any
		typePrefix string
	}{
		{"page", "GET", "/", nil, 200, "", "", "no-cache", nil, "text/html"},
		{"page gzipped", "GET", "/", map[string]string{"Accept-Encoding": "gzip, deflate"}, 200, "gzip", "", "no-cache", nil, "text/html"},
		{"script brotli first", "GET", js, map[string]string{"Accept-Encoding": "gzip, deflate, br, zstd"}, 200, "br", a.etag("br"), immutable, nil, "text/javascript"},
		{"script gzip when asked", "GET", js, map[string]string{"Accept-Encoding": "gzip"}, 200, "gzip", a.etag("gzip"), immutable, plain, "text/javascript"},
		{"script gzip over unwanted brotli", "GET", js, map[string]string{"Accept-Encoding": "br;q=0, gzip"}, 200, "gzip", a.etag("gzip"), immutable, plain, "text/javascript"},
		{"script gzip weighted higher", "GET", js, map[string]string{"Accept-Encoding": "br;q=0.5, gzip;q=0.9"}, 200, "gzip", a.etag("gzip"), immutable, plain, "text/javascript"},
		{"script by wildcard", "GET", js, map[string]string{"Accept-Encoding": "*"}, 200, "br", a.etag("br"), immutable, nil, "text/javascript"},
		{"script identity when nothing accepted", "GET", js, nil, 200, "", a.etag("identity"), immutable, plain, "text/javascript"},
		{"script identity when asked", "GET", js, map[string]string{"Accept-Encoding": "identity"}, 200, "", a.etag("identity"), immutable, plain, "text/javascript"},
		{"script identity when codings refused", "GET", js, map[string]string{"Accept-Encoding": "gzip;q=0, br;q=0"}, 200, "", a.etag("identity"), immutable, plain, "text/javascript"},
		{"script identity on bad weight", "GET", js, map[string]string{"Accept-Encoding": "gzip;q=x"}, 200, "", a.etag("identity"), immutable, plain, "text/javascript"},
		{"not modified", "GET", js, map[string]string{"Accept-Encoding": "gzip", "If-None-Match": a.etag("gzip")}, 304, "", a.etag("gzip"), immutable, []byte{}, "text/javascript"},
		{"not modified, weak and listed", "GET", js, map[string]string{"If-None-Match": `"other", W/` + a.etag("br")}, 304, "", "", immutable, []byte{}, "text/javascript"},
		{"not modified, any", "GET", js, map[string]string{"If-None-Match": "*"}, 304, "", "", immutable, []byte{}, "text/javascript"},
		{"modified", "GET", js, map[string]string{"Accept-Encoding": "gzip", "If-None-Match": `"stale"`}, 200, "gzip", a.etag("gzip"), immutable, plain, "text/javascript"},
		{"head", "HEAD", js, map[string]string{"Accept-Encoding": "gzip"}, 200, "gzip", a.etag("gzip"), immutable, []byte{}, "text/javascript"},
		{"unknown asset", "GET", AssetsPath + "main-NOTTHERE.js", nil, 404, "", "", "", nil, "text/plain"},
		{"asset directory", "GET", AssetsPath, nil, 404, "", "", "", nil, "text/plain"},
		{"traversal", "GET", AssetsPath + "..%2f..%2fplayground.go", nil, 404, "", "", "", nil, "text/plain"},
		{"compressed form by name", "GET", js + ".gz", nil, 404, "", "", "", nil, "text/plain"},
		{"elsewhere", "GET", "/playground/index.html", nil, 404, "", "", "", nil, "text/plain"},
		{"post", "POST", "/", nil, 405, "", "", "", nil, "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := get(t, h, tt.method, tt.target, tt.header)
			if s.status != tt.status {
				t.Fatalf("status %d, want %d", s.status, tt.status)
			}
			if got := s.header.Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.encoding)
			}
			if got := s.header.Get("Content-Type"); !strings.HasPrefix(got, tt.typePrefix) {
				t.Errorf("Content-Type %q, want %s...", got, tt.typePrefix)
			}
			if tt.status >= 400 {
				return
			}
			if tt.etag != "" && s.header.Get("ETag") != tt.etag {
				t.Errorf("ETag %q, want %q", s.header.Get("ETag"), tt.etag)
			}
			if !strings.HasPrefix(s.header.Get("ETag"), `"`) {
				t.Errorf("ETag %q is not a strong tag", s.header.Get("ETag"))
			}
			if got := s.header.Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control %q, want %q", got, tt.cache)
			}
			if got := s.header.Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary %q, want Accept-Encoding", got)
			}
			if tt.body != nil && !bytes.Equal(s.decoded, tt.body) {
				t.Errorf("body: %d bytes, want %d", len(s.decoded), len(tt.body))
			}
			if tt.status == 200 && tt.method == "GET" && s.header.Get("Content-Length") != strconv.Itoa(len(s.raw)) {
				t.Errorf("Content-Length %s, body %d bytes", s.header.Get("Content-Length"), len(s.raw))
			}
		})
	}
}

// TestPage checks what the page tells the browser: the endpoints it calls, a policy that lets
// it reach nothing but its own server, and no placeholder left for the server to fill.
func TestPage(t *testing.T) {
	s := get(t, Handler("/query", "/csv?x=<1>"), http.MethodGet, "/", nil)
	page := string(s.raw)
	for _, want := range []string{`data-endpoint="/query"`, `data-csv="/csv?x=&lt;1&gt;"`, "GraphiQL"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(page, "%ENDPOINT%") || strings.Contains(page, "%CSV%") || strings.Contains(page, "{{") {
		t.Errorf("the page keeps a placeholder:\n%s", page)
	}
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'", "worker-src 'self'"} {
		if !strings.Contains(s.header.Get("Content-Security-Policy"), want) {
			t.Errorf("Content-Security-Policy %q lacks %s", s.header.Get("Content-Security-Policy"), want)
		}
	}
}

// TestAssetsLinked checks that every asset the page or an asset names is served, with its type:
// a name the build forgot to write would leave the page on "Loading".
func TestAssetsLinked(t *testing.T) {
	h := Handler("/query", "/csv")
	pages := map[string][]byte{"/": get(t, h, http.MethodGet, "/", nil).raw}
	for name := range h.(*handler).assets {
		pages[AssetsPath+name] = get(t, h, http.MethodGet, AssetsPath+name, map[string]string{"Accept-Encoding": "gzip"}).decoded
	}
	types := map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".ttf": "font/ttf"}
	named := 0
	for from, body := range pages {
		for _, name := range references(body) {
			named++
			s := get(t, h, http.MethodGet, AssetsPath+name, map[string]string{"Accept-Encoding": "gzip"})
			if s.status != http.StatusOK {
				t.Errorf("%s names %s, which answers %d", from, name, s.status)
				continue
			}
			if got, want := s.header.Get("Content-Type"), types[path.Ext(name)]; got != want {
				t.Errorf("%s: Content-Type %q, want %q", name, got, want)
			}
		}
	}
	// The page's style, script and preloads, its chunks, three workers and the font, at least.
	if named < 10 {
		t.Errorf("%d references to assets found, want the page's, the chunks' and the workers' at least", named)
	}
}

// assetName is a name as the build gives it, content hash and all.
var assetName = regexp.MustCompile(`^[a-z.]+-[A-Z0-9]{8}\.(?:js|css|ttf)\b`)

// references returns the asset names body refers to: esbuild writes them as "./NAME" (imports,
// the workers' names, url() in the style sheet), the page as playground/assets/NAME. It looks
// for those prefixes first, since a regular expression over megabytes of script is slow.
func references(body []byte) []string {
	var names []string
	for _, prefix := range []string{`"./`, `playground/assets/`} {
		for rest := body; ; {
			i := bytes.Index(rest, []byte(prefix))
			if i < 0 {
				break
			}
			rest = rest[i+len(prefix):]
			if m := assetName.Find(rest[:min(len(rest), 64)]); m != nil {
				names = append(names, string(m))
			}
		}
	}
	return names
}

// TestNothingFromElsewhere checks the style sheets for what a browser would fetch by itself:
// fonts or sheets from another host (GraphiQL's own CSS has pointed at Google Fonts).
func TestNothingFromElsewhere(t *testing.T) {
	h := Handler("/query", "/csv")
	remote := regexp.MustCompile(`(?i)url\(\s*["']?(https?:)?//|@import|fonts\.googleapis|fonts\.gstatic`)
	for name := range h.(*handler).assets {
		if !strings.HasSuffix(name, ".css") {
			continue
		}
		css := get(t, h, http.MethodGet, AssetsPath+name, map[string]string{"Accept-Encoding": "gzip"}).decoded
		if m := remote.Find(css); m != nil {
			t.Errorf("%s loads from elsewhere: %s", name, m)
		}
	}
	page := get(t, h, http.MethodGet, "/", nil).raw
	if m := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`).Find(page); m != nil {
		t.Errorf("the page links elsewhere: %s", m)
	}
}

func TestReadAssetsRefusesBrokenBuilds(t *testing.T) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		_, _ = zw.Write([]byte(s))
		_ = zw.Close()
		return b.Bytes()
	}
	tests := []struct {
		name  string
		files fstest.MapFS
	}{
		{"no assets", fstest.MapFS{"dist/assets/.keep": {}}},
		{"unknown kind", fstest.MapFS{"dist/assets/x-AAAAAAAA.exe.gz": {Data: gz("x")}}},
		{"brotli without gzip", fstest.MapFS{"dist/assets/a-AAAAAAAA.js.gz": {Data: gz("a")}, "dist/assets/b-AAAAAAAA.js.br": {Data: []byte("b")}}},
		{"plain file", fstest.MapFS{"dist/assets/a-AAAAAAAA.js.gz": {Data: gz("a")}, "dist/assets/b-AAAAAAAA.js": {Data: []byte("b")}}},
		{"not gzip", fstest.MapFS{"dist/assets/a-AAAAAAAA.js.gz": {Data: []byte("plain text, not gzip at all")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := readAssets(tt.files); err == nil {
				t.Error("readAssets accepted a broken build")
			}
		})
	}
	if _, err := readIndex(fstest.MapFS{"dist/index.html": {Data: []byte("<p>no placeholders</p>")}}, "/query", "/csv"); err == nil {
		t.Error("readIndex accepted a page without its placeholders")
	}
}
