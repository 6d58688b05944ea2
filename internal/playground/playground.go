// Package playground serves the GraphiQL playground from the binary itself: GraphiQL 5 with the
// explorer and the docs, bundled by web/build.sh into dist/, which is committed and embedded.
// Nothing it loads comes from anywhere but the server that serves it, so it works offline.
//
// The page is served at / and its assets under AssetsPath, from a fixed set of names read once
// from the embedded files: no directory is listed and no path reaches the file system. The
// assets' names carry their content's hash, so they are cached for a year; the page is
// revalidated (ETag) on every visit, and names the assets of the build that serves it.
package playground

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
)

// AssetsPath is where the assets are served; the page links them relative to itself at /.
const AssetsPath = "/playground/assets/"

//go:embed dist/index.html dist/assets
var dist embed.FS

// csp lets the page load scripts, styles, fonts, workers and data from its own server only, so
// that nothing the bundle might ask for elsewhere is fetched. Monaco sets inline styles.
const csp = "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self'; " +
	"style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

// contentTypes are the kinds of asset a build makes; a file of any other kind is refused at
// load, so that nothing is served with a guessed type.
var contentTypes = map[string]string{
	".js":  "text/javascript; charset=utf-8",
	".css": "text/css; charset=utf-8",
	".ttf": "font/ttf",
}

// An asset is one file as served: its forms by content coding, and its tag.
type asset struct {
	contentType  string
	cacheControl string
	identity     []byte // nil when only compressed forms are stored: decoded from gzip then
	size         int64  // the length of the identity form
	gzip, br     *content
	tag          string // a strong entity tag's opaque part, from the content's hash
}

// content is one compressed form of an asset: in memory (the page, made at start), or an
// embedded file read at each request. The assets' files are not copied into the heap: 3.6 MB
// that the garbage collector would count as live at every cycle, and let the heap grow by a
// multiple of (--gc-percent).
type content struct {
	data []byte // in memory, or
	fsys fs.FS  // the file at path in fsys
	path string
	size int64
}

// open returns the content's bytes.
func (c *content) open() (io.ReadCloser, error) {
	if c.fsys == nil {
		return io.NopCloser(bytes.NewReader(c.data)), nil
	}
	return c.fsys.Open(c.path)
}

// Handler serves the playground page at / and its assets under AssetsPath. endpoint and csv are
// the GraphQL endpoint and the CSV download the page calls (same origin, e.g. /query and /csv).
// It panics if the embedded build is broken, which only a bad commit of dist/ can do and the
// package's tests catch.
func Handler(endpoint, csv string) http.Handler {
	assets, err := loadAssets()
	if err != nil {
		panic(err)
	}
	index, err := readIndex(dist, endpoint, csv)
	if err != nil {
		panic(err)
	}
	return &handler{index: index, assets: assets}
}

type handler struct {
	index  *asset
	assets map[string]*asset
}

// loadAssets reads the embedded assets once: they are the same for every handler.
var loadAssets = sync.OnceValues(func() (map[string]*asset, error) { return readAssets(dist) })

// readIndex reads the page and puts the endpoints into it.
func readIndex(fsys fs.FS, endpoint, csv string) (*asset, error) {
	b, err := fs.ReadFile(fsys, "dist/index.html")
	if err != nil {
		return nil, fmt.Errorf("playground: read the page: %w", err)
	}
	page := string(b)
	for _, p := range []struct{ placeholder, value string }{{"%ENDPOINT%", endpoint}, {"%CSV%", csv}} {
		if !strings.Contains(page, p.placeholder) {
			return nil, fmt.Errorf("playground: the page has no %s: rebuild it (internal/playground/web/build.sh)", p.placeholder)
		}
		page = strings.ReplaceAll(page, p.placeholder, html.EscapeString(p.value))
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	_, _ = zw.Write([]byte(page)) // a bytes.Buffer takes everything
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("playground: compress the page: %w", err)
	}
	return &asset{
		contentType:  "text/html; charset=utf-8",
		cacheControl: "no-cache",
		identity:     []byte(page),
		size:         int64(len(page)),
		gzip:         &content{data: gz.Bytes(), size: int64(gz.Len())},
		tag:          hashTag([]byte(page)),
	}, nil
}

// readAssets reads dist/assets: NAME.gz for every asset, NAME.br when the build made one.
func readAssets(fsys fs.FS) (map[string]*asset, error) {
	entries, err := fs.ReadDir(fsys, "dist/assets")
	if err != nil {
		return nil, fmt.Errorf("playground: list the assets: %w", err)
	}
	assets := map[string]*asset{}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".gz")
		if !ok {
			continue
		}
		a, err := readAsset(fsys, name)
		if err != nil {
			return nil, err
		}
		assets[name] = a
	}
	for _, e := range entries {
		name := strings.TrimSuffix(strings.TrimSuffix(e.Name(), ".gz"), ".br")
		if assets[name] == nil {
			return nil, fmt.Errorf("playground: dist/assets/%s has no gzip form: rebuild the assets (internal/playground/web/build.sh)", e.Name())
		}
	}
	if len(assets) == 0 {
		return nil, errors.New("playground: dist/assets is empty: build the assets (internal/playground/web/build.sh)")
	}
	return assets, nil
}

