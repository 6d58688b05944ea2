#!/usr/bin/env python3
"""cgdiff.py A B [N]: per-function exclusive Ir of two callgrind dumps, largest differences first."""
import re, subprocess, sys
def load(path):
    out = subprocess.run(["callgrind_annotate", "--threshold=100", "--auto=no", path],
                         capture_output=True, text=True).stdout
    d = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*?)(?: \[.*\])?$", line)
        if m and "PROGRAM TOTALS" not in m.group(2):
            d[m.group(2)] = d.get(m.group(2), 0) + int(m.group(1).replace(",", ""))
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else 25
keys = sorted(set(a) | set(b), key=lambda k: -abs(b.get(k, 0) - a.get(k, 0)))
print(f"total A={sum(a.values()):,} B={sum(b.values()):,}")
for k in keys[:n]:
    print(f"{b.get(k,0)-a.get(k,0):+14,} {a.get(k,0):>14,} {b.get(k,0):>14,}  {k}")
