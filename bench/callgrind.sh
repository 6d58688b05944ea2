#!/usr/bin/env bash
# Instruction counts (callgrind Ir) of aidgraph serving the four benchmark queries, startup and
# data load excluded, so that two checkouts can be compared without wall-clock noise.
#
#   bench/callgrind.sh SRC OUT [DIALECT]
#     SRC      a source checkout of github.com/aidgraph/aidgraph (its bench/queries are used)
#     OUT      output directory (created; its previous aidgraph binary, db and dumps are replaced)
#     DIALECT  sqlite (default) or mysql (MariaDB on $SOCK as root, in a database of its own)
#
# For each query: WARMUP requests with instrumentation off, then `callgrind_control -i on`,
# exactly REQUESTS sequential POSTs to /query with curl (each must be HTTP 200, have no "errors"
# and the same size as the validation response), `callgrind_control -d QUERY` (a dump), read its
# Ir total, then `-i off` and `-z`. Prints one line per query:
#   q1_nested Ir=<count> per_request=<count/REQUESTS> gc_cycles=<GC cycles during the requests>
# The same lines go to OUT/results.txt; OUT/meta.txt says what was measured and how.
#
# Env knobs [defaults]: KEEPALIVE [0; 1 sends the measured requests over one connection, as
# clients do, where 0 opens one per request and so also counts each connection's start-up,
# its goroutine's stack growth above all]; PORT [18290]; REQUESTS [100]; WARMUP [10]; QUERIES [q1_nested q2_list
# q3_aggregate q4_deep]; SCALE [article] (which bench/queries/*.SCALE.json variables);
# SUBS [0] idle SSE subscriptions held open (bench/live -rate 0, built from SRC) while the
# queries are measured, so that the garbage collector's work for them is counted;
# SOCK [/run/mysqld/mysqld.sock]; CG_MYSQL_DB [aidgraph_cg_bench] (aidgraph_cg_NAME, or
# aidgraph_PREFIX_cg[_NAME] for an engineer whose databases start with aidgraph_PREFIX_;
# it is dropped and re-created at the start and dropped at the end unless CG_KEEP_DB=1);
# CG_DB [unset] serves an existing database instead (any --db value, e.g. a copy of the national
# data with SCALE=national), neither created nor dropped.
#
# The server runs with GOMAXPROCS=1 and GODEBUG=$CG_GODEBUG [asyncpreemptoff=1,adaptivestackstart=0]:
#  - asyncpreemptoff=1 is required: Go's SIGURG preemption signals crash callgrind 3.19
#    (threads.c:247 vgCallgrind_post_signal assertion) within a few hundred requests;
#  - adaptivestackstart=0 keeps new goroutines' stacks at 8 KiB. By default Go sizes them from
#    the average stack seen by the last GC, which depends on timing, and on MySQL that alone
#    moved q1/q4 by ~4% between runs. It changes what is measured (more stack growth: on MySQL
#    q3 costs ~5% more than by default); set CG_GODEBUG=asyncpreemptoff=1 to measure the default.
# Only the aidgraph process is counted, never mariadbd or curl; on sqlite the SQL engine
# (modernc.org/sqlite, pure Go) runs inside aidgraph and is counted, on MySQL it is not.
set -euo pipefail

SRC="$(cd "${1:?usage: callgrind.sh SRC OUT [sqlite|mysql]}" && pwd)"
OUT="${2:?usage: callgrind.sh SRC OUT [sqlite|mysql]}"
DIALECT="${3:-sqlite}"
PORT="${PORT:-18290}"
REQUESTS="${REQUESTS:-100}"
WARMUP="${WARMUP:-10}"
QUERIES="${QUERIES:-q1_nested q2_list q3_aggregate q4_deep}"
SCALE="${SCALE:-article}"
SOCK="${SOCK:-/run/mysqld/mysqld.sock}"
CG_MYSQL_DB="${CG_MYSQL_DB:-aidgraph_cg_bench}"
CG_GODEBUG="${CG_GODEBUG:-asyncpreemptoff=1,adaptivestackstart=0}"
BASE="http://127.0.0.1:$PORT"

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

if ! command -v valgrind >/dev/null || ! command -v callgrind_control >/dev/null; then
  apt-get update -qq && apt-get install -y -qq valgrind >/dev/null
fi
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }

