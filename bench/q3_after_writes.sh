#!/usr/bin/env bash
# Q3 (the aggregate by category) before and after N project updates (issue 21): serves DB with
# BIN on 127.0.0.1:PORT (result cache off), reads Q3 at c1, sends N updates at c8 (every 5th
# also moves a project to another category or status, so project_stats' groups move), reads Q3
# again, and compares its answer with the same figures recomputed from the projects by SQL.
#   bench/q3_after_writes.sh BIN LABEL DBNAME [N]   (env PORT [19812]; MariaDB over the socket)
set -euo pipefail
BIN=$1; LABEL=$2; NAME=$3; N=${4:-10000}; PORT="${PORT:-19812}"
S=/run/mysqld/mysqld.sock; DB="mysql://root@localhost/$NAME?socket=$S"
OUT=/tmp/q3-after-writes/$LABEL; rm -rf $OUT; mkdir -p $OUT
cd "$(dirname "$0")/.."
python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read(), "variables": {}}))' \
  bench/queries/q3_aggregate.graphql > $OUT/q3.json
KEY=$($BIN keys create --name "q3-$LABEL-$(date +%s)" --role editor --db "$DB" 2>/dev/null | grep -o 'agk_[A-Za-z0-9_-]*')
AIDGRAPH_RATE_LIMIT=0 $BIN --db "$DB" --addr 127.0.0.1:$PORT --result-cache 0 --log-level warn > $OUT/server.log 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -sf -o /dev/null http://127.0.0.1:$PORT/healthz && break; sleep 0.1; done
URL=http://127.0.0.1:$PORT/query
python3 bench/writes.py read $URL $OUT/q3.json -n 300 --json $OUT/q3_before.json | tail -1
python3 bench/writes.py update $URL "$KEY" -n $N -c 8 --per-worker 4 --move-every 5 --skip 400 --json $OUT/updates.json | tail -1
python3 bench/writes.py read $URL $OUT/q3.json -n 300 --json $OUT/q3_after.json | tail -1
curl -s -H 'Content-Type: application/json' --data-binary @$OUT/q3.json $URL > $OUT/q3_answer.json
mariadb --socket=$S -uroot -N -B "$NAME" -e "SELECT category, COUNT(*), COALESCE(SUM(budget_yuan), 0) FROM projects GROUP BY category ORDER BY category" > $OUT/recomputed.tsv
python3 - $OUT/q3_answer.json $OUT/recomputed.tsv <<'PY'
import json, sys
groups = json.load(open(sys.argv[1]))["data"]["projects"]["aggregate"]["groups"]
got = sorted((g["key"]["category"], int(g["count"]), int(g["sum"]["budgetYuan"] or 0)) for g in groups)
want = sorted((c, int(n), int(s)) for c, n, s in (l.split("\t") for l in open(sys.argv[2]).read().split("\n") if l))
print("Q3 after the updates: %s a recomputation (%d groups)" % ("the same as" if got == want else "DIFFERENT FROM", len(want)))
if got != want:
    print(" got ", got); print(" want", want); sys.exit(1)
PY
