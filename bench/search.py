#!/usr/bin/env python3
"""Search benchmark: `search(text:)` over a fixed list of 200 texts, through the GraphQL API.

    bench/search.py URL C N [--pid PID] [--texts FILE] [--count] [--first K] [--json FILE]

Reads the texts (bench/search_texts.txt: 1 to 8 characters each, common and rare, Chinese,
Latin, codes, traditional and full-width spellings), then:

1. one request at a time: each text once as a warm-up, then each text once timed; prints
   p50 / p99 / max latency (first byte of the request to last of the response) and the slowest
   texts;
2. at concurrency C: N searches in all (the texts in turn, each worker from its own offset),
   each worker on one keep-alive connection; prints throughput, p50 / p99, and, with --pid (the
   server's process id), the server's CPU time per search (utime + stime from /proc/PID/stat)
   and its peak RSS (VmHWM from /proc/PID/status).

Each search asks for the first K hits (--first, default 20) with their score, field and
object's name, and hasNextPage; --count adds totalCount. A response counts as an error unless
it is HTTP 200 without "errors". Python 3 standard library only; traffic goes only to URL.
"""
import argparse
import http.client
import json
import os
import statistics
import threading
import time
import urllib.parse

QUERY = """query BenchSearch($q: String!, $first: Int!) { search(text: $q, first: $first) { %s
  nodes { score matchedField node { __typename ... on Named { name } ... on Figure { label } } }
  pageInfo { hasNextPage } } }"""


class Client:
    """One keep-alive HTTP connection to the endpoint."""

    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        if u.scheme != "http":
            raise SystemExit("only http:// URLs")
        self.host, self.port, self.path = u.hostname, u.port or 80, u.path or "/"
        self.conn = None

    def post(self, body):
        """POSTs body; returns (ok, hits, seconds)."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        t0 = time.perf_counter()
        self.conn.request("POST", self.path, body, {"Content-Type": "application/json"})
        r = self.conn.getresponse()
        data = r.read()
        dt = time.perf_counter() - t0
        try:
            doc = json.loads(data)
        except ValueError:
            return False, 0, dt
        ok = r.status == 200 and not doc.get("errors")
        hits = len(((doc.get("data") or {}).get("search") or {}).get("nodes") or [])
        return ok, hits, dt


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def hwm_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("url")
    ap.add_argument("c", type=int)
    ap.add_argument("n", type=int)
    ap.add_argument("--pid", type=int)
    ap.add_argument("--texts", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "search_texts.txt"))
    ap.add_argument("--count", action="store_true")
    ap.add_argument("--first", type=int, default=20)
    ap.add_argument("--json")
    a = ap.parse_args()
    texts = [t for t in open(a.texts, encoding="utf-8").read().split("\n") if t]
    query = QUERY % ("totalCount" if a.count else "")
    bodies = [json.dumps({"query": query, "variables": {"q": t, "first": a.first}}).encode() for t in texts]

    c = Client(a.url)
    for b in bodies:
        c.post(b)
    times, errors = [], 0
    for t, b in zip(texts, bodies):
        ok, hits, dt = c.post(b)
        errors += not ok
        times.append((dt, t, hits))
    lat = [x[0] * 1000 for x in times]
    out = {"texts": len(texts), "c1": {"p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99), "max_ms": max(lat),
                                       "mean_ms": statistics.mean(lat), "errors": errors}}
    slow = sorted(times, reverse=True)[:5]
    out["c1"]["slowest"] = [[t, round(dt * 1000, 1), hits] for dt, t, hits in slow]
    print("c1: %d texts p50 %.1f ms p99 %.1f ms max %.1f ms errors %d; slowest %s" % (
        len(texts), out["c1"]["p50_ms"], out["c1"]["p99_ms"], out["c1"]["max_ms"], errors,
        ", ".join("%s %.0f ms" % (t, dt * 1000) for dt, t, _ in slow)))

    lock = threading.Lock()
    lats, errs = [], [0]
    per = a.n // a.c

    def worker(w):
        cl = Client(a.url)
        mine, bad = [], 0
        for i in range(per):
            ok, _, dt = cl.post(bodies[(w * 37 + i) % len(bodies)])
            bad += not ok
            mine.append(dt * 1000)
        with lock:
            lats.extend(mine)
            errs[0] += bad

    cpu0 = cpu_seconds(a.pid) if a.pid else None
    t0 = time.perf_counter()
    ths = [threading.Thread(target=worker, args=(w,)) for w in range(a.c)]
    for th in ths:
        th.start()
    for th in ths:
        th.join()
    wall = time.perf_counter() - t0
    cn = {"searches": len(lats), "per_s": len(lats) / wall, "p50_ms": pct(lats, 50), "p99_ms": pct(lats, 99),
          "max_ms": max(lats), "errors": errs[0]}
    line = "c%d: %d searches %.0f/s p50 %.1f ms p99 %.1f ms max %.1f ms errors %d" % (
        a.c, len(lats), cn["per_s"], cn["p50_ms"], cn["p99_ms"], cn["max_ms"], errs[0])
    if a.pid:
        cn["cpu_ms_per_search"] = (cpu_seconds(a.pid) - cpu0) * 1000 / len(lats)
        cn["vmhwm_mb"] = hwm_mb(a.pid)
        line += "; server CPU %.2f ms per search, VmHWM %.0f MB" % (cn["cpu_ms_per_search"], cn["vmhwm_mb"])
    out["c%d" % a.c] = cn
    print(line)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
