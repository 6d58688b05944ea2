#!/usr/bin/env bash
# Writes and reads during them, one run (issue 21): serves DB with BIN on 127.0.0.1:PORT (result
# cache off), makes an editor key, and prints Q1 at c1 quiet, 100 updates at c1, then 400 updates
# at c8 (each worker its own project) while Q1 is read at c1, then 400 updates at c8 on the same
# 8 projects (CONFLICT expected; every success checked in the history).
#   bench/write_burst.sh BIN LABEL [DB]   (env PORT [19010]; results in /tmp/write-burst/LABEL)
set -euo pipefail
BIN=$1; LABEL=$2; PORT="${PORT:-19010}"
S=/run/mysqld/mysqld.sock; DB="${3:-mysql://root@localhost/aidgraph_national?socket=$S}"
OUT=/tmp/write-burst/$LABEL; rm -rf $OUT; mkdir -p $OUT
cd "$(dirname "$0")/.."
python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read(), "variables": json.load(open(sys.argv[2]))}))' \
  bench/queries/q1_nested.graphql bench/queries/q1_nested.national.json > $OUT/q1.json
KEY=$($BIN keys create --name "burst-$LABEL-$(date +%s)" --role editor --db "$DB" 2>/dev/null)
AIDGRAPH_RATE_LIMIT=0 $BIN --db "$DB" --addr 127.0.0.1:$PORT --result-cache 0 --log-level warn > $OUT/server.log 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -sf -o /dev/null http://127.0.0.1:$PORT/healthz && break; sleep 0.1; done
URL=http://127.0.0.1:$PORT/query
python3 bench/writes.py read $URL $OUT/q1.json -n 300 --json $OUT/q1_quiet.json | tail -1
python3 bench/writes.py update $URL "$KEY" -n 100 -c 1 --skip 100 --json $OUT/c1.json | tail -2
python3 bench/writes.py update $URL "$KEY" -n 400 -c 8 --skip 200 --json $OUT/c8.json | tail -2 &
W=$!
python3 bench/writes.py read $URL $OUT/q1.json -n 300 --warmup 0 --json $OUT/q1_burst.json | tail -1
wait $W
python3 bench/writes.py update $URL "$KEY" -n 400 -c 8 --shared --skip 300 --json $OUT/c8_shared.json | tail -2
