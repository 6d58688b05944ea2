#!/usr/bin/env bash
# One run of issue 23's fan-out target on a server of its own: 2,000 SSE subscribers (SUBS), 100
# writes/s asked (RATE) for DUR, article data in SQLite under /tmp/lb/LABEL. Prints bench/live's
# lines (events delivered, latency, VmRSS idle -> open -> after, CPU per event) and, from
# /metrics after a forced GC (the heap profile's ?gc=1, saved as heap.prof), the heap and stacks
# in use and the goroutines.
#
#   go build -o /tmp/lb/ag . && go build -o /tmp/lb/livebench ./bench/live
#   bench/live_rss.sh /tmp/lb/ag LABEL
#
# Env knobs [defaults]: SUBS [2000]; RATE [100]; DUR [20s]; PORT [19410] (PORT+1 serves pprof);
# PROF_AT [18] seconds after the subscribers start to take the heap profile; LIVEBENCH
# [/tmp/lb/livebench]. Traffic goes to 127.0.0.1 only.
set -u
BIN=$1; LABEL=$2; shift 2
D=/tmp/lb/$LABEL; rm -rf "$D"; mkdir -p "$D"
PORT=${PORT:-19410}
LIVEBENCH=${LIVEBENCH:-/tmp/lb/livebench}
"$BIN" --db "sqlite:$D/db.db" --addr "127.0.0.1:$PORT" --rate-limit 0 --max-subscriptions-per-client 5000 \
	--pprof-addr "127.0.0.1:$((PORT+1))" "$@" >"$D/server.log" 2>&1 &
PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
KEY=$("$BIN" keys create --name bench --role editor --db "sqlite:$D/db.db" | grep -o 'agk_[A-Za-z0-9_-]*')
"$LIVEBENCH" -sub "http://127.0.0.1:$PORT" -key "$KEY" -subs "${SUBS:-2000}" -rate "${RATE:-100}" \
	-duration "${DUR:-20s}" -pid "$PID" -writers 8 2>&1 | tee "$D/bench.out" &
BP=$!
sleep "${PROF_AT:-18}"
curl -s -o "$D/heap.prof" "http://127.0.0.1:$((PORT+1))/debug/pprof/heap?gc=1"
curl -s "http://127.0.0.1:$PORT/metrics" |
	grep -E '^go_(memstats_(heap_alloc|stack_inuse|next_gc)_bytes|goroutines) ' | tee "$D/metrics.txt"
wait "$BP"
kill "$PID"; wait "$PID" 2>/dev/null
