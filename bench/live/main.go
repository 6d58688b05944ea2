// Command live measures subscriptions: it opens N GraphQL-over-SSE subscriptions to one
// instance, writes at a steady rate through another (or the same), and reports what every
// subscriber received, the latency from each write's answer (after its COMMIT) to its event at
// each subscriber, and, given the server's pid, its RSS and CPU time per delivered event.
//
//	go run ./bench/live -sub http://127.0.0.1:19301 -write http://127.0.0.1:19302 -key KEY \
//	    -subs 2000 -rate 100 -duration 30s -pid PID
//
// Every subscriber counts its events by the "event: next" lines in what it reads, in large
// chunks (so the load tool, on the same machine, costs little); only the first -timed ones
// also decode each event, for the latency. -writers writers share the rate, so that the write
// rate is reached although each write waits for its answer.
//
// With -rate 0 it writes nothing: it holds the subscribers open and idle for -duration (or
// until it is stopped), as a load on the read path (bench/idle_subscribers.sh).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	sub := flag.String("sub", "http://127.0.0.1:19301", "instance the subscribers connect to")
	write := flag.String("write", "", "instance the writes go to (default: -sub)")
	key := flag.String("key", "", "an editor's API key, for the writes")
	subs := flag.Int("subs", 100, "subscribers")
	rate := flag.Int("rate", 100, "writes per second (0: none, the subscribers stay idle for -duration)")
	dur := flag.Duration("duration", 20*time.Second, "how long to write")
	pid := flag.Int("pid", 0, "the subscribers' server's pid, for RSS and CPU (0: not measured)")
	writers := flag.Int("writers", 8, "concurrent writers sharing -rate")
	timed := flag.Int("timed", 20, "subscribers that decode each event for the latency (the others count events)")
	flag.Parse()
	fmt.Printf("load average at start: %s", loadavg())
	if *write == "" {
		*write = *sub
	}
	rss0, cpu0 := procStats(*pid)
	ctx, cancel := context.WithCancel(context.Background())
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}

	var mu sync.Mutex
	written := map[string]time.Time{} // node id -> when its write was answered
	var lat []time.Duration
	counts := make([]atomic.Int64, *subs)
	var opened sync.WaitGroup
	for i := range *subs {
		opened.Add(1)
		if i >= *timed {
			go count(ctx, client, *sub, &opened, &counts[i])
			continue
		}
		go subscribe(ctx, client, *sub, &opened, func(nodeID string, at time.Time) {
			counts[i].Add(1)
			mu.Lock()
			if w, ok := written[nodeID]; ok {
				lat = append(lat, at.Sub(w))
			}
			mu.Unlock()
		})
	}
	opened.Wait()
	time.Sleep(2 * time.Second)
	rss1, cpu1 := procStats(*pid)
	fmt.Printf("subscribers %d open: RSS %.1f MB (before %.1f MB); server goroutines %s\n", *subs, rss1.rss, rss0.rss, goroutines(*sub))
	if *rate == 0 {
		time.Sleep(*dur)
		cancel()
		return
	}

	// The ticker hands out the writes; the writers take them as they are free.
	tokens := make(chan int, *rate)
	var done atomic.Int64
	var wg sync.WaitGroup
	for range *writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range tokens {
				id, err := createSchool(client, *write, *key, n)
				if err != nil {
					fmt.Fprintln(os.Stderr, "write:", err)
					continue
				}
				mu.Lock()
				written[id] = time.Now()
				mu.Unlock()
				done.Add(1)
			}
		}()
	}
	tick := time.NewTicker(time.Second / time.Duration(*rate))
	end := time.Now().Add(*dur)
	for asked := 0; time.Now().Before(end); asked++ {
		<-tick.C
		select {
		case tokens <- asked:
		default: // every writer busy and the queue full: this write is not made
		}
	}
	tick.Stop()
	close(tokens)
	wg.Wait()
	n := int(done.Load())
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		all := true
		for i := range counts {
			all = all && counts[i].Load() >= int64(n)
		}
		if all {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	rss2, cpu2 := procStats(*pid)
	fmt.Printf("load average at end: %s", loadavg())
	cancel()
	var delivered, short int64
	for i := range counts {
		c := counts[i].Load()
		delivered += c
		if c < int64(n) {
			short++
		}
	}
	mu.Lock()
	slices.Sort(lat)
	mu.Unlock()
	q := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	fmt.Printf("writes %d in %v (%.1f/s); events delivered %d of %d expected; subscribers short of events %d\n",
		n, *dur, float64(n)/dur.Seconds(), delivered, int64(n)*int64(*subs), short)
	fmt.Printf("write-answered to event: p50 %v p90 %v p99 %v max %v\n", q(0.5), q(0.9), q(0.99), q(1))
	if *pid != 0 {
		fmt.Printf("VmRSS: %.1f MB idle before, %.1f MB with subscribers, %.1f MB after the writes (growth %.1f MB); VmHWM %.1f MB (growth %.1f MB)\n",
			rss0.rss, rss1.rss, rss2.rss, rss2.rss-rss0.rss, rss2.hwm, rss2.hwm-rss0.hwm)
		if delivered > 0 {
			fmt.Printf("server CPU during the writes: %.2f s, %.1f µs per delivered event (open: %.2f s)\n",
				cpu2-cpu1, (cpu2-cpu1)*1e6/float64(delivered), cpu1-cpu0)
		}
	}
}

