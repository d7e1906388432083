#!/usr/bin/env python3
"""Benchmark: `slaretro import usage` against the sqlite3 shell's `.import` of the same CSV.

Usage: python3 bench/usage.py [N ...]   (from the repository root; builds the release binary first)
For each N (default 1,000,000) it generates N usage events deterministically, times
  1. sqlite3 SCRATCH.db with `.import --csv` into a bare 5-column table (the yardstick), and
  2. slaretro import usage (same rows, plus asset matching, team mapping and daily rollups),
and prints both times, the ratio and slaretro's peak memory. Goal: ratio <= 1.5, memory flat.
"""
import os, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# A quarter of a mid-sized organisation's BI logs: 50 assets, 10 teams, 500 people, 90 days.
ASSETS, TEAMS, USERS, DAYS = 50, 10, 500, 90


def catalog(path):
    lines = ["teams:"] + [f"  - {{id: team{t:02d}, kind: consumer}}" for t in range(TEAMS)] + ["  - {id: platform, kind: platform}", "assets:"]
    lines += [f"  - {{id: asset{a:03d}, kind: table, owner: platform, maintenance_hours: 1, aliases: [proj.ds.asset{a:03d}]}}" for a in range(ASSETS)]
    open(path, "w").write("\n".join(lines) + "\n")


def events(path, n):
    actions = ["query", "view", "view", "export", "api"]
    with open(path, "w") as f:
        f.write("occurred_at,asset,user,team,action\n")
        t0 = 1767225600  # 2026-01-01
        for i in range(n):
            t = time.gmtime(t0 + (i * 37) % (DAYS * 86400))
            user = (i * 7919) % USERS
            asset = (i * 104729) % ASSETS
            name = f"proj.ds.asset{asset:03d}" if i % 3 == 0 else f"asset{asset:03d}"
            f.write(f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}Z,"
                    f"{name},user{user:04d}@example.com,team{user % TEAMS:02d},{actions[i % 5]}\n")


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [1_000_000]
    subprocess.run(["swift", "build", "-c", "release", "--product", "slaretro"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(ROOT, ".build", "release", "slaretro")
    env = dict(os.environ, SLARETRO_NOW="2026-11-24T09:00:00Z")
    with tempfile.TemporaryDirectory() as tmp:
        catalog(os.path.join(tmp, "catalog.yaml"))
        for n in sizes:
            csv = os.path.join(tmp, f"usage-{n}.csv")
            events(csv, n)
            bare = os.path.join(tmp, f"bare-{n}.db")
            start = time.perf_counter()
            subprocess.run(["sqlite3", bare], input=f"PRAGMA journal_mode=WAL;\nCREATE TABLE usage_events(occurred_at TEXT, asset TEXT, user TEXT, team TEXT, action TEXT);\n.import --csv --skip 1 {csv} usage_events\n",
                           text=True, check=True, stdout=subprocess.DEVNULL)
            yardstick = time.perf_counter() - start
            db = os.path.join(tmp, f"slaretro-{n}.sqlite")
            subprocess.run([binary, "import", "catalog", os.path.join(tmp, "catalog.yaml"), "--db", db], env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            start = time.perf_counter()
            out = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "import", "usage", csv, "--db", db], env=env,
                                 check=True, capture_output=True, text=True)
            ours = time.perf_counter() - start
            peak = int(out.stderr.strip().splitlines()[-1]) / 1024
            print(f"{n:>9,} events ({os.path.getsize(csv) / 1e6:.0f} MB): sqlite3 .import {yardstick:5.2f} s, "
                  f"slaretro {ours:5.2f} s, ratio {ours / yardstick:4.2f}, peak memory {peak:.1f} MiB")


if __name__ == "__main__":
    main()
