#!/usr/bin/env python3
"""Times the read commands of largeorg.py against an existing workspace (e.g. the kept scale-1 one), so a change
can be measured before/after without rebuilding the workspace: median wall and CPU (user + sys, GNU time) of
--runs runs, peak RSS, against the goals of issue 11. `retro start` runs on a fresh copy each time (not timed).

    python3 bench/readtimes.py --bin .build-release/release/slaretro --db /path/workspace.sqlite [--runs 3]

The workspace is migrated once by the binary before timing (an untimed `sql "SELECT 1"`), on the copy given.
"""
import argparse, os, shutil, statistics, subprocess, tempfile, time

NOW = "2026-11-24T09:00:00Z"
GOALS = {"retro start": 1.0, "democratization": 0.3, "candidates": 0.3, "breaches": 0.3, "incidents": 0.1, "history": 0.05,
         "rightsize": 0.5}

def run(cmd, env, stdin=None):
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", "%M %U %S"] + cmd, env=env, input=stdin, capture_output=True, text=True)
    wall = time.monotonic() - t0
    last = p.stderr.strip().splitlines()[-1].split()
    rss, cpu = int(last[0]) / 1024, float(last[1]) + float(last[2])
    return p.returncode, wall, cpu, rss, p.stdout.count("\n")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sprint", default="2026-S23")
    ap.add_argument("--agreement", default="SLA-hr_contracts_2229-finance-ops")
    a = ap.parse_args()
    env = dict(os.environ, SLARETRO_NOW=NOW, TZ="UTC", LANG="C", COLUMNS="100", NO_COLOR="1", USER="facilitator")
    b, db = a.bin, a.db
    run([b, "sql", "SELECT 1", "--db", db], env)  # migrate once, untimed
    cmds = [
        ("sql SELECT 1 (start, open)", None, [b, "sql", "SELECT 1", "--db", db]),
        ("retro start", "retro start", None),
        ("democratization", "democratization", [b, "democratization", "--sprint", a.sprint, "--db", db]),
        ("candidates", "candidates", [b, "candidates", "--db", db]),
        ("rightsize", "rightsize", [b, "rightsize", "--db", db]),
        ("breaches", "breaches", [b, "breaches", "--db", db]),
        ("incidents", "incidents", [b, "incidents", "--db", db]),
        ("history ID", "history", [b, "history", a.agreement, "--db", db]),
        ("history ID --as-of", "history", [b, "history", a.agreement, "--as-of", "2026-05-01", "--db", db]),
        ("agreements show ID", None, [b, "agreements", "show", a.agreement, "--db", db]),
    ]
    tmp = tempfile.mkdtemp(dir=os.path.dirname(os.path.abspath(db)))
    print(f"| command | wall (median) | CPU (median) | goal | peak RSS | exit |\n|---|---|---|---|---|---|")
    for label, goal, cmd in cmds:
        results = []
        for _ in range(a.runs):
            stdin = None
            if label == "retro start":
                copy = os.path.join(tmp, "copy.sqlite")
                shutil.copyfile(db, copy)
                cmd = [b, "retro", "start", "--sprint", a.sprint, "--facilitator", "bench", "--attendees", "ana,ben", "--db", copy]
                stdin = "quit\n"
            results.append(run(cmd, env, stdin))
        wall = statistics.median(r[1] for r in results); cpu = statistics.median(r[2] for r in results)
        g = GOALS.get(goal)
        verdict = "—" if g is None else (f"< {g*1000:.0f} ms " + ("met" if cpu < g else f"{cpu/g:.1f}× over (CPU)"))
        print(f"| `{label}` | {wall*1000:.0f} ms | {cpu*1000:.0f} ms | {verdict} | {max(r[3] for r in results):.1f} MiB | {results[0][0]} |", flush=True)
    shutil.rmtree(tmp)

main()
