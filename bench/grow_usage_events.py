#!/usr/bin/env python3
"""Grows a canonical usage-events file (e.g. largeorg.py's usage-events.csv) to N events of the same shape, for the
flat-memory check of `slaretro import usage` (the same peak RSS at 1 M and 4 M events):

    python3 bench/grow_usage_events.py usage-events.csv usage-events-4m.csv 4000000

The output holds the input's rows, then more events resampling its assets and its (user, team) pairs with their
frequencies, over the same days, at uniformly random seconds, with the same mix of actions; unsorted, like the input.
Deterministic (seeded)."""
import random, sys
src, dst, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = open(src).read().splitlines()
header, body = rows[0], rows[1:]
parsed = [r.split(",") for r in body]
days = sorted({p[0][:10] for p in parsed})
rng = random.Random(4)
with open(dst, "w") as f:
    f.write(header + "\n")
    f.write("\n".join(body) + "\n")
    n = len(body)
    buf = []
    while n < total:
        a = parsed[rng.randrange(len(parsed))]
        u = parsed[rng.randrange(len(parsed))]
        act = parsed[rng.randrange(len(parsed))][4]
        s = rng.randrange(86400)
        buf.append(f"{days[rng.randrange(len(days))]}T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}Z,{a[1]},{u[2]},{u[3]},{act}\n")
        n += 1
        if len(buf) >= 100000:
            f.write("".join(buf)); buf = []
    f.write("".join(buf))
