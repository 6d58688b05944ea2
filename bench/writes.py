#!/usr/bin/env python3
"""Write benchmark: project updates through the GraphQL API, at a given concurrency.

    bench/writes.py update URL KEY [-n N] [-c C] [--per-worker K] [--move-every M] [--skip S] [--shared] [--rename] [--json FILE]
    bench/writes.py read URL BODY [-n N] [--json FILE]

update: reads C×K distinct projects (`projects(first: 100)`, paging on; the first S skipped),
gives K to each of C workers, and sends N `updateProject` mutations in all, each worker
replacing one of its own projects' fields (in turn) with the ones it read, budgetYuan changed
(every update), and
every M-th update (M = --move-every, 0 for never) also the category (odd moves) or the status
(even moves), so that project_stats' groups move. Each worker keeps one HTTP connection. Each
update's latency is timed from the request's first byte to the response's last. A response
counts as an error unless it is HTTP 200, has no "errors", and returns the project at the next
version with the budget, category and status sent; CONFLICT errors are counted apart (none is
expected: no two workers share a project), and after one the worker reads its project again.

--rename: every update also renames its project (its name as read, then "（更正N）" with N the
update's number), so that each update changes the search index's texts, grams and prefixes.

--shared: every worker updates all C×K projects (in turn, from its own first), so that writers
meet on the same rows: CONFLICT is then expected and counted, any other failure is an error; at
the end each success (project, version) is looked up in the project's `history`, and one missing
is an error ("lost").

read: sends one request body ({"query": ..., "variables": ...}) N times in turn over one
connection and reports the same latency figures (for a read at concurrency 1).

Both print one line of figures and, with --json, write them to FILE as JSON. Python 3 standard
library only. Traffic goes only to the URL given.
"""
import argparse
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse

CATEGORIES = ["INDUSTRY", "EDUCATION", "HEALTH", "HOUSING", "INFRASTRUCTURE", "WATER", "EMPLOYMENT",
              "ECOLOGY", "RELOCATION", "FINANCE", "CONSUMPTION", "CULTURE", "ELDERLY_AND_DISABILITY_CARE"]
STATUSES = ["PLANNED", "IN_PROGRESS", "COMPLETED"]

PROJECT_FIELDS = """id version name nameEn description category program { id } status budgetYuan
  funder { id } region { id } startDate endDate quote source { id }"""
LIST = "query BenchProjects($after: String) { projects(first: 100, after: $after) { nodes { %s } pageInfo { hasNextPage endCursor } } }" % PROJECT_FIELDS
ONE = "query BenchProject($id: ID!) { node(id: $id) { ... on Project { %s } } }" % PROJECT_FIELDS
HISTORY = """query BenchHistory($id: ID!, $after: String) { history(id: $id, first: 100, after: $after) {
  nodes { op version } pageInfo { hasNextPage endCursor } } }"""
UPDATE = """mutation BenchUpdateProject($id: ID!, $version: Int!, $input: ProjectInput!) {
  updateProject(id: $id, version: $version, input: $input) { id version budgetYuan category status } }"""


class Client:
    """One keep-alive HTTP connection to the endpoint."""

    def __init__(self, url, key=None):
        u = urllib.parse.urlsplit(url)
        if u.scheme != "http":
            raise SystemExit("only http:// URLs")
        self.host, self.port, self.path = u.hostname, u.port or 80, u.path or "/"
        self.headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if key:
            self.headers["Authorization"] = "Bearer " + key
        self.conn = None

    def post(self, body):
        """POSTs body (bytes); returns (status, response bytes, seconds taken)."""
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
                self.conn.connect()
            try:
                t0 = time.perf_counter()
                self.conn.request("POST", self.path, body, self.headers)
                r = self.conn.getresponse()
                data = r.read()
                dt = time.perf_counter() - t0
                if r.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return r.status, data, dt
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise

    def gql(self, query, variables=None):
        status, data, dt = self.post(json.dumps({"query": query, "variables": variables or {}}).encode())
        return status, json.loads(data), dt


def pick_projects(client, k, skip):
    out, after = [], None
    while len(out) < k:
        status, resp, _ = client.gql(LIST, {"after": after})
        if status != 200 or resp.get("errors"):
            raise SystemExit("reading projects failed: HTTP %d %s" % (status, json.dumps(resp)[:500]))
        page = resp["data"]["projects"]
        for p in page["nodes"]:
            if skip > 0:
                skip -= 1
            elif len(out) < k:
                out.append(p)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    if len(out) < k:
        raise SystemExit("only %d projects to update, %d needed" % (len(out), k))
    return out


