package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// postAs sends one GraphQL request with key from any goroutine: it returns what a test goroutine
// may not report itself (t.Fatal ends only the test's own).
func postAs(url, key, q string, vars map[string]any, out any) error {
	b, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, url+api.QueryPath, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range bearerOf(key) {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var r struct {
		Data   json.RawMessage
		Errors []gqlError
	}
	if err := json.Unmarshal(raw, &r); err != nil || res.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %.300s", res.StatusCode, raw)
	}
	if len(r.Errors) > 0 {
		return &writeRefused{errs: r.Errors}
	}
	if out != nil {
		dec := json.NewDecoder(bytes.NewReader(r.Data))
		dec.UseNumber()
		return dec.Decode(out)
	}
	return nil
}

// writeRefused is a request answered with GraphQL errors.
type writeRefused struct{ errs []gqlError }

func (e *writeRefused) Error() string { return errorsText(e.errs) }

// only tells whether every error has the code.
func (e *writeRefused) only(code string) bool {
	for _, g := range e.errs {
		if g.Extensions["code"] != code {
			return false
		}
	}
	return true
}

// TestConcurrentWritesFeed runs 16 writers at once, each creating a project and updating it,
// while a follower pages changes(since:) with cursors as they write: it must see every change
// exactly once, in seq order, on both databases; every write succeeds (no writer shares a row
// with another, though all share the project summary's group), and each project's history is
// its versions in order.
func TestConcurrentWritesFeed(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		w := newWrites(t, d)
		since, err := w.h.store.DataVersion(context.Background())
		if err != nil {
			t.Fatal(err)
		}

		const writers, updates = 16, 6
		var wg sync.WaitGroup
		var writing atomic.Int32
		writing.Store(writers)
		errs := make(chan error, writers+1)
		ids := make([]string, writers)
		for i := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer writing.Add(-1)
				in := with(baseInputs()["Project"], "name", "并发写入测试项目 "+strconv.Itoa(i))
				var c map[string]created
				if err := postAs(w.h.url, w.editor, createDoc("Project"), map[string]any{"in": in}, &c); err != nil {
					errs <- fmt.Errorf("writer %d, create: %w", i, err)
					return
				}
				p := c["createProject"]
				ids[i] = p.ID
				for u := range updates {
					in = with(in, "budgetYuan", strconv.Itoa(1000000+i*100+u))
					if err := postAs(w.h.url, w.editor, updateDoc("Project"), map[string]any{"id": p.ID, "v": p.Version, "in": in}, &c); err != nil {
						errs <- fmt.Errorf("writer %d, update %d: %w", i, u, err)
						return
					}
					p = c["updateProject"]
				}
			}()
		}

		// The follower: pages the feed while they write, then once more after.
		var seen []change
		var after any
		page := func() (bool, error) {
			var got struct{ Changes changePage }
			err := postAs(w.h.url, w.admin, `query($since: Int64, $after: String) { changes(since: $since, first: 7, after: $after) {
				nodes { `+changeFields+` } edges { cursor } pageInfo { hasNextPage endCursor } } }`,
				map[string]any{"since": since, "after": after}, &got)
			if err != nil {
				return false, err
			}
			seen = append(seen, got.Changes.Nodes...)
			if c := got.Changes.PageInfo.EndCursor; c != nil {
				after = *c
			}
			return got.Changes.PageInfo.HasNextPage, nil
		}
		for writing.Load() > 0 {
			if _, err := page(); err != nil {
				t.Fatalf("follower: %v", err)
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		for more := true; more; {
			var err error
			if more, err = page(); err != nil {
				t.Fatal(err)
			}
		}

		// What the follower saw is the table, once each, in order.
		rows, err := w.db.Query("SELECT seq, node_id, version FROM changes WHERE seq > ? ORDER BY seq, id", since)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var want []string
		for rows.Next() {
			var seq, node int64
			var version int
			if err := rows.Scan(&seq, &node, &version); err != nil {
				t.Fatal(err)
			}
			want = append(want, fmt.Sprintf("%d/%d/v%d", seq, node, version))
		}
		var got []string
		for _, c := range seen {
			got = append(got, fmt.Sprintf("%d/%s/v%d", seqOf(t, c), nodeRowID(t, c.NodeID), c.Version))
		}
		if len(want) != writers*(1+updates) {
			t.Errorf("%d changes recorded, want %d", len(want), writers*(1+updates))
		}
		if jsonText(got) != jsonText(want) {
			t.Errorf("the follower saw %d changes, the table holds %d:\n got %q\nwant %q", len(got), len(want), firstN(got, 40), firstN(want, 40))
		}
		for i := 1; i < len(seen); i++ {
			if seqOf(t, seen[i]) < seqOf(t, seen[i-1]) {
				t.Errorf("change %d: seq %s after %s", i, seen[i].Seq, seen[i-1].Seq)
			}
		}
		for i, id := range ids {
			if id == "" {
				continue
			}
			var versions []int
			for _, c := range w.history(t, w.admin, id) {
				versions = append(versions, c.Version)
			}
			if jsonText(versions) != "[1,2,3,4,5,6,7]" {
				t.Errorf("writer %d's project: versions %v in its history", i, versions)
			}
		}
	})
}

