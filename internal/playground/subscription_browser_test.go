package playground_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/follow"
	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/live"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// TestPlaygroundSubscription runs examples/changes.graphql in the playground in headless
// Chromium (over GraphQL over SSE, from the bundle, under the page's CSP), makes a write
// through the API, and sees its event arrive in the result pane.
func TestPlaygroundSubscription(t *testing.T) {
	chromium := os.Getenv(chromiumEnv)
	if chromium == "" {
		t.Skipf("%s is not set: the playground's browser test is skipped (set it to a Chromium binary such as /usr/bin/chromium; .ci/run does)", chromiumEnv)
	}
	s := testdb.Open(t, store.SQLite)
	fctx, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	f := follow.New(s, follow.Options{Interval: 100 * time.Millisecond})
	s.OnCommit(func(int64) { f.Wake() })
	go f.Run(fctx)
	hub := live.NewHub(s, f, live.Limits{})
	srv := httptest.NewServer(api.New(s, api.Options{CORSOrigins: []string{"*"}, Live: hub}))
	t.Cleanup(func() {
		ctx, c := context.WithTimeout(context.Background(), 5*time.Second)
		defer c()
		_ = hub.Close(ctx)
		srv.Close()
	})
	key, hash, err := auth.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateKey(context.Background(), "editor-playground", string(auth.RoleEditor), hash); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	ctx = newBrowser(t, ctx, chromium)
	traffic := watch(t, ctx, srv.URL)
	step(t, ctx, "record CSP violations", recordCSPViolations())
	step(t, ctx, "open the playground", chromedp.Steps(
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`button[aria-label^="Execute query"]`)),
		// The editor holds the default example: it is ready to take another.
		waitFor(`document.querySelector('.graphiql-query-editor .view-lines')?.textContent.includes('411224')`),
	))
	step(t, ctx, "show the examples", chromedp.Steps(
		chromedp.Click(chromedp.CSS(`button[aria-label="Show Examples"]`)),
		waitFor(`document.querySelectorAll('.aidgraph-examples li button').length > 0`)))
	step(t, ctx, "open the changes example", chromedp.Steps(
		// Click the list's changes entry, once it is there.
		waitFor(`(() => {
			const b = [...document.querySelectorAll('.aidgraph-examples li button')].find(b => b.textContent.endsWith('changes.graphql'));
			b?.click();
			return !!b;
		})()`),
		waitFor(`document.querySelector('.graphiql-query-editor .view-lines')?.textContent.replace(/\s/g, ' ').includes('changes(after')`),
	))
	// GraphiQL takes the editor's text a moment after it shows: run until the subscription opens.
	for i := 0; hub.Stats().Subscribers == 0; i++ {
		if i == 10 {
			t.Fatal("the playground opened no subscription")
		}
		step(t, ctx, "run the subscription", chromedp.Click(chromedp.CSS(`button[aria-label^="Execute query"]`)))
		for end := time.Now().Add(2 * time.Second); hub.Stats().Subscribers == 0 && time.Now().Before(end); {
			time.Sleep(50 * time.Millisecond)
		}
	}

	in := map[string]any{"name": "游乐场订阅学校", "stage": "PRIMARY",
		"regionId": gid.Encode(model.TypeTownship, 39), "sourceId": gid.Encode(model.TypeSource, 1)}
	body, _ := json.Marshal(map[string]any{"query": `mutation($in: SchoolInput!) { createSchool(input: $in) { id } }`,
		"variables": map[string]any{"in": in}})
	req, _ := http.NewRequest(http.MethodPost, srv.URL+api.QueryPath, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var answer struct{ Errors []any }
	_ = json.NewDecoder(res.Body).Decode(&answer)
	res.Body.Close()
	if len(answer.Errors) > 0 {
		t.Fatalf("the write: %v", answer.Errors)
	}
	step(t, ctx, "see the event in the result pane",
		waitFor(`document.querySelector('.result-window')?.textContent.includes('游乐场订阅学校') &&
			document.querySelector('.result-window')?.textContent.includes('CREATE')`))

	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.aidgraphCSPViolations`))
	if err != nil {
		t.Fatalf("read the CSP violations: %v", err)
	}
	for _, v := range violations {
		t.Errorf("the Content-Security-Policy refused: %s", v)
	}
	traffic.check(t)
}
