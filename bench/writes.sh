#!/usr/bin/env bash
# Writes at national scale, and what they do to Q3: serves one database with aidgraph (result
# cache off, rate limit off), makes an editor key, and in one sitting
#   1. times project updates through the API with bench/writes.py at concurrency 1 (N1 updates)
#      and 8 (N8 updates), each worker on a project of its own;
#   2. measures Q3's c1 latency (ROUNDS rounds of wrk -c1 for Q3_SECONDS, and of READS
#      sequential requests by bench/writes.py read), then sends WRITES more updates at
#      concurrency 1, to MOVE_PROJECTS projects in turn, of which every MOVE_EVERY-th also moves
#      its project to another category or status (so that project_stats' groups move), then
#      measures Q3 again the same way;
#   3. checks that Q3's answer equals plain SQL over projects, and project_stats a recomputation.
#
#   bench/writes.sh DB [LABEL]
#     DB     mysql://user:pass@host:port/dbname[?socket=PATH] (or sqlite:PATH) with the national
#            synthetic data (`aidgraph seed --synthetic national --db DB`); it is written to
#     LABEL  names the results folder bench/results/LABEL [writes]
#
# Env knobs [defaults]: BIN [build the working tree]; PORT [18095]; N1 [200]; N8 [400];
# WRITES [1000]; MOVE_EVERY [5]; MOVE_PROJECTS [50]; ROUNDS [3]; Q3_SECONDS [10]; READS [300]; SOCK
# [/run/mysqld/mysqld.sock] (for the SQL checks, with the mariadb client as root); WRK_LUA as in
# bench/load.sh. Everything it starts is stopped on exit; the key it makes ("bench-writes-N")
# stays in api_keys.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
DB="${1:?usage: bench/writes.sh DB [LABEL]}"
LABEL="${2:-writes}"
PORT="${PORT:-18095}"
N1="${N1:-200}"; N8="${N8:-400}"; WRITES="${WRITES:-1000}"; MOVE_EVERY="${MOVE_EVERY:-5}"; MOVE_PROJECTS="${MOVE_PROJECTS:-50}"
ROUNDS="${ROUNDS:-3}"; Q3_SECONDS="${Q3_SECONDS:-10}"; READS="${READS:-300}"
SOCK="${SOCK:-/run/mysqld/mysqld.sock}"
WRK_LUA="${WRK_LUA:-$root/../shared/bench/peer/wrk-graphql.lua}"
OUT="$here/results/$LABEL"
URL="http://127.0.0.1:$PORT/query"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
rm -rf "$OUT"; mkdir -p "$OUT"

if [ -n "${BIN:-}" ]; then cp "$BIN" "$OUT/aidgraph"; else (cd "$root" && go build -o "$OUT/aidgraph" .); fi
python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read(), "variables": json.load(open(sys.argv[2]))}))' \
  "$here/queries/q3_aggregate.graphql" "$here/queries/q3_aggregate.national.json" > "$OUT/q3.json"

KEY=$("$OUT/aidgraph" keys create --name "bench-writes-$(date +%s)" --role editor --db "$DB" 2> "$OUT/keys.log")
AIDGRAPH_RATE_LIMIT=0 "$OUT/aidgraph" --db "$DB" --addr "127.0.0.1:$PORT" --result-cache 0 --log-level warn > "$OUT/server.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  kill -0 $PID 2>/dev/null || { cat "$OUT/server.log" >&2; exit 1; }
  sleep 0.1
done
{
  # With BIN, the binary's own commit is whatever it was built from: name it in LABEL or a note.
  echo "date_utc=$(date -u +%FT%TZ) db=$DB bin=${BIN:-the working tree at $(cd "$root" && git rev-parse --short HEAD)}"
  echo "cpus=$(nproc) kernel=$(uname -r) N1=$N1 N8=$N8 WRITES=$WRITES MOVE_EVERY=$MOVE_EVERY ROUNDS=$ROUNDS Q3_SECONDS=$Q3_SECONDS READS=$READS"
} | tee "$OUT/meta.txt"

