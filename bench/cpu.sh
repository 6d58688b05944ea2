#!/usr/bin/env bash
# Where a request's time goes: drives one query at one concurrency against a running aidgraph
# on MariaDB/MySQL and reports requests/s, p50, and per request the CPU time of the server and of
# mariadbd (from /proc) and the statements MariaDB received (its Questions counter). Under load
# these show what bench/load.sh cannot: whether batches split, and whose CPU a request costs.
#
#   bench/cpu.sh BODY [SECONDS] [CONCURRENCY]
#     BODY         a request body file, {"query": ..., "variables": ...} (bench/load.sh writes
#                  them to bench/results/LABEL/bodies/)
#     SECONDS      measured seconds [8], after 2 unmeasured ones
#     CONCURRENCY  connections [32]
#
# Env: PORT [18090], the server's port (the server is found by its --addr 127.0.0.1:PORT);
# SOCK [/run/mysqld/mysqld.sock]. Anything else on the machine counts against the figures.
set -euo pipefail
BODY="${1:?usage: bench/cpu.sh BODY [SECONDS] [CONCURRENCY]}"
SECS="${2:-8}"
CONC="${3:-32}"
PORT="${PORT:-18090}"
SOCK="${SOCK:-/run/mysqld/mysqld.sock}"
URL="http://127.0.0.1:$PORT/query"

server=$(pgrep -f -- "--addr 127.0.0.1:$PORT" | head -1) || { echo "no aidgraph on port $PORT" >&2; exit 1; }
db=$(pgrep -x mariadbd || pgrep -x mysqld) || { echo "no mariadbd or mysqld running" >&2; exit 1; }
lua=$(mktemp --suffix .lua)
trap 'rm -f "$lua"' EXIT
cat > "$lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open("$BODY")); wrk.body = f:read("*a"); f:close()
EOF

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system, in clock ticks
questions() { mariadb --socket="$SOCK" -uroot -N -e "SHOW GLOBAL STATUS LIKE 'Questions'" | awk '{print $2}'; }
hz=$(getconf CLK_TCK)

wrk -t1 -c"$CONC" -d2s -s "$lua" "$URL" > /dev/null
s0=$(ticks "$server"); d0=$(ticks "$db"); q0=$(questions)
out=$(wrk -t1 -c"$CONC" -d"${SECS}s" --latency -s "$lua" "$URL")
s1=$(ticks "$server"); d1=$(ticks "$db"); q1=$(questions)

n=$(awk '/requests in/ {print $1}' <<< "$out")
rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
# One of the Questions counted is the second SHOW STATUS itself.
awk -v b="$(basename "$BODY")" -v c="$CONC" -v r="$rps" -v p="$p50" -v n="$n" -v hz="$hz" \
  -v s="$((s1 - s0))" -v d="$((d1 - d0))" -v q="$((q1 - q0 - 1))" 'BEGIN {
  printf "%s c%d: %s req/s, p50 %s; per request: server CPU %.2f ms, database CPU %.2f ms, %.2f statements\n",
    b, c, r, p, s * 1000 / hz / n, d * 1000 / hz / n, q / n }'
