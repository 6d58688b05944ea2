#!/usr/bin/env bash
# Writes and reads during them, one run (issue 21): serves DB with BIN on 127.0.0.1:PORT (result
# cache off), makes an editor key, and prints Q1 at c1 quiet, 100 updates at c1, then 400 updates
# at c8 (each worker its own project) while Q1 is read at c1, then 400 updates at c8 on the same
# 8 projects (CONFLICT expected; every success checked in the history). It also prints the
# cores the server, mariadbd and the whole machine used during the burst.
#   bench/write_burst.sh BIN LABEL [DB]   (env PORT [19010], READS [300]: Q1 requests quiet and
#   during the burst, BURST [400]: updates in it, FLAGS: more server flags; results in
#   /tmp/write-burst/LABEL)
set -euo pipefail
BIN=$1; LABEL=$2; PORT="${PORT:-19010}"
S=/run/mysqld/mysqld.sock; DB="${3:-mysql://root@localhost/aidgraph_national?socket=$S}"
OUT=/tmp/write-burst/$LABEL; rm -rf $OUT; mkdir -p $OUT
cd "$(dirname "$0")/.."
python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read(), "variables": json.load(open(sys.argv[2]))}))' \
  bench/queries/q1_nested.graphql bench/queries/q1_nested.national.json > $OUT/q1.json
KEY=$($BIN keys create --name "burst-$LABEL-$(date +%s)" --role editor --db "$DB" 2>/dev/null)
AIDGRAPH_RATE_LIMIT=0 $BIN --db "$DB" --addr 127.0.0.1:$PORT --result-cache 0 --log-level warn ${FLAGS:-} > $OUT/server.log 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -sf -o /dev/null http://127.0.0.1:$PORT/healthz && break; sleep 0.1; done
URL=http://127.0.0.1:$PORT/query
READS="${READS:-300}"
python3 bench/writes.py read $URL $OUT/q1.json -n $READS --json $OUT/q1_quiet.json | tail -1
python3 bench/writes.py update $URL "$KEY" -n 100 -c 1 --skip 100 --json $OUT/c1.json | tail -2
cpu() { awk '{print $14+$15}' /proc/$1/stat; }   # utime + stime, in clock ticks
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
MP=$(pidof mariadbd || echo $PID)
s0=$(cpu $PID); m0=$(cpu $MP); b0=$(busy); t0=$(date +%s.%N)
python3 bench/writes.py update $URL "$KEY" -n "${BURST:-400}" -c 8 --skip 200 --json $OUT/c8.json | tail -2 &
W=$!
python3 bench/writes.py read $URL $OUT/q1.json -n $READS --warmup 0 --json $OUT/q1_burst.json | tail -1
wait $W
s1=$(cpu $PID); m1=$(cpu $MP); b1=$(busy); t1=$(date +%s.%N)
python3 -c "import sys; hz, w = 100, $t1 - $t0; print('cores during the burst: server %.2f, mariadbd %.2f, machine %.2f (%.1f s)' % (($s1 - $s0) / hz / w, ($m1 - $m0) / hz / w, ($b1 - $b0) / hz / w, w))"
python3 bench/writes.py update $URL "$KEY" -n 400 -c 8 --shared --skip 300 --json $OUT/c8_shared.json | tail -2
