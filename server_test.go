package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/config"
)

// start runs the server on db, with --addr-file and any more args, until the returned stop is
// called; it returns the base URL, read from the address file. stop checks that the server
// removed the file and said where it served.
func start(t *testing.T, db string, args ...string) (base string, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrFile := filepath.Join(t.TempDir(), "addr")
	var banner strings.Builder
	done := make(chan error, 1)
	go func() {
		args := append([]string{"--db", db, "--addr", "127.0.0.1:0", "--addr-file", addrFile}, args...)
		done <- serveCommand(ctx, args, func(string) string { return "" }, &banner, io.Discard)
	}()
	addr, err := waitForAddrFile(addrFile, done)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	base = "http://" + addr
	return base, func() error {
		cancel()
		select {
		case err := <-done:
			if _, statErr := os.Stat(addrFile); !errors.Is(statErr, fs.ErrNotExist) {
				t.Errorf("the server left its address file: %v", statErr)
			}
			if !strings.Contains(banner.String(), "serving on "+base) {
				t.Errorf("banner %q does not give the address %s", banner.String(), base)
			}
			return err
		case <-time.After(20 * time.Second):
			t.Fatal("server did not shut down")
			return nil
		}
	}
}

// waitForAddrFile returns the address the server wrote to path, once it has, or the server's
// error if it stopped first.
func waitForAddrFile(path string, done <-chan error) (string, error) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, err := os.ReadFile(path); err == nil {
			return strings.TrimSpace(string(b)), nil
		}
		select {
		case err := <-done:
			return "", fmt.Errorf("the server stopped before it listened: %v", err)
		case <-tick.C:
		}
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// TestServeRestartAndShutdown runs the server as `go run .` does, on a new SQLite file, twice:
// the second start must find the data in place and serve it unchanged.
func TestServeRestartAndShutdown(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "aidgraph.db")
	for i := range 2 {
		base, stop := start(t, db)
		if code, body := get(t, base+"/healthz"); code != http.StatusOK || body != "ok\n" {
			t.Errorf("start %d: /healthz gave %d %q", i, code, body)
		}
		if code, body := get(t, base+"/"); code != http.StatusOK || !strings.Contains(strings.ToLower(body), "graphiql") {
			t.Errorf("start %d: playground gave %d", i, code)
		}
		// GET works too, for links and caches.
		code, body := get(t, base+`/query?query=%7Bregion(code:%22411224%22)%7Bname%7D%7D`)
		if code != http.StatusOK || !strings.Contains(body, `"name":"卢氏县"`) {
			t.Errorf("start %d: GET /query gave %d %s", i, code, body)
		}
		if err := stop(); err != nil {
			t.Errorf("start %d: shutdown: %v", i, err)
		}
	}
}

func TestHelpListsEverySetting(t *testing.T) {
	var out strings.Builder
	err := serveCommand(context.Background(), []string{"--help"}, func(string) string { return "" }, io.Discard, &out)
	if err != errHelp {
		t.Fatalf("run --help: %v, want errHelp", err)
	}
	for _, v := range []string{"AIDGRAPH_DB", "AIDGRAPH_ADDR", "AIDGRAPH_MAX_PAGE_SIZE", "AIDGRAPH_LOAD_ARTICLE", "AIDGRAPH_CORS_ORIGINS"} {
		if !strings.Contains(out.String(), v) {
			t.Errorf("--help does not mention %s:\n%s", v, out.String())
		}
	}
}

func TestBadSettingIsAnError(t *testing.T) {
	err := serveCommand(context.Background(), []string{"--db", "postgres://x"}, func(string) string { return "" }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "sqlite:PATH or mysql://") {
		t.Errorf("run with a bad --db: %v", err)
	}
}

// TestStartWaitsForTheDatabase starts the server on MySQL addresses that do not answer: one that
// refuses connections, where start-up gives up after --db-wait with a message that says so, and
// one that accepts and then says nothing, where a signal (a cancelled context) stops it at once.
func TestStartWaitsForTheDatabase(t *testing.T) {
	refusing, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refusingAddr := refusing.Addr().String()
	refusing.Close()

	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() { // accept, and never answer
		var held []net.Conn
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()

	tests := []struct {
		name, addr, wait string
		cancelAfter      time.Duration // 0: never
		says             string
	}{
		{"refused", refusingAddr, "1s", 0, "did not answer within 1s"},
		{"frozen, then a signal", silent.Addr().String(), "60s", 300 * time.Millisecond, "stopped while waiting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancelAfter > 0 {
				time.AfterFunc(tt.cancelAfter, cancel)
			}
			done := make(chan error, 1)
			go func() {
				done <- serveCommand(ctx, []string{"--db", "mysql://root@" + tt.addr + "/aidgraph", "--db-wait", tt.wait, "--addr", "127.0.0.1:0"},
					func(string) string { return "" }, io.Discard, io.Discard)
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tt.says) {
					t.Errorf("run: %v; want an error that says %q", err, tt.says)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("start-up neither gave up nor stopped")
			}
		})
	}
}

// TestConcurrentStartsOnANewFile opens one new SQLite file from four starts at once, as four
// processes started together would, a few times over: each must migrate and load it, or find
// it done, and none may fail ("table sources already exists").
func TestConcurrentStartsOnANewFile(t *testing.T) {
	for round := range 3 {
		db := "sqlite:" + filepath.Join(t.TempDir(), "aidgraph.db")
		cfg, err := config.Parse([]string{"--db", db}, func(string) string { return "" }, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for range 4 {
			wg.Go(func() {
				s, err := openStore(context.Background(), cfg, nil)
				if err == nil {
					s.Close()
				}
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("round %d: %v", round, err)
			}
		}
	}
}

// TestHeapLimitLeavesRoomForSQLite: on SQLite the heap's soft limit leaves the database's
// in-process caches their share of --memory-limit; on MySQL it is the setting.
func TestHeapLimitLeavesRoomForSQLite(t *testing.T) {
	for _, c := range []struct {
		db   string
		set  int64
		want int64
	}{
		{"sqlite:/tmp/x.db", 120 << 20, 96 << 20},
		{"sqlite:/tmp/x.db", 32 << 20, 16 << 20},
		{"mysql://root@localhost/x", 120 << 20, 120 << 20},
	} {
		if got := heapLimit(&config.Config{DB: c.db, MemoryLimit: c.set}); got != c.want {
			t.Errorf("%s, --memory-limit %d: heap limit %d, want %d", c.db, c.set, got, c.want)
		}
	}
}