SUBS="${SUBS:-0}"
PID=""
LIVE=""
MYSQL_CREATED=""
cleanup() {
  [ -n "$LIVE" ] && kill "$LIVE" 2>/dev/null
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$PID" 2>/dev/null || true
  fi
  [ -n "$PID" ] && wait "$PID" 2>/dev/null || true
  if [ -n "$MYSQL_CREATED" ] && [ "${CG_KEEP_DB:-0}" != 1 ]; then
    mariadb --socket="$SOCK" -uroot -e "DROP DATABASE IF EXISTS \`$CG_MYSQL_DB\`" || true
  fi
}
trap cleanup EXIT

# A listener already on the port would be measured instead of ours.
if curl -s -o /dev/null --max-time 2 "$BASE/healthz"; then
  echo "something already listens on 127.0.0.1:$PORT (set PORT)" >&2; exit 1
fi

# 1. Build.
rm -f "$OUT"/aidgraph "$OUT"/callgrind.out* "$OUT"/cg.db*
(cd "$SRC" && go build -o "$OUT/aidgraph" .)

# 2. Request bodies: {"query": <.graphql>, "variables": <.SCALE.json>}.
rm -rf "$OUT/bodies" "$OUT/responses"; mkdir -p "$OUT/bodies" "$OUT/responses"
for q in $QUERIES; do
  python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read(), "variables": json.load(open(sys.argv[2]))}))' \
    "$SRC/bench/queries/$q.graphql" "$SRC/bench/queries/$q.$SCALE.json" > "$OUT/bodies/$q.json"
done

# 3. Database.
case "${CG_DB:+given}${CG_DB:-$DIALECT}" in
  given*)
    DB="$CG_DB" ;;
  sqlite)
    DB="sqlite:$OUT/cg.db" ;;
  mysql)
    [[ "$CG_MYSQL_DB" =~ ^aidgraph_([a-z0-9]+_)?cg(_[A-Za-z0-9_]+)?$ ]] || { echo "CG_MYSQL_DB must match aidgraph_[PREFIX_]cg[_NAME]" >&2; exit 1; }
    mariadb --socket="$SOCK" -uroot -e "DROP DATABASE IF EXISTS \`$CG_MYSQL_DB\`; CREATE DATABASE \`$CG_MYSQL_DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    MYSQL_CREATED=1
    DB="mysql://root@localhost/$CG_MYSQL_DB?socket=$SOCK" ;;
  *) echo "dialect must be sqlite or mysql, not $DIALECT" >&2; exit 1 ;;
esac
ARGS=(--db "$DB" --addr "127.0.0.1:$PORT" --result-cache 0 --log-level warn)
[ "$SUBS" -gt 0 ] && ARGS+=(--max-subscriptions-per-client $((SUBS * 2)))
export AIDGRAPH_RATE_LIMIT=0 # by its variable, which commits without a rate limit ignore

wait_healthy() { # SECONDS LOG
  local n=$(( $1 * 10 ))
  for _ in $(seq 1 "$n"); do
    curl -sf -o /dev/null --max-time 5 "$BASE/healthz" && return 0
    kill -0 "$PID" 2>/dev/null || { echo "server exited:" >&2; tail -50 "$2" >&2; exit 1; }
    sleep 0.1
  done
  echo "server not healthy after $1 s:" >&2; tail -50 "$2" >&2; exit 1
}
stop_server() {
  kill -TERM "$PID"
  wait "$PID" 2>/dev/null || true
  PID=""
}
declare -A SIZE
request() { # QUERY OUTFILE -> fails unless HTTP 200, no "errors" and the expected size
  local code size
  read -r code size < <(curl -s -o "$2" -w '%{http_code} %{size_download}\n' --max-time 120 \
    -H 'content-type: application/json' --data-binary "@$OUT/bodies/$1.json" "$BASE/query")
  if [ "$code" != 200 ] || grep -q '"errors"' "$2" || { [ -n "${SIZE[$1]:-}" ] && [ "$size" != "${SIZE[$1]}" ]; }; then
    echo "$1: bad response (HTTP $code, $size bytes, expected ${SIZE[$1]:-any}):" >&2; head -c 2000 "$2" >&2; echo >&2
    exit 1
  fi
  SIZE[$1]="$size"
}

# 4. A plain start creates the schema and loads the dataset (not measured); validate each query.
"$OUT/aidgraph" "${ARGS[@]}" > "$OUT/load.log" 2>&1 &
PID=$!
wait_healthy 120 "$OUT/load.log"
for q in $QUERIES; do request "$q" "$OUT/responses/$q.json"; done
stop_server