func readAsset(fsys fs.FS, name string) (*asset, error) {
	ct, ok := contentTypes[path.Ext(name)]
	if !ok {
		return nil, fmt.Errorf("playground: dist/assets/%s: no content type for its kind", name)
	}
	gz, err := fs.ReadFile(fsys, "dist/assets/"+name+".gz") // read once, to check and hash it
	if err != nil {
		return nil, fmt.Errorf("playground: read %s: %w", name, err)
	}
	size, err := gzipSize(gz)
	if err != nil {
		return nil, fmt.Errorf("playground: dist/assets/%s.gz: %w", name, err)
	}
	a := &asset{
		contentType:  ct,
		cacheControl: "public, max-age=31536000, immutable",
		size:         size,
		gzip:         &content{fsys: fsys, path: "dist/assets/" + name + ".gz", size: int64(len(gz))},
		tag:          hashTag(gz),
	}
	br, err := fs.Stat(fsys, "dist/assets/"+name+".br")
	switch {
	case err == nil:
		a.br = &content{fsys: fsys, path: "dist/assets/" + name + ".br", size: br.Size()}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("playground: read %s.br: %w", name, err)
	}
	return a, nil
}

// gzipSize reads the length of what gz decodes to from its trailer (RFC 1952's ISIZE, modulo
// 2^32: the assets are far smaller), so that the identity form's Content-Length is known
// without decoding it.
func gzipSize(gz []byte) (int64, error) {
	if len(gz) < 18 || gz[0] != 0x1f || gz[1] != 0x8b {
		return 0, errors.New("not gzip")
	}
	return int64(binary.LittleEndian.Uint32(gz[len(gz)-4:])), nil
}

// hashTag is the opaque part of an entity tag: a hash of the stored content.
func hashTag(b []byte) string {
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	var a *asset
	switch p := r.URL.Path; {
	case p == "/" || p == "":
		a = h.index
		w.Header().Set("Content-Security-Policy", csp)
	case strings.HasPrefix(p, AssetsPath):
		a = h.assets[strings.TrimPrefix(p, AssetsPath)]
	}
	if a == nil {
		http.NotFound(w, r)
		return
	}
	a.serve(w, r)
}

// Content codings, in the order the server prefers them when a client accepts several.
const (
	identity = "identity"
	brotli   = "br"
	gzipped  = "gzip"
)

// serve writes a in the best coding the request accepts, or 304 if the client holds it.
func (a *asset) serve(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Type", a.contentType)
	hdr.Set("Cache-Control", a.cacheControl)
	hdr.Set("Vary", "Accept-Encoding")
	hdr.Set("X-Content-Type-Options", "nosniff")
	coding := negotiate(r.Header.Get("Accept-Encoding"), a.br != nil)
	hdr.Set("ETag", a.etag(coding))
	if a.matches(r.Header.Get("If-None-Match")) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body, size, err := a.form(coding)
	if err != nil { // the embedded files are checked at start: this cannot be
		http.Error(w, "the asset could not be read", http.StatusInternalServerError)
		return
	}
	defer body.Close()
	if coding != identity {
		hdr.Set("Content-Encoding", coding)
	}
	hdr.Set("Content-Length", strconv.FormatInt(size, 10))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	_, _ = io.Copy(w, body) // the client went away: nothing to tell it
}

// form returns the asset in coding and its length.
func (a *asset) form(coding string) (io.ReadCloser, int64, error) {
	switch {
	case coding == brotli:
		r, err := a.br.open()
		return r, a.br.size, err
	case coding == gzipped:
		r, err := a.gzip.open()
		return r, a.gzip.size, err
	case a.identity != nil:
		return io.NopCloser(bytes.NewReader(a.identity)), a.size, nil
	}
	r, err := a.gzip.open()
	if err != nil {
		return nil, 0, err
	}
	zr, err := gzip.NewReader(r)
	if err != nil { // checked at load: the header is gzip's
		r.Close()
		return nil, 0, err
	}
	return struct {
		io.Reader
		io.Closer
	}{zr, r}, a.size, nil
}

// etag is the strong entity tag of the asset in coding: each coding is a representation of
// its own (RFC 9110, 8.8.3.3).
func (a *asset) etag(coding string) string {
	if coding == identity {
		return `"` + a.tag + `"`
	}
	return `"` + a.tag + "-" + coding + `"`
}

// matches reports whether an If-None-Match list names any form of the asset: a client holding
// any of them holds the current content, since the content never changes under its tag.
// Comparison is weak, as RFC 9110 (13.1.2) asks for If-None-Match.
func (a *asset) matches(ifNoneMatch string) bool {
	if ifNoneMatch == "" {
		return false
	}
	for t := range strings.SplitSeq(ifNoneMatch, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" {
			return true
		}
		for _, c := range []string{identity, gzipped, brotli} {
			if t == a.etag(c) {
				return true
			}
		}
	}
	return false
}

// negotiate picks the content coding to send for an Accept-Encoding value: the acceptable one
// with the highest weight, brotli before gzip on a tie, and identity when neither is
// acceptable (RFC 9110, 12.5.3; the server never refuses for want of a coding).
func negotiate(acceptEncoding string, haveBrotli bool) string {
	weights := map[string]float64{}
	for item := range strings.SplitSeq(acceptEncoding, ",") {
		coding, params, _ := strings.Cut(item, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding == "" {
			continue
		}
		weights[coding] = weight(params)
	}
	weightOf := func(coding string) float64 {
		if w, ok := weights[coding]; ok {
			return w
		}
		if coding == gzipped {
			if w, ok := weights["x-gzip"]; ok {
				return w
			}
		}
		return weights["*"] // zero when absent: a coding must be asked for
	}
	best, bestWeight := identity, 0.0
	if haveBrotli && weightOf(brotli) > bestWeight {
		best, bestWeight = brotli, weightOf(brotli)
	}
	if weightOf(gzipped) > bestWeight {
		best = gzipped
	}
	return best
}

// weight reads the q parameter of an Accept-Encoding item: 1 if absent, 0 if unreadable.
func weight(params string) float64 {
	for p := range strings.SplitSeq(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(k, "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || q < 0 || q > 1 {
				return 0
			}
			return q
		}
	}
	return 1
}
