#!/usr/bin/env bash
# API writes and Q1 reads during a bulk import (issue 21): serves the national data NAME with BIN
# on 127.0.0.1:PORT (result cache off), reads Q1 at c1 quietly, then imports FILE (schools) with
# the same binary into NAME while 100 project updates at c1 and Q1 at c1 run, and prints each.
#   bench/import_during.sh BIN LABEL NAME FILE   (env PORT [19814]; results in /tmp/import-during/LABEL)
# env IMPORT_FLAGS are added to the import's (--pace 0), NICE runs it under nice (NICE=10), and
# READS [300] is the number of Q1 reads before and during it (enough to last as long as the
# import does).
set -euo pipefail
BIN=$1; LABEL=$2; NAME=$3; FILE=$4; PORT="${PORT:-19814}"
S=/run/mysqld/mysqld.sock; DB="mysql://root@localhost/$NAME?socket=$S"
OUT=/tmp/import-during/$LABEL; rm -rf $OUT; mkdir -p $OUT
cd "$(dirname "$0")/.."
python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read(), "variables": json.load(open(sys.argv[2]))}))' \
  bench/queries/q1_nested.graphql bench/queries/q1_nested.national.json > $OUT/q1.json
KEY=$($BIN keys create --name "during-$LABEL-$(date +%s)" --role editor --db "$DB" 2>/dev/null | grep -o 'agk_[A-Za-z0-9_-]*')
AIDGRAPH_RATE_LIMIT=0 $BIN --db "$DB" --addr 127.0.0.1:$PORT --result-cache 0 --log-level warn > $OUT/server.log 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -sf -o /dev/null http://127.0.0.1:$PORT/healthz && break; sleep 0.1; done
URL=http://127.0.0.1:$PORT/query
python3 bench/writes.py read $URL $OUT/q1.json -n "${READS:-300}" --json $OUT/q1_quiet.json | tail -1
PRE=(); [ -n "${NICE:-}" ] && PRE=(nice -n "$NICE")
/usr/bin/time -f "import: %e s wall, %U s user, %M KB max RSS" "${PRE[@]}" $BIN import --db "$DB" ${IMPORT_FLAGS:-} "$FILE" > $OUT/import.log 2> $OUT/import.err &
IMP=$!
sleep 1
python3 bench/writes.py update $URL "$KEY" -n 100 -c 1 --skip 600 --json $OUT/updates.json | tail -1 &
W=$!
python3 bench/writes.py read $URL $OUT/q1.json -n "${READS:-300}" --warmup 0 --json $OUT/q1_during.json | tail -1
wait $W
kill -0 $IMP 2>/dev/null && echo "the import was still running when the updates and reads ended" || echo "the import ended before the updates and reads did"
wait $IMP; cat $OUT/import.log; grep -v "slow statement" $OUT/import.err || true