# 5. The measured start, under callgrind with instrumentation off.
GOMAXPROCS=1 GODEBUG="$CG_GODEBUG" valgrind --tool=callgrind --instr-atstart=no \
  --callgrind-out-file="$OUT/callgrind.out" "$OUT/aidgraph" "${ARGS[@]}" > "$OUT/valgrind.log" 2>&1 &
PID=$!
wait_healthy 300 "$OUT/valgrind.log"
grep -q 'interactive control' "$OUT/valgrind.log" || { echo "valgrind did not start callgrind:" >&2; cat "$OUT/valgrind.log" >&2; exit 1; }
if [ "$SUBS" -gt 0 ]; then # idle subscribers, opened before anything is counted
  (cd "$SRC" && go build -o "$OUT/live" ./bench/live)
  "$OUT/live" -sub "$BASE" -subs "$SUBS" -rate 0 -duration 24h > "$OUT/live.out" 2>&1 &
  LIVE=$!
  until grep -q 'subscribers .* open' "$OUT/live.out"; do
    kill -0 "$LIVE" 2>/dev/null || { echo "the subscribers did not open:" >&2; cat "$OUT/live.out" >&2; exit 1; }
    sleep 0.5
  done
fi

cgc() { callgrind_control "$@" "$PID" > "$OUT/callgrind_control.last" 2>&1 || { cat "$OUT/callgrind_control.last" >&2; exit 1; }
        grep -q 'OK\.' "$OUT/callgrind_control.last" || { echo "callgrind_control $*: no OK" >&2; cat "$OUT/callgrind_control.last" >&2; exit 1; }; }
dump_ir() { # NAME -> the Ir total of the dump triggered as NAME
  cgc -d "$1"
  local f
  f=$(grep -l -x "desc: Trigger: dump $1" "$OUT"/callgrind.out.* 2>/dev/null | tail -1)
  [ -n "$f" ] || { echo "no callgrind dump for $1" >&2; exit 1; }
  mv "$f" "$OUT/callgrind.$1.out"
  awk '/^totals:/ {print $2; found=1} END {if (!found) exit 1}' "$OUT/callgrind.$1.out"
}

# The garbage collector's cycles so far (from /metrics, read with instrumentation off): a
# query's count includes the cycles that ran during it, whole, so they are printed with it.
gc_cycles() { curl -s "$BASE/metrics" | awk '/^go_gc_duration_seconds_count /{print $2}'; }
cgc -z
# Control: instrumentation on for 2 s with no requests (what the idle server costs).
cgc -i on; sleep 2; idle=$(dump_ir idle); cgc -i off; cgc -z

: > "$OUT/results.txt"
for q in $QUERIES; do
  for _ in $(seq 1 "$WARMUP"); do request "$q" "$OUT/responses/$q.warm.json"; done
  gc0=$(gc_cycles)
  cgc -i on
  if [ "${KEEPALIVE:-0}" = 1 ]; then # one connection, as a client that keeps it alive
    urls=(); for _ in $(seq 1 "$REQUESTS"); do urls+=("$BASE/query"); done
    curl -s -H 'content-type: application/json' --data-binary "@$OUT/bodies/$q.json" "${urls[@]}" > "$OUT/responses/$q.all.json"
  else
    for _ in $(seq 1 "$REQUESTS"); do request "$q" "$OUT/responses/$q.last.json"; done
  fi
  ir=$(dump_ir "$q")
  cgc -i off
  cgc -z
  line="$q Ir=$ir per_request=$(( (ir + REQUESTS / 2) / REQUESTS )) gc_cycles=$(( $(gc_cycles) - gc0 ))"
  echo "$line" | tee -a "$OUT/results.txt"
done
stop_server

{
  echo "date_utc=$(date -u +%FT%TZ) src=$SRC commit=$(git -C "$SRC" rev-parse HEAD 2>/dev/null || echo unknown)$( [ -n "$(git -C "$SRC" status --porcelain 2>/dev/null)" ] && echo ' (dirty)')"
  echo "dialect=$DIALECT db=$DB scale=$SCALE requests=$REQUESTS warmup=$WARMUP idle_subscribers=$SUBS"
  echo "go=$(go version | cut -d' ' -f3) valgrind=$(valgrind --version) cpus=$(nproc) kernel=$(uname -r)"
  echo "env GOMAXPROCS=1 GODEBUG=$CG_GODEBUG; server flags: ${ARGS[*]}"
  echo "idle control: Ir=$idle over 2 s with instrumentation on and no requests"
  for q in $QUERIES; do echo "$q response bytes=${SIZE[$q]}"; done
} > "$OUT/meta.txt"