// TestConcurrentWritesSameRows runs 8 writers on the same 2 projects, each updating at the
// version it last read: every answer is a success or CONFLICT (after which it reads again), and
// every success is in the project's history, with no version twice.
func TestConcurrentWritesSameRows(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		w := newWrites(t, d)
		in := with(baseInputs()["Project"], "name", "同行并发测试项目")
		projects := []created{w.create(t, w.editor, "Project", in),
			w.create(t, w.editor, "Project", with(in, "name", "同行并发测试项目二"))}
		inputs := []map[string]any{in, with(in, "name", "同行并发测试项目二")}
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := map[string][]int{}
		errs := make(chan error, 8)
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p := projects[i%2]
				version := p.Version
				for u := range 5 {
					in := with(inputs[i%2], "budgetYuan", strconv.Itoa(2000000+i*10+u))
					var c map[string]created
					err := postAs(w.h.url, w.editor, updateDoc("Project"), map[string]any{"id": p.ID, "v": version, "in": in}, &c)
					var refused *writeRefused
					switch {
					case err == nil:
						mu.Lock()
						wins[p.ID] = append(wins[p.ID], c["updateProject"].Version)
						mu.Unlock()
						version = c["updateProject"].Version
					case asRefused(err, &refused) && refused.only("CONFLICT"):
						var cur struct{ Node struct{ Version int } }
						if err := postAs(w.h.url, w.editor, `query($id: ID!) { node(id: $id) { ... on Project { version } } }`,
							map[string]any{"id": p.ID}, &cur); err != nil {
							errs <- err
							return
						}
						version = cur.Node.Version
					default:
						errs <- fmt.Errorf("writer %d: %w; want success or CONFLICT", i, err)
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		for _, p := range projects {
			var versions []int
			for _, c := range w.history(t, w.admin, p.ID) {
				if c.Op == "UPDATE" {
					versions = append(versions, c.Version)
				}
			}
			got := wins[p.ID]
			if len(versions) != len(got) {
				t.Errorf("%s: %d updates succeeded, its history has %d", p.ID, len(got), len(versions))
			}
			for i, v := range versions {
				if v != i+2 {
					t.Errorf("%s: history's versions %v, want 2, 3, … each once", p.ID, versions)
					break
				}
			}
		}
	})
}

func asRefused(err error, out **writeRefused) bool {
	r, ok := err.(*writeRefused)
	*out = r
	return ok
}

// nodeRowID is the row id a global id names.
func nodeRowID(t *testing.T, id string) string {
	t.Helper()
	_, n, err := gid.Decode(id)
	if err != nil {
		t.Fatalf("node id %q: %v", id, err)
	}
	return strconv.FormatInt(n, 10)
}

// TestConcurrentCreatesOfOneNaturalKey sends 8 creates of the same school at once: one is
// recorded, and every other is told that it exists already (or, having waited too long, to try
// again), on both databases; the school is recorded once.
func TestConcurrentCreatesOfOneNaturalKey(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		w := newWrites(t, d)
		in := with(baseInputs()["School"], "name", "并发同名测试学校")
		errs := make(chan error, 8)
		var wg sync.WaitGroup
		var ok atomic.Int32
		for range 8 {
			wg.Go(func() {
				err := postAs(w.h.url, w.editor, createDoc("School"), map[string]any{"in": in}, nil)
				var refused *writeRefused
				switch {
				case err == nil:
					ok.Add(1)
				case asRefused(err, &refused) && (refused.only("ALREADY_EXISTS") || refused.only("CONFLICT")):
				default:
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("a create of a school being created: %v; want ALREADY_EXISTS or CONFLICT", err)
		}
		var n int
		if err := w.db.QueryRow("SELECT COUNT(*) FROM schools WHERE name = ?", "并发同名测试学校").Scan(&n); err != nil || n != 1 || ok.Load() != 1 {
			t.Errorf("%d creates succeeded, %d schools recorded (%v); want 1 and 1", ok.Load(), n, err)
		}
	})
}
