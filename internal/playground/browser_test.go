package playground_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// Variables of the browser test.
const (
	// chromiumEnv names the Chromium binary the test drives; the test is skipped without it.
	chromiumEnv = "AIDGRAPH_TEST_CHROMIUM"
	// screenshotEnv, when set, has the test save its screenshots as docs/playground.png,
	// docs/playground-table.png and docs/playground-chart.png, which the README shows. Chromium draws Chinese only with a CJK font installed
	// (apt-get install fonts-wqy-microhei, or fonts-noto-cjk).
	screenshotEnv = "AIDGRAPH_SCREENSHOT"
)

// TestPlaygroundInBrowser opens the playground in headless Chromium, against the real API on the
// article's data, and uses it as a reader would: runs the default query from the button, opens
// the explorer and the docs, and downloads the answer as CSV. Chromium resolves no host but the
// test server's, and the test fails if the page asks any other for anything, or if its
// Content-Security-Policy refuses anything it asks for.
func TestPlaygroundInBrowser(t *testing.T) {
	chromium := os.Getenv(chromiumEnv)
	if chromium == "" {
		t.Skipf("%s is not set: the playground's browser test is skipped (set it to a Chromium binary such as /usr/bin/chromium; .ci/run does)", chromiumEnv)
	}
	srv := httptest.NewServer(api.New(testdb.Open(t, store.SQLite), api.Options{CORSOrigins: []string{"*"}}))
	t.Cleanup(srv.Close)

	// One bound for everything the browser does, its start included.
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	ctx = newBrowser(t, ctx, chromium)
	traffic := watch(t, ctx, srv.URL)
	step(t, ctx, "record CSP violations", recordCSPViolations())

	start := time.Now()
	step(t, ctx, "open the playground", chromedp.Navigate(srv.URL+"/"))
	step(t, ctx, "wait for GraphiQL", chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(`button[aria-label^="Execute query"]`)),
		waitFor(`document.querySelector('.graphiql-query-editor .view-lines')?.textContent.includes('411224')`),
	))
	ready := time.Since(start)
	step(t, ctx, "run the default query", chromedp.Steps(
		chromedp.Click(chromedp.CSS(`button[aria-label^="Execute query"]`)),
		waitFor(`document.querySelector('.result-window')?.textContent.includes('卢氏县')`),
	))
	answered := time.Since(start)

	step(t, ctx, "open the explorer", chromedp.Steps(
		chromedp.Click(chromedp.CSS(`button[aria-label="Show GraphiQL Explorer"]`)),
		waitFor(`document.querySelector('.graphiql-plugin')?.textContent.includes('region')`),
	))
	step(t, ctx, "open the docs, then the Query type", chromedp.Steps(
		chromedp.Click(chromedp.CSS(`button[aria-label="Show Documentation Explorer"]`)),
		waitFor(`document.querySelector('.graphiql-doc-explorer')?.textContent.includes('Query')`),
		// The first type the docs name is the root type, Query.
		chromedp.Click(chromedp.CSS(`.graphiql-doc-explorer-content a.graphiql-doc-explorer-type-name`)),
		waitFor(`document.querySelector('.graphiql-doc-explorer-title')?.textContent === 'Query' &&
			document.querySelector('.graphiql-doc-explorer-content')?.textContent.includes('region')`),
	))
	saveScreenshot(t, ctx, "playground.png")
	checkCSVDownload(t, ctx)
	step(t, ctx, "open an example from the list", chromedp.Steps(
		chromedp.Click(chromedp.CSS(`button[aria-label="Show Examples"]`)),
		chromedp.Click(chromedp.CSS(`.aidgraph-examples li:last-child button`)), // villages.graphql
		waitFor(`document.querySelector('.graphiql-query-editor .view-lines')?.textContent.includes('Villages')`),
	))
	checkTableAndChart(t, ctx)

	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.aidgraphCSPViolations`))
	if err != nil {
		t.Fatalf("read the CSP violations: %v", err)
	}
	for _, v := range violations {
		t.Errorf("the Content-Security-Policy refused: %s", v)
	}
	traffic.check(t)
	t.Logf("GraphiQL ready %v after navigation, the default query's answer shown after %v", ready.Round(time.Millisecond), answered.Round(time.Millisecond))
}

// newBrowser starts Chromium for ctx with a fresh profile, resolving no host but 127.0.0.1.
func newBrowser(t *testing.T, ctx context.Context, chromium string) context.Context {
	t.Helper()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // /dev/shm is small in containers
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
	)
	t.Cleanup(cancelAlloc)
	bctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	step(t, bctx, "start Chromium", chromedp.Steps())
	return bctx
}

// step runs a, failing the test with what it was doing if a fails.
func step(t *testing.T, ctx context.Context, what string, a chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, a); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// waitFor waits until the JavaScript expression is true; the context bounds the wait.
func waitFor(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(50*time.Millisecond))
}

// recordCSPViolations has every document of the tab keep the Content-Security-Policy
// violations it sees in window.aidgraphCSPViolations.
func recordCSPViolations() chromedp.Action[chromedp.Void] {
	const js = `window.aidgraphCSPViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.aidgraphCSPViolations.push(e.violatedDirective + ' ' + e.blockedURI));`
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js})
		return err
	})
}

// traffic is what the tab asked for and received, from its network events.
type traffic struct {
	host string // the test server's, the only one the page may reach

	mu         sync.Mutex
	urls       map[network.RequestID]string
	offsite    []string
	failed     []string
	exceptions []string
	responses  int
	assetBytes float64 // on the wire: headers and encoded bodies
	apiBytes   float64
}

// watch records the tab's requests, what they cost on the wire, and its uncaught exceptions.
func watch(t *testing.T, ctx context.Context, serverURL string) *traffic {
	t.Helper()
	u, err := url.Parse(serverURL)
	if err != nil {
		t.Fatal(err)
	}
	n := &traffic{host: u.Host, urls: map[network.RequestID]string{}}
	if err := chromedp.Listen(ctx, n.event); err != nil {
		t.Fatalf("listen to the tab: %v", err)
	}
	return n
}

// event runs in the tab's event loop: it only records.
func (n *traffic) event(ev any) {
	n.mu.Lock()
	defer n.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		n.urls[ev.RequestID] = ev.Request.URL
		if u, err := url.Parse(ev.Request.URL); err == nil && u.Host != n.host &&
			(u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "ws" || u.Scheme == "wss") {
			n.offsite = append(n.offsite, ev.Request.URL)
		}
	case *network.EventLoadingFinished:
		n.responses++
		if p := pathOf(n.urls[ev.RequestID]); p == api.QueryPath || p == api.CSVPath {
			n.apiBytes += ev.EncodedDataLength
		} else {
			n.assetBytes += ev.EncodedDataLength
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			n.failed = append(n.failed, fmt.Sprintf("%s: %s", n.urls[ev.RequestID], ev.ErrorText))
		}
	case *runtime.EventExceptionThrown:
		n.exceptions = append(n.exceptions, exceptionText(ev.ExceptionDetails))
	}
}

// check fails the test for every request that went elsewhere or failed, and for every uncaught
// exception; and logs the playground's size on the wire.
func (n *traffic) check(t *testing.T) {
	t.Helper()
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, u := range n.offsite {
		t.Errorf("the page asked another host than the server for %s", u)
	}
	for _, f := range n.failed {
		t.Errorf("a request failed: %s", f)
	}
	for _, e := range n.exceptions {
		t.Errorf("uncaught exception in the page: %s", e)
	}
	t.Logf("on the wire: %d responses, %.0f kB in all: %.0f kB of page and assets, %.0f kB of API answers",
		n.responses, (n.assetBytes+n.apiBytes)/1000, n.assetBytes/1000, n.apiBytes/1000)
}

func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Path
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "(no details)"
	}
	if d.Exception != nil && d.Exception.Description != "" {
		return d.Exception.Description
	}
	return fmt.Sprintf("%s (%s:%d)", d.Text, d.URL, d.LineNumber+1)
}

// saveScreenshot takes a PNG of the window, and saves it as docs/NAME when screenshotEnv is set.
func saveScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("the screenshot is not a PNG")
	}
	path := filepath.Join(t.TempDir(), name)
	if os.Getenv(screenshotEnv) != "" {
		path = filepath.Join("..", "..", "docs", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("save the screenshot: %v", err)
	}
	t.Logf("screenshot: %s (%d kB)", path, len(png)/1000)
}

// checkCSVDownload clicks "Download CSV" and checks the file Chromium saves: the default
// query's first list, the ancestors of 卢氏县, as CSV for spreadsheets.
func checkCSVDownload(t *testing.T, ctx context.Context) {
	t.Helper()
	dir := t.TempDir()
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: new(true),
	})
	if err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	step(t, ctx, "click Download CSV", chromedp.Click(chromedp.CSS(`button[aria-label="Download CSV"]`)))
	var file string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("wait for the CSV download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the CSV download was canceled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			file = filepath.Join(dir, ev.GUID)
			break
		}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("read the CSV download: %v", err)
	}
	csv := string(b)
	// The example selects each ancestor's id (for clients' caches) and name.
	if !strings.HasPrefix(csv, "\ufeffid,name\r\n") || !strings.Contains(csv, ",河南省\r\n") || !strings.Contains(csv, ",三门峡市\r\n") {
		t.Errorf("the CSV download is not the ancestors of 卢氏县: %q", csv)
	}
}