const doc = `subscription { changes { cursor nodeId op } }`

// subscribe opens one SSE subscription and calls got for each event until ctx ends.
func subscribe(ctx context.Context, c *http.Client, url string, opened *sync.WaitGroup, got func(string, time.Time)) {
	res, err := open(ctx, c, url)
	opened.Done()
	if err != nil {
		fmt.Fprintln(os.Stderr, "subscribe:", err)
		return
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		now := time.Now()
		var e struct {
			Data *struct{ Changes struct{ NodeID string } }
		}
		if json.Unmarshal([]byte(data), &e) == nil && e.Data != nil {
			got(e.Data.Changes.NodeID, now)
		}
	}
}

// nextLine starts an event that carries a response.
var nextLine = []byte("event: next\n")

// count opens one SSE subscription and counts its events until ctx ends, reading in large
// chunks: it finds each "event: next" line, also one split across two reads.
func count(ctx context.Context, c *http.Client, url string, opened *sync.WaitGroup, n *atomic.Int64) {
	res, err := open(ctx, c, url)
	opened.Done()
	if err != nil {
		fmt.Fprintln(os.Stderr, "subscribe:", err)
		return
	}
	defer res.Body.Close()
	buf := make([]byte, 64<<10)
	kept := 0 // the end of the last read, which may begin a line
	for {
		m, err := res.Body.Read(buf[kept:])
		if m > 0 {
			b := buf[:kept+m]
			n.Add(int64(bytes.Count(b, nextLine)))
			kept = min(len(b), len(nextLine)-1)
			copy(buf, b[len(b)-kept:])
		}
		if err != nil {
			return
		}
	}
}

// open opens one SSE subscription.
func open(ctx context.Context, c *http.Client, url string) (*http.Response, error) {
	body, _ := json.Marshal(map[string]any{"query": doc})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	return c.Do(req)
}

func createSchool(c *http.Client, url, key string, n int) (string, error) {
	in := map[string]any{"name": fmt.Sprintf("压测学校 %d %d", time.Now().UnixNano(), n), "stage": "PRIMARY",
		"regionId": "VG93bnNoaXA6Mzk", "sourceId": "U291cmNlOjE"}
	body, _ := json.Marshal(map[string]any{"query": `mutation($in: SchoolInput!) { createSchool(input: $in) { id } }`, "variables": map[string]any{"in": in}})
	req, _ := http.NewRequest(http.MethodPost, url+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var out struct {
		Data   *struct{ CreateSchool struct{ ID string } }
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return "", err
	}
	if len(out.Errors) > 0 || out.Data == nil {
		return "", fmt.Errorf("%v", out.Errors)
	}
	return out.Data.CreateSchool.ID, nil
}

// mem is a process's resident memory (MB): now, and its peak.
type mem struct{ rss, hwm float64 }

// procStats returns pid's memory and CPU time (s, user+system); zeros for pid 0.
func procStats(pid int) (mem, float64) {
	var m mem
	if pid == 0 {
		return m, 0
	}
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			f := strings.Fields(l)
			if len(f) < 2 {
				continue
			}
			kb, _ := strconv.ParseFloat(f[1], 64)
			switch f[0] {
			case "VmRSS:":
				m.rss = kb / 1024
			case "VmHWM:":
				m.hwm = kb / 1024
			}
		}
	}
	var cpu float64
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
		u, _ := strconv.ParseFloat(f[11], 64)
		st, _ := strconv.ParseFloat(f[12], 64)
		cpu = (u + st) / 100 // clock ticks
	}
	return m, cpu
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	return string(b)
}

// goroutines returns the server's go_goroutines from its /metrics ("?" if not read).
func goroutines(url string) string {
	res, err := http.Get(url + "/metrics")
	if err != nil {
		return "?"
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go_goroutines "); ok {
			return v
		}
	}
	return "?"
}
