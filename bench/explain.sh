#!/usr/bin/env bash
# The plan of every statement that the benchmark queries send to MariaDB: whether each reads an
# index lookup or range, or scans a whole table, and how many rows it read. It records the
# statements of one request per query with the server's general log (turned on for those
# requests only, into a file of its own) and runs each again under MariaDB's ANALYZE, which
# prints EXPLAIN's columns with r_rows, the rows actually read.
#
#   bench/explain.sh DBNAME [SCALE]     # against an aidgraph already serving DBNAME on $PORT
#
# Env: PORT [18090], SOCK [/run/mysqld/mysqld.sock], QUERIES [the four]. Needs the SUPER or
# SYSTEM_VARIABLES_ADMIN privilege, to switch general_log on and off.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
DBNAME="${1:?usage: bench/explain.sh DBNAME [SCALE]}"
SCALE="${2:-national}"
PORT="${PORT:-18090}"
SOCK="${SOCK:-/run/mysqld/mysqld.sock}"
QUERIES="${QUERIES:-q1_nested q2_list q3_aggregate q4_deep}"
work=$(mktemp -d) && chmod 777 "$work" # the server writes the log
trap 'mariadb --socket="$SOCK" -uroot -e "SET GLOBAL general_log = 0" || true; rm -rf "$work"' EXIT
sql() { mariadb --socket="$SOCK" -uroot "$@"; }
body() {
  python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read(), "variables": json.load(open(sys.argv[2]))}))' \
    "$here/queries/$1.graphql" "$here/queries/$1.$SCALE.json"
}
post() { curl -sf -H 'Content-Type: application/json' --data "$1" "http://127.0.0.1:$PORT/query" > /dev/null; }

for q in $QUERIES; do post "$(body "$q")"; done # warm: the division tree is loaded
log="$work/general.log"
touch "$log" && chmod 666 "$log"
sql -e "SET GLOBAL general_log_file = '$log'; SET GLOBAL general_log = 1"
for q in $QUERIES; do
  sql -e "SELECT 'aidgraph-explain $q'" > /dev/null
  post "$(body "$q")"
done
sql -e "SELECT 'aidgraph-explain end'" > /dev/null
sql -e "SET GLOBAL general_log = 0"
# The log's entries: "[yymmdd hh:mm:ss]\t<thread> Query\t<statement>", statements spanning lines.
python3 - "$log" "$work" <<'PY'
import re, sys
log, work = sys.argv[1], sys.argv[2]
entries, cur = [], None
for line in open(log, encoding="utf-8", errors="replace"):
    m = re.match(r"^(?:\d{6} +[\d:]{7,8})?\s+(\d+) (Query|Connect|Quit|Init DB|Prepare|Execute|Close stmt)\t?(.*)$", line.rstrip("\n"))
    if m:
        cur = [m.group(1), m.group(2), m.group(3)]
        entries.append(cur)
    elif cur is not None:
        cur[2] += "\n" + line.rstrip("\n")
query, n = None, 0
for thread, kind, text in entries:
    mq = re.match(r"SELECT 'aidgraph-explain (\S+)'", text)
    if mq:
        query = mq.group(1)
        continue
    if query is None or kind not in ("Query", "Execute") or text.startswith("SET GLOBAL"):
        continue
    n += 1
    open(f"{work}/{n:02d}.{query}.sql", "w").write(text)
PY
for f in "$work"/*.sql; do
  q=$(basename "$f" .sql); q=${q#*.}
  echo "### $q"
  echo '```sql'; cat "$f"; echo; echo '```'
  echo '```'; sql "$DBNAME" -t -e "ANALYZE $(cat "$f")"; echo '```'
done