def project_input(p):
    ref = lambda o: o["id"] if o else None
    return {"name": p["name"], "nameEn": p["nameEn"], "description": p["description"],
            "category": p["category"], "programId": ref(p["program"]), "status": p["status"],
            "budgetYuan": p["budgetYuan"], "funderRegionId": ref(p["funder"]), "regionId": ref(p["region"]),
            "startDate": p["startDate"], "endDate": p["endDate"], "quote": p["quote"],
            "sourceId": p["source"]["id"]}


def figures(lat, wall, extra):
    lat_ms = sorted(x * 1000 for x in lat)

    def pct(q):  # nearest rank
        if not lat_ms:
            return 0.0
        return lat_ms[min(len(lat_ms) - 1, max(0, int(round(q / 100 * len(lat_ms) + 0.5)) - 1))]

    d = {"count": len(lat_ms), "p50_ms": statistics.median(lat_ms) if lat_ms else 0.0, "p90_ms": pct(90),
         "p99_ms": pct(99), "max_ms": lat_ms[-1] if lat_ms else 0.0,
         "mean_ms": statistics.fmean(lat_ms) if lat_ms else 0.0, "wall_s": wall,
         "per_s": len(lat_ms) / wall if wall > 0 else 0.0}
    d.update(extra)
    return d