# What one update costs in statements (the response's extensions.sql), on a project the
# benchmark does not use.
python3 - "$URL" "$KEY" > "$OUT/one_update_sql.json" <<'EOF'
import json, sys, urllib.request
sys.path.insert(0, __import__("os").path.dirname(sys.argv[0]) or ".")
url, key = sys.argv[1], sys.argv[2]
def post(q, v, debug=False):
    h = {"Content-Type": "application/json", "Authorization": "Bearer " + key}
    if debug: h["X-Aidgraph-Debug"] = "sql"
    r = urllib.request.urlopen(urllib.request.Request(url, json.dumps({"query": q, "variables": v}).encode(), h))
    return json.load(r)
f = "id version name nameEn description category program { id } status budgetYuan funder { id } region { id } startDate endDate quote source { id }"
p = post("query($a:String){ projects(first: 1, after: $a) { nodes { %s } } }" % f, {"a": None})["data"]["projects"]["nodes"][0]
ref = lambda o: o and o["id"]
inp = {"name": p["name"], "nameEn": p["nameEn"], "description": p["description"], "category": p["category"],
       "programId": ref(p["program"]), "status": p["status"], "budgetYuan": (p["budgetYuan"] or 0) + 1,
       "funderRegionId": ref(p["funder"]), "regionId": ref(p["region"]), "startDate": p["startDate"],
       "endDate": p["endDate"], "quote": p["quote"], "sourceId": p["source"]["id"]}
r = post("mutation($id:ID!,$v:Int!,$i:ProjectInput!){ updateProject(id:$id, version:$v, input:$i){ id version } }",
         {"id": p["id"], "v": p["version"], "i": inp}, debug=True)
print(json.dumps(r))
EOF
echo "one update: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("errors") or d["extensions"]["sql"])' "$OUT/one_update_sql.json")" | tee -a "$OUT/meta.txt"

# 1. Update latency. Projects 2.. (the first is the statement count's); c8's after c1's.
python3 "$here/writes.py" update "$URL" "$KEY" -n "$N1" -c 1 --skip 1 --json "$OUT/update_c1.json" | tee "$OUT/updates.txt"
python3 "$here/writes.py" update "$URL" "$KEY" -n "$N8" -c 8 --skip 2 --json "$OUT/update_c8.json" | tee -a "$OUT/updates.txt"

# 2. Q3 before and after WRITES updates that move groups.
size=$(curl -s -o "$OUT/q3.before.response.json" -w '%{size_download}' -H 'content-type: application/json' --data-binary "@$OUT/q3.json" "$URL")
q3_round() { # PHASE ROUND
  BODY_FILE="$OUT/q3.json" EXPECT_SIZE="$size" wrk -t1 -c1 -d"${Q3_SECONDS}s" --latency -s "$WRK_LUA" "$URL" |
    sed -n 's/^WRKJSON //p' > "$OUT/q3.$1.wrk.$2.json"
  python3 "$here/writes.py" read "$URL" "$OUT/q3.json" -n "$READS" --json "$OUT/q3.$1.py.$2.json" > /dev/null
}
for r in $(seq 1 "$ROUNDS"); do q3_round before "$r"; done
python3 "$here/writes.py" update "$URL" "$KEY" -n "$WRITES" -c 1 --per-worker "$MOVE_PROJECTS" --skip 10 --move-every "$MOVE_EVERY" --json "$OUT/update_moves.json" | tee -a "$OUT/updates.txt"
# The answer's size may change with the sums: wrk's size check takes the new one.
size=$(curl -s -o "$OUT/q3.after.response.json" -w '%{size_download}' -H 'content-type: application/json' --data-binary "@$OUT/q3.json" "$URL")
for r in $(seq 1 "$ROUNDS"); do q3_round after "$r"; done

python3 - "$OUT" "$ROUNDS" <<'EOF' | tee "$OUT/q3.txt"
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def load(kind, phase):
    return [json.load(open(f"{out}/q3.{phase}.{kind}.{r}.json")) for r in range(1, rounds + 1)]
