#!/usr/bin/env python3
"""Benchmark: import N generated observations (default 1,000,000) with the release binary.

Usage: python3 bench/observations.py [N ...]     (run from the repository root; builds release first)
Prints the import time, rows per second and the peak memory (max RSS) of slaretro for each N,
so memory can be compared as the file grows (e.g. 1000000 4000000).
"""
import os, resource, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AGREEMENTS = 100


def catalog(path):
    lines = ["teams: [{id: platform, kind: platform}, {id: users, kind: consumer}]",
             "assets: [{id: t, kind: table, owner: platform}]", "agreements:"]
    for i in range(AGREEMENTS):
        lines.append(f'  - {{id: SLA-{i:03d}, kind: sla, asset: t, consumer: users, objective: "freshness <= 2h", '
                     f'target: 95%, effective_from: 2020-01-01}}')
    open(path, "w").write("\n".join(lines) + "\n")


def observations(path, n):
    # Deterministic: agreement i observed every 5 minutes from 2021-01-01; lag cycles through values.
    per = n // AGREEMENTS
    with open(path, "w") as f:
        f.write("agreement,observed_at,value\n")
        for i in range(AGREEMENTS):
            t = 1609459200
            for k in range(per):
                s = time.gmtime(t + k * 300)
                f.write(f"SLA-{i:03d},{s.tm_year:04d}-{s.tm_mon:02d}-{s.tm_mday:02d}T{s.tm_hour:02d}:{s.tm_min:02d}:00Z,{(k * 7) % 180}m\n")


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [1_000_000]
    subprocess.run(["swift", "build", "-c", "release", "--product", "slaretro"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    binary = os.path.join(ROOT, ".build", "release", "slaretro")
    with tempfile.TemporaryDirectory() as tmp:
        catalog(os.path.join(tmp, "catalog.yaml"))
        for n in sizes:
            csv = os.path.join(tmp, f"obs-{n}.csv")
            observations(csv, n)
            db = os.path.join(tmp, f"bench-{n}.sqlite")
            env = dict(os.environ, SLARETRO_NOW="2026-11-24T09:00:00Z")
            subprocess.run([binary, "import", "catalog", os.path.join(tmp, "catalog.yaml"), "--db", db], env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            out = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "import", "observations", csv, "--db", db], env=env,
                                 check=True, capture_output=True, text=True)
            seconds = time.perf_counter() - start
            peak_kib = int(out.stderr.strip().splitlines()[-1])
            size_mb = os.path.getsize(csv) / 1e6
            print(f"{n:>9,} observations ({size_mb:.0f} MB): {seconds:6.2f} s, {n / seconds:,.0f} rows/s, peak memory {peak_kib / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
