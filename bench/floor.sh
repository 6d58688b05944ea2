#!/usr/bin/env bash
# The database's share of a request, without any server: runs each request of bench/floor/ (a
# benchmark query compiled by hand into one MariaDB statement that returns the response's JSON)
# from mariadb-slap at concurrency 32, and reports mariadbd's CPU per statement and the
# statements per second it sustained. Beside bench/cpu.sh's "database CPU per request" for
# aidgraph's own statements, it shows how much CPU MariaDB needs for a request however the
# server phrases it, and so what throughput this machine allows at all.
#
#   bench/floor.sh [QUERIES]   # QUERIES: e.g. 6400 statements per file [6400]
#
# Needs the national synthetic data in MySQL database aidgraph_national. Env: SOCK
# [/run/mysqld/mysqld.sock], CONC [32]. Anything else on the machine counts against the figures.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
N="${1:-6400}"
CONC="${CONC:-32}"
SOCK="${SOCK:-/run/mysqld/mysqld.sock}"
DB=aidgraph_national
db=$(pgrep -x mariadbd || pgrep -x mysqld) || { echo "no mariadbd or mysqld running" >&2; exit 1; }
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$db/stat"; }

for f in "$here"/floor/*.sql; do
  sql=$(grep -v '^--' "$f" | tr '\n' ' ')
  # The statement must answer: one row of JSON.
  mariadb --socket="$SOCK" -uroot -N "$DB" -e "$sql" | head -c 200 | grep -q '^{"region"' ||
    { echo "$(basename "$f"): no JSON answer" >&2; exit 1; }
  mariadb-slap --socket="$SOCK" -uroot --create-schema="$DB" --concurrency="$CONC" \
    --number-of-queries=$((N / 4)) --query="$sql" > /dev/null # warm-up
  t0=$(date +%s.%N); c0=$(ticks)
  mariadb-slap --socket="$SOCK" -uroot --create-schema="$DB" --concurrency="$CONC" \
    --number-of-queries="$N" --query="$sql" > /dev/null
  t1=$(date +%s.%N); c1=$(ticks)
  awk -v f="$(basename "$f" .sql)" -v n="$N" -v c="$CONC" -v t="$(echo "$t1 - $t0" | bc)" \
    -v d="$((c1 - c0))" -v hz="$hz" 'BEGIN {
    printf "%s as one statement, c%d: %.1f statements/s; mariadbd CPU %.2f ms per statement\n",
      f, c, n / t, d * 1000 / hz / n }'
done