for kind, p50, err in (("wrk", "p50_ms", lambda d: d["non200"] + d["graphql_errors"] + d["size_mismatch"] + d["socket_errors"]),
                       ("py", "p50_ms", lambda d: d["errors"])):
    b, a = load(kind, "before"), load(kind, "after")
    mb, ma = statistics.median(d[p50] for d in b), statistics.median(d[p50] for d in a)
    print(f"Q3 c1 p50 ({kind}): before {', '.join('%.3f' % d[p50] for d in b)} ms (median {mb:.3f}); "
          f"after {', '.join('%.3f' % d[p50] for d in a)} ms (median {ma:.3f}); after/before {ma / mb:.3f}; "
          f"errors {sum(map(err, b))} / {sum(map(err, a))}")
EOF

# 3. Q3's answer against SQL, and project_stats against a recomputation.
case "$DB" in
  mysql://*)
    dbname="${DB#mysql://*/}"; dbname="${dbname%%\?*}"
    sql() { mariadb --socket="$SOCK" -uroot -N -B "$dbname" -e "$1"; }
    sql "SELECT category, COUNT(*), SUM(budget_yuan) FROM projects GROUP BY category ORDER BY category" > "$OUT/q3.sql.tsv"
    sql "SELECT category, COALESCE(status,'NULL'), projects_n, budget_n, COALESCE(budget_sum,'NULL'), COALESCE(budget_min,'NULL'), COALESCE(budget_max,'NULL'), COALESCE(start_min,'NULL'), COALESCE(start_max,'NULL'), COALESCE(end_min,'NULL'), COALESCE(end_max,'NULL') FROM project_stats ORDER BY 1, 2" > "$OUT/stats.kept.tsv"
    sql "SELECT category, COALESCE(status,'NULL'), COUNT(*), COUNT(budget_yuan), COALESCE(SUM(budget_yuan),'NULL'), COALESCE(MIN(budget_yuan),'NULL'), COALESCE(MAX(budget_yuan),'NULL'), COALESCE(MIN(start_date),'NULL'), COALESCE(MAX(start_date),'NULL'), COALESCE(MIN(end_date),'NULL'), COALESCE(MAX(end_date),'NULL') FROM projects GROUP BY category, status ORDER BY 1, 2" > "$OUT/stats.recomputed.tsv"
    python3 - "$OUT" <<'EOF' | tee -a "$OUT/q3.txt"
import json, sys
out = sys.argv[1]
groups = json.load(open(f"{out}/q3.after.response.json"))["data"]["projects"]["aggregate"]["groups"]
api = sorted((g["key"]["category"], g["count"], g["sum"]["budgetYuan"]) for g in groups)
sql = sorted((c, int(n), int(s) if s != "NULL" else None) for c, n, s in (l.split("\t") for l in open(f"{out}/q3.sql.tsv").read().splitlines()))
print("Q3 after the writes equals SELECT category, COUNT(*), SUM(budget_yuan) FROM projects GROUP BY category:", api == sql,
      f"({len(api)} groups, {sum(g[1] for g in api)} projects)")
if api != sql:
    print("  api:", api); print("  sql:", sql)
kept, fresh = open(f"{out}/stats.kept.tsv").read(), open(f"{out}/stats.recomputed.tsv").read()
print("project_stats equals its recomputation from projects:", kept == fresh, f"({len(kept.splitlines())} rows)")
before = json.load(open(f"{out}/q3.before.response.json"))["data"]["projects"]["aggregate"]["groups"]
was, now = ({g["key"]["category"]: g["count"] for g in gs} for gs in (before, groups))
moved = sum(1 for c in set(was) | set(now) if was.get(c) != now.get(c))
print(f"categories whose count the writes changed: {moved}")
EOF
    ;;
  *) echo "(the SQL checks run on MySQL/MariaDB only)" ;;
esac
echo "slow statements logged: $(grep -c 'slow statement' "$OUT/server.log" || true); other warnings/errors: $(grep -v 'slow statement' "$OUT/server.log" | grep -c 'level=\(WARN\|ERROR\)' || true)" | tee -a "$OUT/meta.txt"
