#!/usr/bin/env python3
"""cpu_threads.py PORT DBNAME BODY SECONDS CONC SERVER_PID: bench/cpu.sh for a shared MariaDB.

Drives one query (BODY, a request body file) with wrk at CONC connections for SECONDS (after 2
unmeasured ones) against the aidgraph SERVER_PID on 127.0.0.1:PORT serving DBNAME, and reports
per request the CPU time of the server (all its threads' schedstat) and of only those mariadbd
threads whose connections are on DBNAME (information_schema.processlist's TID), so that other
clients of a shared MariaDB do not count. Use a database of your own (a copy of the national
data). Linux, MariaDB (processlist's TID column), wrk."""
import os, subprocess, sys, tempfile
port, db, body, secs, conc = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
mpid = subprocess.check_output(["pgrep", "-x", "mariadbd"]).split()[0].decode()
spid = sys.argv[6]
def tids():
    out = subprocess.check_output(["mariadb", "--socket=/run/mysqld/mysqld.sock", "-uroot", "-N", "-B", "-e",
        f"SELECT TID FROM information_schema.processlist WHERE DB = '{db}' AND ID <> CONNECTION_ID()"], text=True)
    return set(out.split())
def tcpu(t):
    try:
        with open(f"/proc/{mpid}/task/{t}/schedstat") as f: return int(f.read().split()[0])
    except FileNotFoundError: return None
def pcpu(p):
    tot = 0
    for t in os.listdir(f"/proc/{p}/task"):
        try:
            with open(f"/proc/{p}/task/{t}/schedstat") as f: tot += int(f.read().split()[0])
        except FileNotFoundError: pass
    return tot
lua = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
lua.write(f'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nlocal f = assert(io.open("{body}")); wrk.body = f:read("*a"); f:close()\n'); lua.close()
url = f"http://127.0.0.1:{port}/query"
subprocess.run(["wrk", "-t1", f"-c{conc}", "-d2s", "-s", lua.name, url], capture_output=True)
# A thread that starts serving this database during the run comes from MariaDB's thread cache,
# and its counter holds its earlier clients' work: its baseline is taken when it is first seen
# (polled every 20 ms, so at most that much of its new work is missed).
import threading
before = {t: tcpu(t) for t in tids()}; s0 = pcpu(spid)
running = True
def poll():
    while running:
        for t in tids():
            if t not in before:
                before[t] = tcpu(t)
threading.Thread(target=poll, daemon=True).start()
nb = len(before)
out = subprocess.run(["wrk", "-t1", f"-c{conc}", f"-d{secs}s", "-s", lua.name, url], capture_output=True, text=True).stdout
running = False
s1 = pcpu(spid); after = {t: tcpu(t) for t in list(before)}
d = sum(after[t] - before[t] for t in before if after[t] is not None and before[t] is not None)
new = len(before) - nb
n = int([l for l in out.splitlines() if "requests in" in l][0].split()[0])
rps = [l for l in out.splitlines() if "Requests/sec" in l][0].split()[1]
print(f"{os.path.basename(body)} c{conc}: {n} requests, {rps} req/s; per request: server {((s1-s0)/n)/1e6:.3f} ms, MariaDB ({db} threads) {(d/n)/1e6:.3f} ms ({nb} threads, {new} joined)")
