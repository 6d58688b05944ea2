// Command live measures subscriptions: it opens N GraphQL-over-SSE subscriptions to one
// instance, writes at a steady rate through another (or the same), and reports what every
// subscriber received, the latency from each write's answer (after its COMMIT) to its event at
// each subscriber, and, given the server's pid, its RSS and CPU time per delivered event.
//
//	go run ./bench/live -sub http://127.0.0.1:19301 -write http://127.0.0.1:19302 -key KEY \
//	    -subs 2000 -rate 100 -duration 30s -pid PID
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
	flag.Parse()
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
	time.Sleep(time.Second)
	rss1, cpu1 := procStats(*pid)
	fmt.Printf("subscribers %d open: RSS %.1f MB (before %.1f MB)\n", *subs, rss1, rss0)
	if *rate == 0 {
		time.Sleep(*dur)
		cancel()
		return
	}

	tick := time.NewTicker(time.Second / time.Duration(*rate))
	end := time.Now().Add(*dur)
	n := 0
	for time.Now().Before(end) {
		<-tick.C
		id, err := createSchool(client, *write, *key, n)
		if err != nil {
			fmt.Fprintln(os.Stderr, "write:", err)
			continue
		}
		mu.Lock()
		written[id] = time.Now()
		mu.Unlock()
		n++
	}
	tick.Stop()
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
	fmt.Printf("writes %d in %v (%.1f/s); events delivered %d of %d; subscribers short of events %d\n",
		n, *dur, float64(n)/dur.Seconds(), delivered, int64(n)*int64(*subs), short)
	fmt.Printf("write-answered to event: p50 %v p90 %v p99 %v max %v\n", q(0.5), q(0.9), q(0.99), q(1))
	if *pid != 0 {
		fmt.Printf("RSS: %.1f MB idle before, %.1f MB with subscribers, %.1f MB after the writes (growth %.1f MB)\n", rss0, rss1, rss2, rss2-rss0)
		if delivered > 0 {
			fmt.Printf("server CPU during the writes: %.2f s, %.1f µs per delivered event (open: %.2f s)\n",
				cpu2-cpu1, (cpu2-cpu1)*1e6/float64(delivered), cpu1-cpu0)
		}
	}
}

const doc = `subscription { changes { cursor nodeId op } }`

// subscribe opens one SSE subscription and calls got for each event until ctx ends.
func subscribe(ctx context.Context, c *http.Client, url string, opened *sync.WaitGroup, got func(string, time.Time)) {
	body, _ := json.Marshal(map[string]any{"query": doc})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	res, err := c.Do(req)
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

// procStats returns pid's RSS (MB) and CPU time (s, user+system); zeros for pid 0.
func procStats(pid int) (float64, float64) {
	if pid == 0 {
		return 0, 0
	}
	var rss float64
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
				kb, _ := strconv.ParseFloat(f[1], 64)
				rss = kb / 1024
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
	return rss, cpu
}
