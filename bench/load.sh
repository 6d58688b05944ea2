#!/usr/bin/env bash
# aidgraph's load script: serves one database with aidgraph and drives the four benchmark
# queries with wrk, at concurrency 32 and 1, as ../shared/bench/peer/run.sh does for the peer.
#
#   bench/load.sh DB SCALE [LABEL]
#     DB     a --db setting: sqlite:PATH or mysql://user:pass@host:port/dbname[?socket=PATH]
#     SCALE  national or article: which variables (region codes) the queries use
#     LABEL  names the results folder bench/results/LABEL (default SCALE-dialect)
#
# Env knobs (defaults in brackets): DURATION [20] seconds at CONC [32]; C1_DURATION [10] seconds
# at concurrency 1 (0 skips it); WARMUP [5] unmeasured seconds first; QUERIES (the basenames of
# bench/queries/*.graphql); PORT [18090]; WRK_LUA [the peer's wrk-graphql.lua, which checks
# every response's status, errors and size]; RESULT_CACHE [0: off, as the targets are measured;
# n keeps n responses]; EXTRA_ARGS passed to the server; BIN [none: build the working tree] a
# server binary to run instead, such as another commit's (bench/results/LABEL/meta.txt names it).
# Everything it starts is stopped on exit. It prints one markdown table.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
DB="${1:?usage: bench/load.sh DB SCALE [LABEL]}"
SCALE="${2:?usage: bench/load.sh DB SCALE [LABEL]}"
LABEL="${3:-$SCALE-${DB%%:*}}"
DURATION="${DURATION:-20}"
CONC="${CONC:-32}"
C1_DURATION="${C1_DURATION:-10}"
WARMUP="${WARMUP:-5}"
QUERIES="${QUERIES:-q1_nested q2_list q3_aggregate q4_deep}"
PORT="${PORT:-18090}"
WRK_LUA="${WRK_LUA:-$root/../shared/bench/peer/wrk-graphql.lua}"
OUT="$here/results/$LABEL"
URL="http://127.0.0.1:$PORT/query"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -f "$WRK_LUA" ] || { echo "no wrk script at $WRK_LUA (set WRK_LUA)" >&2; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT/bodies"

# Request bodies: {"query": ..., "variables": ...}.
for q in $QUERIES; do
  python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read(), "variables": json.load(open(sys.argv[2]))}))' \
    "$here/queries/$q.graphql" "$here/queries/$q.$SCALE.json" > "$OUT/bodies/$q.json"
done

if [ -n "${BIN:-}" ]; then cp "$BIN" "$OUT/aidgraph"; else (cd "$root" && go build -o "$OUT/aidgraph" .); fi
# The rate limit would refuse a load generator on 127.0.0.1: off, by its variable, which older
# commits (compared in a sitting) ignore.
AIDGRAPH_RATE_LIMIT=0 "$OUT/aidgraph" --db "$DB" --addr "127.0.0.1:$PORT" --log-level warn --result-cache "${RESULT_CACHE:-0}" ${EXTRA_ARGS:-} > "$OUT/server.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  kill -0 $PID 2>/dev/null || { cat "$OUT/server.log" >&2; exit 1; }
  sleep 0.1
done
hwm_kb() { awk '/^VmHWM:/{print $2}' "/proc/$PID/status"; }
rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$PID/status"; }
echo "aidgraph (pid $PID) on $DB; startup RSS $(rss_kb) KiB" | tee "$OUT/meta.txt"
{
  echo "date_utc=$(date -u +%FT%TZ) go=$(go version | cut -d' ' -f3) wrk=$(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"
  echo "cpus=$(nproc) mem=$(free -g | awk '/^Mem:/{print $2}')GiB kernel=$(uname -r) commit=$(cd "$root" && git rev-parse --short HEAD)${BIN:+ bin=$BIN}"
  echo "load: DURATION=${DURATION}s CONC=$CONC C1_DURATION=${C1_DURATION}s WARMUP=${WARMUP}s wrk -t1 result-cache=${RESULT_CACHE:-0}"
} >> "$OUT/meta.txt"

wrk_json() { # QUERY CONNS SECONDS SIZE -> the WRKJSON line
  BODY_FILE="$OUT/bodies/$1.json" EXPECT_SIZE="$4" \
    wrk -t1 -c"$2" -d"$3"s --timeout 60s --latency -s "$WRK_LUA" "$URL" | sed -n 's/^WRKJSON //p'
}
field() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d[sys.argv[2]])' "$1" "$2"; }

printf '| query | resp bytes | SQL stmts/req | c%s req/s | c%s p50 ms | c%s p99 ms | c%s errors | c1 req/s | c1 p50 ms | c1 p99 ms | c1 errors |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n' \
  "$CONC" "$CONC" "$CONC" "$CONC" > "$OUT/table.md"
for q in $QUERIES; do
  body="$OUT/bodies/$q.json"
  read -r code size < <(curl -s -o "$OUT/$q.response.json" -w '%{http_code} %{size_download}\n' \
    -H 'content-type: application/json' --data-binary "@$body" "$URL")
  if [ "$code" != 200 ] || grep -q '"errors":' "$OUT/$q.response.json"; then
    echo "$q: validation failed (HTTP $code):" >&2; head -c 2000 "$OUT/$q.response.json" >&2; exit 1
  fi
  stmts=$(curl -s -H 'content-type: application/json' -H 'X-Aidgraph-Debug: sql' --data-binary "@$body" "$URL" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["extensions"]["sql"]["statements"])')
  [ "$WARMUP" -gt 0 ] && wrk_json "$q" "$CONC" "$WARMUP" "$size" > /dev/null
  hi=$(wrk_json "$q" "$CONC" "$DURATION" "$size")
  echo "$q c$CONC $hi" >> "$OUT/wrk.jsonl"
  lo='{"rps":0,"p50_ms":0,"p99_ms":0,"non200":0,"graphql_errors":0,"size_mismatch":0,"socket_errors":0,"requests":0}'
  if [ "$C1_DURATION" -gt 0 ]; then
    lo=$(wrk_json "$q" 1 "$C1_DURATION" "$size")
    echo "$q c1 $lo" >> "$OUT/wrk.jsonl"
  fi
  errs() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print("%d / %d" % (d["non200"]+d["graphql_errors"]+d["size_mismatch"]+d["socket_errors"], d["requests"]))' "$1"; }
  printf '| %s | %s | %s | %.1f | %.2f | %.2f | %s | %.1f | %.2f | %.2f | %s |\n' "$q" "$size" "$stmts" \
    "$(field "$hi" rps)" "$(field "$hi" p50_ms)" "$(field "$hi" p99_ms)" "$(errs "$hi")" \
    "$(field "$lo" rps)" "$(field "$lo" p50_ms)" "$(field "$lo" p99_ms)" "$(errs "$lo")" | tee -a "$OUT/table.md"
done
echo "peak RSS (VmHWM) $(hwm_kb) KiB" | tee -a "$OUT/meta.txt"
cat "$OUT/table.md"
