#!/usr/bin/env bash
# The read path with idle subscribers (issue 23): one server on the article's data, Q1–Q4 driven
# by wrk at concurrency 1 and 8, alternating runs without and with N idle SSE subscribers
# (bench/live -rate 0) in one sitting; prints one line per run and query.
#
#   bench/idle_subscribers.sh [RUNS]
# Env knobs: SUBS [1000]; SECONDS_PER [8] seconds per query and concurrency; PORT [20001];
# DB [sqlite:/tmp/aidgraph-idle.db, created by the server on first start]; WRK_LUA as bench/load.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
RUNS="${1:-3}"
SUBS="${SUBS:-1000}"
SECONDS_PER="${SECONDS_PER:-8}"
PORT="${PORT:-20001}"
DB="${DB:-sqlite:/tmp/aidgraph-idle.db}"
WRK_LUA="${WRK_LUA:-$root/../shared/bench/peer/wrk-graphql.lua}"
URL="http://127.0.0.1:$PORT"
tmp="$(mktemp -d)"
(cd "$root" && go build -o "$tmp/aidgraph" . && go build -o "$tmp/live" ./bench/live)
"$tmp/aidgraph" --db "$DB" --addr "127.0.0.1:$PORT" --log-level warn --result-cache 0 --rate-limit 0 \
  --max-subscriptions-per-client $((SUBS * 2)) > "$tmp/server.log" 2>&1 &
PID=$!
LIVE=
trap '[ -n "$LIVE" ] && kill $LIVE 2>/dev/null; kill -TERM $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "$URL/healthz" && break
  kill -0 $PID 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
  sleep 0.1
done
for q in q1_nested q2_list q3_aggregate q4_deep; do
  python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read(), "variables": json.load(open(sys.argv[2]))}))' \
    "$here/queries/$q.graphql" "$here/queries/$q.article.json" > "$tmp/$q.json"
  curl -s -o "$tmp/$q.out" -w '%{size_download}' -H 'content-type: application/json' --data-binary "@$tmp/$q.json" "$URL/query" > "$tmp/$q.size"
  grep -q '"errors":' "$tmp/$q.out" && { echo "$q answers an error" >&2; exit 1; }
done
rss() { awk '/^VmRSS:/{printf "%.0f", $2/1024}' "/proc/$PID/status"; }
echo "date_utc=$(date -u +%FT%TZ) commit=$(cd "$root" && git rev-parse --short HEAD) subs=$SUBS seconds=$SECONDS_PER runs=$RUNS"
for run in $(seq 1 "$RUNS"); do
  for mode in none idle; do
    if [ "$mode" = idle ]; then
      "$tmp/live" -sub "$URL" -subs "$SUBS" -rate 0 -duration 1h > "$tmp/live.out" 2>&1 &
      LIVE=$!
      until grep -q 'subscribers .* open' "$tmp/live.out"; do sleep 0.2; kill -0 $LIVE || { cat "$tmp/live.out" >&2; exit 1; }; done
      subscribers=$(curl -s "$URL/metrics" | awk '/^aidgraph_subscriptions /{print $2}')
    else
      subscribers=0
    fi
    for q in q1_nested q2_list q3_aggregate q4_deep; do
      for c in 1 8; do
        r=$(BODY_FILE="$tmp/$q.json" EXPECT_SIZE="$(cat "$tmp/$q.size")" \
          wrk -t1 -c$c -d${SECONDS_PER}s --timeout 60s --latency -s "$WRK_LUA" "$URL/query" | sed -n 's/^WRKJSON //p')
        python3 -c 'import json,sys; d=json.loads(sys.argv[1]); e=d["non200"]+d["graphql_errors"]+d["size_mismatch"]+d["socket_errors"]; print("run %s %-4s subscribers %s rss %sMB %-12s c%s rps %.1f p50 %.2f p99 %.2f errors %d" % (sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7], d["rps"], d["p50_ms"], d["p99_ms"], e))' \
          "$r" "$run" "$mode" "$subscribers" "$(rss)" "$q" "$c"
      done
    done
    if [ "$mode" = idle ]; then kill $LIVE; wait $LIVE 2>/dev/null || true; LIVE=; sleep 1; fi
  done
done
