#!/usr/bin/env python3
"""cgnogc.py OUT [OUT ...]: instructions per request of each query in bench/callgrind.sh's OUT
directories, in total and less the garbage collector's own functions (runtime mgc*, mbitmap,
mheap, mwbbuf, mpallocbits, mgcsweep, ...), whose share moves with where a collection falls.
REQUESTS [100] is what callgrind.sh was run with."""
import os, re, subprocess, sys

GC = re.compile(r'runtime/(mgc[a-z_]*|mbitmap|mwbbuf|mheap|mpallocbits|mspanset|mcentral|mfinal)\.go:')
REQUESTS = int(os.environ.get("REQUESTS", "100"))

def per_request(path):
    out = subprocess.run(["callgrind_annotate", "--threshold=100", "--auto=no", path],
                         capture_output=True, text=True, check=True).stdout
    total = gc = 0
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*?)(?: \[.*\])?$", line)
        if m and "PROGRAM TOTALS" not in m.group(2):
            n = int(m.group(1).replace(",", ""))
            total += n
            if GC.search(m.group(2)):
                gc += n
    return total // REQUESTS, (total - gc) // REQUESTS

for out in sys.argv[1:]:
    for q in ["q1_nested", "q2_list", "q3_aggregate", "q4_deep"]:
        f = os.path.join(out, f"callgrind.{q}.out")
        if os.path.exists(f):
            t, n = per_request(f)
            print(f"{out} {q} total={t:,} less_gc={n:,}")