def run_update(a):
    picker = Client(a.url, a.key)
    projects = pick_projects(picker, a.c * a.per_worker, a.skip)
    lock = threading.Lock()
    state = {"next": 0, "moves": 0}
    lat, errors, conflicts, samples = [], [], [0], []
    successes = []  # (project id, version written)

    def take():
        with lock:
            if state["next"] >= a.n:
                return None, None
            i = state["next"]
            state["next"] += 1
            move = None
            if a.move_every and (i + 1) % a.move_every == 0:
                state["moves"] += 1
                move = "category" if state["moves"] % 2 else "status"
            return i, move

    def worker(mine):
        cl = Client(a.url, a.key)
        for turn in range(a.n + 1):
            i, move = take()
            if i is None:
                return
            p = mine[turn % len(mine)]
            inp = project_input(p)
            inp["budgetYuan"] = (p["budgetYuan"] or 0) % 1_000_000_000 + 1 + i
            if a.rename:
                inp["name"] = p.setdefault("first_name", p["name"]) + "（更正%d）" % i
            if move == "category":
                inp["category"] = CATEGORIES[(CATEGORIES.index(p["category"]) + 1) % len(CATEGORIES)]
            elif move == "status":
                inp["status"] = STATUSES[(STATUSES.index(p["status"]) + 1) % len(STATUSES)] if p["status"] else "PLANNED"
            body = json.dumps({"query": UPDATE, "variables": {"id": p["id"], "version": p["version"], "input": inp}}).encode()
            try:
                status, data, dt = cl.post(body)
                resp = json.loads(data)
            except Exception as e:  # noqa: BLE001 — a failed request is an error, counted
                with lock:
                    errors.append("request: %r" % e)
                continue
            errs = resp.get("errors") or []
            if any((e.get("extensions") or {}).get("code") == "CONFLICT" for e in errs):
                with lock:
                    conflicts[0] += 1
                    lat.append(dt)
                st, r2, _ = cl.gql(ONE, {"id": p["id"]})
                if st == 200 and not r2.get("errors"):
                    p.update(r2["data"]["node"])
                continue
            got = (resp.get("data") or {}).get("updateProject") or {}
            ok = (status == 200 and not errs and got.get("version") == p["version"] + 1
                  and got.get("budgetYuan") == inp["budgetYuan"] and got.get("category") == inp["category"]
                  and got.get("status") == inp["status"])
            with lock:
                lat.append(dt)
                if ok:
                    successes.append((p["id"], got["version"]))
                if not ok:
                    errors.append("HTTP %d %s" % (status, data[:300].decode("utf-8", "replace")))
                elif len(samples) < 3:
                    samples.append(got)
            if ok:
                p.update(version=got["version"], budgetYuan=got["budgetYuan"], category=got["category"],
                         status=got["status"])
            elif got.get("version"):
                p["version"] = got["version"]

    if a.shared:
        n = len(projects)
        shares = [[dict(projects[(w + j) % n]) for j in range(n)] for w in range(a.c)]
    else:
        shares = [projects[w * a.per_worker:(w + 1) * a.per_worker] for w in range(a.c)]
    threads = [threading.Thread(target=worker, args=(shares[w],)) for w in range(a.c)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lost = []
    if a.shared:
        written = {}
        for pid in {pid for pid, _ in successes}:
            after, versions = None, set()
            while True:
                st, r, _ = picker.gql(HISTORY, {"id": pid, "after": after})
                if st != 200 or r.get("errors"):
                    raise SystemExit("reading history failed: HTTP %d %s" % (st, json.dumps(r)[:500]))
                h = r["data"]["history"]
                versions |= {c["version"] for c in h["nodes"] if c["op"] == "UPDATE"}
                if not h["pageInfo"]["hasNextPage"]:
                    break
                after = h["pageInfo"]["endCursor"]
            written[pid] = versions
        lost = [(pid, v) for pid, v in successes if v not in written[pid]]
        if len(set(successes)) != len(successes):
            errors.append("two successes wrote the same version: %r" % (len(successes) - len(set(successes))))
        for pid, v in lost:
            errors.append("lost: %s version %d succeeded but is not in its history" % (pid, v))
    d = figures(lat, wall, {"mode": "update", "shared": a.shared, "rename": a.rename, "successes": len(successes), "lost": len(lost), "concurrency": a.c, "per_worker": a.per_worker, "requested": a.n, "errors": len(errors),
                            "conflicts": conflicts[0], "moves": state["moves"],
                            "projects": [p["id"] for p in projects], "first_errors": errors[:5],
                            "sample_responses": samples})
    print("updates c%d%s%s: %d sent, %d errors, %d conflicts, %d group moves; p50 %.2f ms, p90 %.2f, p99 %.2f, max %.2f; %.1f updates/s"
          % (a.c, " shared" if a.shared else "", " renaming" if a.rename else "", d["count"], d["errors"], d["conflicts"], d["moves"], d["p50_ms"], d["p90_ms"],
             d["p99_ms"], d["max_ms"], d["per_s"]))
    if a.shared:
        print("  %d successes, each in its project's history but %d (lost)" % (len(successes), len(lost)))
    for e in errors[:5]:
        print("  error:", e, file=sys.stderr)
    return d


def run_read(a):
    body = open(a.body, "rb").read()
    cl = Client(a.url, a.key)
    ref, lat, errors = None, [], 0
    for _ in range(a.warmup):
        cl.post(body)
    t0 = time.perf_counter()
    for _ in range(a.n):
        status, data, dt = cl.post(body)
        lat.append(dt)
        if status != 200 or b'"errors":' in data or (ref is not None and data != ref):
            errors += 1
        ref = ref if ref is not None else data
    wall = time.perf_counter() - t0
    d = figures(lat, wall, {"mode": "read", "body": a.body, "errors": errors, "response_bytes": len(ref or b"")})
    print("read %s c1: %d requests, %d errors; p50 %.3f ms, p90 %.3f, p99 %.3f, max %.3f; %.1f req/s"
          % (a.body, d["count"], errors, d["p50_ms"], d["p90_ms"], d["p99_ms"], d["max_ms"], d["per_s"]))
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="mode", required=True)
    u = sub.add_parser("update")
    u.add_argument("url")
    u.add_argument("key", help="an editor's API key")
    u.add_argument("-n", type=int, default=200, help="updates in all [200]")
    u.add_argument("-c", type=int, default=1, help="concurrency: workers, each with a project of its own [1]")
    u.add_argument("--per-worker", type=int, default=1, help="projects each worker updates in turn [1]")
    u.add_argument("--move-every", type=int, default=0, help="every M-th update also changes category or status [0: never]")
    u.add_argument("--skip", type=int, default=0, help="projects to pass over before picking [0]")
    u.add_argument("--shared", action="store_true", help="every worker updates every project picked: CONFLICT expected; successes checked in the history")
    u.add_argument("--rename", action="store_true", help="every update also renames its project, so that the search index changes")
    u.add_argument("--json", help="write the figures to this file")
    r = sub.add_parser("read")
    r.add_argument("url")
    r.add_argument("body", help="a request body file, as bench/load.sh writes them")
    r.add_argument("-n", type=int, default=300, help="requests [300]")
    r.add_argument("--warmup", type=int, default=20, help="unmeasured requests first [20]")
    r.add_argument("--key", help="an API key to send (none: anonymous)")
    r.add_argument("--json", help="write the figures to this file")
    a = ap.parse_args()
    if a.mode == "update" and (a.c < 1 or a.per_worker < 1 or a.n < 0):
        ap.error("-c and --per-worker must be at least 1")
    d = run_update(a) if a.mode == "update" else run_read(a)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(d, f, indent=1)
    sys.exit(1 if d["errors"] else 0)


if __name__ == "__main__":
    main()
