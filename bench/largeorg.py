#!/usr/bin/env python3
"""Large-organisation benchmark for slaretro: a year of a big data platform, then every read command and importer timed.

What it builds (deterministic, seeded; all counts × --scale):
  * catalog (slaretro's YAML): 5,000 assets, 2,000 agreements (300 OLAs, each `supports:` 2-4 SLAs), 40 teams,
    26 two-week sprints in Asia/Tokyo (2025-S24 … 2026-S23, 2025-11-24 → 2026-11-23), written three times:
    v1, then v2 (2026-04-06) and v3 (2026-08-03) re-imported with `--reason` (changed targets, delivery times,
    response times, a few retirements) in between the retros, as a team maintaining its catalog in git would;
  * observations.csv: 2.15 M rows — one delivery a day for every `delivered_by` agreement (1,810) and one
    availability reading an hour for a subset (170), over the 26 sprints; ~1 % of agreements breach often;
  * rollups.csv: 1.55 M daily usage rollups `date,asset,team,users,accesses` (~20 M accesses; some assets
    never read, two teams gone for the last quarter);
  * usage-events.csv: 1 M canonical usage events `occurred_at,asset,user,team,action` over 2,000 assets,
    3,000 users, 40 teams and 180 days, NOT sorted by time (only for the importer pairing);
  * incidents.csv (200 incidents) and postmortems/INC-*.md (Markdown with front matter) for ~70 % of them;
  * 20 finished retros (sprints 6 … 25), replayed in script mode (`slaretro retro start --sprint S < script`,
    stdin not a terminal), each closing follow-ups and making keep / revise --reason / retire / accept-risk /
    action decisions, with a dozen "hot" agreements revised again and again (history depth, "last discussed").
Everything is built with the real binary into one workspace (`--db`), with SLARETRO_NOW=2026-11-24T09:00:00Z
(after the last sprint); catalog re-imports and retros run with `--now` at their own date.

Then it prints one Markdown table (stdout; progress goes to stderr):
  * read commands — `retro start` (agenda build: start then `quit`, on a fresh copy of the workspace each run,
    flushed to disk before the run),
    `democratization --sprint S`, `candidates`, `breaches`, `incidents`, `history ID`, `history ID --as-of D`,
    `agreements list`, `agreements show ID`: median wall time of --runs runs against its goal, and peak RSS;
  * importers — `import observations` (500 k rows), `import usage --rollup` (500 k rows), `import usage`
    (1 M events), and with --full `import observations` of 4 M rows (flat memory): each timed against
    `sqlite3 .import` of the same file into a bare table of a fresh database, pair by pair (interleaved runs),
    with the ratio and both peak memories. slaretro imports into a fresh copy of a catalog-only database.
A failing command is reported as `FAILED (exit N: first line of stderr)`, one over --timeout as `TIMEOUT`.
Peak RSS and CPU time (user + sys) come from GNU time (/usr/bin/time -f "%M %U %S") wrapped around each command;
without it, from os.wait4's rusage of the child (whose ru_maxrss on Linux also counts this Python process's RSS at
fork time, so small figures are a floor), or RUSAGE_CHILDREN deltas where wait4 is missing.

Run (needs python3 >= 3.9, the sqlite3 CLI, GNU time if available, and a release build: swift build -c release):
    python3 largeorg.py --repo /work/scratch/bench/repo > RESULTS-table.md     # full size (progress on stderr)
    python3 bench/largeorg.py                      # once placed in the repo's bench/: --repo defaults to its parent
    python3 largeorg.py --repo REPO --scale 0.02   # quick try: ~25 s of CPU, < 1 min on a quiet 2-core machine
At scale 1 with the binary of 264d67b the run takes ~35 min on a busy 2-core machine, 22 of them in the 20
retro replays (each agenda build ~21 s of CPU); `--retros 5` keeps it near 15 min. See RESULTS.md and the notes beside it.

Flags:
  --repo DIR      repository root (default: the parent of this script's folder)
  --bin PATH      slaretro binary (default: REPO/.build/release/slaretro)
  --scale F       shrink (or grow) every count proportionally (default 1.0); sprints and retros stay 26 and 20
  --runs N        runs per read command / importer pair; the median wall and CPU times are shown (default 3)
  --timeout S     per-command timeout in seconds (default 120; workspace build steps get 5×)
  --repeat-budget S  no further run of a command (or importer pair) once its runs took S seconds (default 60),
                  so a slow command costs one run, not --runs; the table says "(k of N runs)"
  --full          also time a 4 M-row observations import (× scale) against sqlite3 .import
  --keep DIR      build in DIR and keep it (files, workspace.sqlite, logs/, retro scripts, minutes);
                  default: a temporary folder, removed at the end
  --retros N      replay N retros, on the N sprints before the last (default 20, at most 25); each one builds a
                  full agenda, which is most of the build time at scale 1 while `retro start` is slow
  --seed N        random seed (default 20261124)
"""
import argparse
import datetime as dt
import os
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

NOW = "2026-11-24T09:00:00Z"
FIRST_SPRINT = dt.date(2025, 11, 24)
SPRINTS = 26
SPRINT_DAYS = 14
CATALOG_REVISIONS = [(dt.date(2026, 4, 6), "v2", "Q2 catalog review: targets re-agreed with consumers"),
                     (dt.date(2026, 8, 3), "v3", "H2 catalog review: delivery times and playbooks updated")]
GOALS = {"retro start": 1.0, "democratization": 0.3, "candidates": 0.3, "breaches": 0.3, "incidents": 0.1, "history": 0.05,
         "rightsize": 0.5}
IMPORT_RATIO_GOAL = 1.5                  # an importer stays within 1.5× of sqlite3 .import
DOMAINS = ["sales", "finance", "marketing", "crm", "ops", "hr", "logistics", "product", "support", "risk",
           "billing", "growth", "supply", "web", "app", "partners"]
NOUNS = ["orders", "revenue", "customers", "events", "sessions", "invoices", "leads", "tickets", "shipments",
         "inventory", "payments", "campaigns", "accounts", "contracts", "forecast", "churn", "kpi", "ledger"]
ASSET_KINDS = ["table"] * 6 + ["view"] * 2 + ["dashboard"] * 3 + ["report", "model", "api"]
ACTIONS = ["query", "view", "view", "export", "api", "query", "view"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------------------
# Running the binary: wall time, peak RSS, timeout, failure text
# ---------------------------------------------------------------------------------------------------------------------

class Result:
    def __init__(self, seconds, rss_kib, code, timed_out, stderr_first, stdout_path, stderr_path, cpu=None):
        self.seconds, self.rss_kib, self.code, self.timed_out, self.cpu = seconds, rss_kib, code, timed_out, cpu
        self.stderr_first, self.stdout_path, self.stderr_path = stderr_first, stdout_path, stderr_path

    @property
    def ok(self):
        return self.code == 0 and not self.timed_out

    def failure(self, timeout):
        if self.timed_out:
            return f"TIMEOUT (> {timeout:g} s)"
        text = self.stderr_first.replace("|", "\\|")
        return f"FAILED (exit {self.code}: {text})"


def find_time():
    """GNU time, when it is there and understands -f %M (peak RSS of the command itself)."""
    path = shutil.which("time", path="/usr/bin:/bin")
    if not path:
        return None
    try:
        r = subprocess.run([path, "-q", "-f", "%M %U %S", "true"], capture_output=True, text=True, timeout=10)
        return path if r.returncode == 0 and r.stderr.split() and r.stderr.split()[-3].isdigit() else None
    except (OSError, subprocess.SubprocessError):
        return None


TIME = find_time()


def run(argv, *, env, cwd, timeout, stdin_path=None, log_prefix):
    """Runs argv with stdout/stderr to files; returns wall time, the child's own peak RSS and how it ended."""
    out_path, err_path = log_prefix + ".out", log_prefix + ".err"
    stats_path = log_prefix + ".time"
    if TIME:   # GNU time measures its own child, a fresh exec: ru_maxrss of our direct child would include this
        argv = [TIME, "-q", "-o", stats_path, "-f", "%M %U %S", *argv]   # Python process's RSS at fork time on Linux
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(out_path, "wb") as out, open(err_path, "wb") as err, \
            open(stdin_path or os.devnull, "rb") as stdin:
        start = time.perf_counter()
        p = subprocess.Popen(argv, stdin=stdin, stdout=out, stderr=err, env=env, cwd=cwd, start_new_session=True)
        fired = threading.Event()

        def kill():
            fired.set()
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            if hasattr(os, "wait4"):
                _, status, usage = os.wait4(p.pid, 0)
                seconds = time.perf_counter() - start
                p.returncode = os.waitstatus_to_exitcode(status)
                rss = usage.ru_maxrss
                cpu = usage.ru_utime + usage.ru_stime
            else:  # fall back: RUSAGE_CHILDREN is the max over all children so far, so only a growth is attributable
                cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
                p.wait()
                seconds = time.perf_counter() - start
                cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
                after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                rss = after if after > before else None
        finally:
            timer.cancel()
    if sys.platform == "darwin" and rss:
        rss //= 1024  # bytes on macOS
    if TIME:
        try:
            with open(stats_path) as f:
                last = f.read().split()
            rss, cpu = int(last[-3]), float(last[-2]) + float(last[-1])
        except (OSError, ValueError, IndexError):
            rss = None   # killed on timeout: no figures
    first = ""
    try:
        with open(err_path, errors="replace") as f:
            for line in f:
                if line.strip():
                    first = line.strip()
                    break
    except OSError:
        pass
    if not first and p.returncode != 0:
        first = "(no stderr)"
    return Result(seconds, rss, p.returncode, fired.is_set(), first[:160], out_path, err_path, cpu)


def fmt_time(s):
    if s is None:
        return "—"
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt_mib(kib):
    return "—" if not kib else f"{kib / 1024:.1f} MiB"


# ---------------------------------------------------------------------------------------------------------------------
# The organisation
# ---------------------------------------------------------------------------------------------------------------------

def sprint_label(start):
    anchor = FIRST_SPRINT
    jan1 = dt.date(start.year, 1, 1)
    while anchor > jan1:
        anchor -= dt.timedelta(days=SPRINT_DAYS)
    while anchor < jan1:
        anchor += dt.timedelta(days=SPRINT_DAYS)
    return f"{start.year}-S{(start - anchor).days // SPRINT_DAYS + 1:02d}"


class Org:
    """Plans the whole organisation and its year in memory (teams, assets, agreements and their term changes)."""

    def __init__(self, scale, seed, retros=20):
        self.rng = rng = random.Random(seed)
        self.retro_sprints = range(SPRINTS - 1 - retros, SPRINTS - 1)
        self.scale = scale
        sc = lambda n, lo=1: max(lo, int(round(n * scale)))
        self.sprints = []
        for i in range(SPRINTS):
            start = FIRST_SPRINT + dt.timedelta(days=SPRINT_DAYS * i)
            self.sprints.append((sprint_label(start), start, start + dt.timedelta(days=SPRINT_DAYS)))
        self.days = [FIRST_SPRINT + dt.timedelta(days=d) for d in range(SPRINTS * SPRINT_DAYS)]

        # Teams: 4 platform, 8 provider, the rest consumers (at least 1, 1, 4).
        n_teams = sc(40, 6)
        n_platform, n_provider = max(1, n_teams // 10), max(1, n_teams // 5)
        platform = ["data-platform", "data-eng-core", "ml-platform", "bi-platform"]
        provider = ["crm-team", "erp-team", "billing-eng", "web-eng", "app-eng", "payments-eng", "logistics-eng", "hr-systems"]
        consumer = [f"{d}-analytics" for d in DOMAINS] + [f"{d}-ops" for d in DOMAINS]
        self.platform = [platform[i % 4] + ("" if i < 4 else f"-{i}") for i in range(n_platform)]
        self.provider = [provider[i % 8] + ("" if i < 8 else f"-{i}") for i in range(n_provider)]
        n_consumer = n_teams - n_platform - n_provider
        self.consumer = [consumer[i % len(consumer)] + ("" if i < len(consumer) else f"-{i}") for i in range(n_consumer)]
        self.teams = self.platform + self.provider + self.consumer
        self.gone = self.consumer[-2:] if len(self.consumer) >= 6 else self.consumer[-1:]   # no usage in the last quarter

        # Users (for the canonical events): user i belongs to team i % teams; the first 10 per team are catalog members.
        self.n_users = sc(3000, 30)
        self.user_team = [self.teams[i % len(self.teams)] for i in range(self.n_users)]

        # Assets.
        self.n_assets = sc(5000, 20)
        self.assets = []
        for i in range(self.n_assets):
            d, n = DOMAINS[i % len(DOMAINS)], NOUNS[(i // len(DOMAINS)) % len(NOUNS)]
            kind = ASSET_KINDS[rng.randrange(len(ASSET_KINDS))]
            owner = self.platform[i % len(self.platform)] if i % 5 else self.provider[i % len(self.provider)]
            alias = f"wh.{d}.{n}_{i:04d}" if i % 10 == 3 else None
            hours = rng.choice([0, 0.5, 1, 1, 2, 3, 4, 6, 8])
            self.assets.append(dict(id=f"{d}_{n}_{i:04d}", kind=kind, owner=owner, alias=alias, hours=hours))

        # Agreements: SLAs (daily delivered_by, hourly availability, a few others) and OLAs (daily delivered_by).
        n_agr = sc(2000, 12)
        n_ola = max(2, int(round(n_agr * 0.15)))
        n_sla = n_agr - n_ola
        n_hourly = max(1, int(round(n_agr * 0.085)))      # 170 at scale 1
        n_other = max(1, int(round(n_agr * 0.01)))        # 20: freshness/latency/completeness, no observations
        self.agreements = []
        sla_assets = rng.sample(range(self.n_assets), min(self.n_assets, int(n_sla * 0.9)))
        seen = set()
        for i in range(n_sla):
            a = sla_assets[i % len(sla_assets)]
            team = self.consumer[(i * 7 + a) % len(self.consumer)]
            aid = f"SLA-{self.assets[a]['id']}-{team}"
            if aid in seen:
                aid += f"-{i}"
            seen.add(aid)
            if i < n_hourly:
                form, objective, target = "availability", "availability >= 99.5%", "99%"
            elif i < n_hourly + n_other:
                form = "other"
                objective = ["freshness <= 2h", "latency_p95 <= 800ms", "completeness >= 0.98"][i % 3]
                target = "95%"
            else:
                form, objective, target = "delivered_by", f"delivered_by {rng.choice(['07:00', '08:00', '09:00', '09:00', '10:00'])}", "95%"
            self.agreements.append(self._agreement(aid, "sla", a, team, form, objective, target))
        sla_ids = [g["id"] for g in self.agreements if g["form"] == "delivered_by"]
        taken = set(sla_assets)
        ola_assets = [i for i in range(self.n_assets) if i not in taken]
        for j in range(n_ola):
            a = ola_assets[j % len(ola_assets)] if ola_assets else j % self.n_assets
            team = self.provider[j % len(self.provider)]
            supports = sorted(set(rng.sample(sla_ids, min(len(sla_ids), rng.randint(2, 4)))))
            g = self._agreement(f"OLA-{self.assets[a]['id']}-{j:03d}", "ola", a, team, "delivered_by", "delivered_by 06:00", "98%")
            g["supports"] = supports
            self.agreements.append(g)
        self.by_id = {g["id"]: g for g in self.agreements}

        # Reliability: most fine, some breaching now and then, a "hot" dozen breaching every sprint.
        self.unused_assets = set(rng.sample(sla_assets, max(1, len(sla_assets) // 12)))
        measured = [g for g in self.agreements if g["form"] != "other"]
        slas = [g for g in measured if g["kind"] == "sla" and g["form"] == "delivered_by"]
        n_hot = max(3, int(round(12 * min(1.0, scale * 5))))
        self.hot = [g["id"] for g in rng.sample(slas, min(n_hot, len(slas)))]
        for g in measured:
            r = rng.random()
            g["p_good"] = 0.995 if r < 0.70 else 0.975 if r < 0.90 else 0.93
        for h in self.hot:
            self.by_id[h]["p_good"] = 0.82
            self.by_id[h]["terms"]["response_time"] = "4h"
            self.by_id[h]["terms"]["postmortem_when"] = "severity <= 2 or breached"
        # the hot SLAs are supported by an OLA (so `agreements show` and breach causes have something to say)
        olas = [g for g in self.agreements if g["kind"] == "ola"]
        for k, h in enumerate(self.hot):
            ola = olas[k % len(olas)]
            if h not in ola["supports"]:
                ola["supports"] = sorted(ola["supports"] + [h])
        self.unused_assets -= {self.by_id[h]["asset"] for h in self.hot}   # what is discussed every sprint is read
        self.n_daily = sum(1 for g in measured if g["form"] == "delivered_by")
        self.n_hourly = sum(1 for g in measured if g["form"] == "availability")

        # Usage pairs (asset, team, daily probability): ~8 % of SLA assets never read.
        pairs = []
        for a in range(self.n_assets):
            if a in self.unused_assets or rng.random() < 0.12:
                continue
            n = 1 + int(rng.random() ** 2 * 3)
            teams = set(rng.sample(self.consumer, min(n, len(self.consumer))))
            if a % 7 == 0:
                teams.add(self.platform[a % len(self.platform)])   # insiders
            for t in sorted(teams):
                pairs.append([a, t, rng.choice([0.95, 0.8, 0.6, 0.4, 0.2, 0.05, 0.02])])
        for g in self.agreements:                                       # consumers read what they were promised
            if g["kind"] == "sla" and g["asset"] not in self.unused_assets:
                pairs.append([g["asset"], g["team"], rng.choice([0.9, 0.6, 0.3, 0.03])])
        seen = set()                                                    # one pair per asset and team: a rollup
        pairs = [p for p in pairs if (p[0], p[1]) not in seen and not seen.add((p[0], p[1]))]   # file has one row a day
        weekday_mean = (5 * 1.0 + 2 * 0.35) / 7
        want = 1_550_000 * scale / weekday_mean                         # expected active pair-days
        gone = set(self.gone)
        span = [len(self.days) - (91 if p[1] in gone else 0) for p in pairs]
        lo, hi = 0.0, 100.0
        for _ in range(50):                                             # the factor that meets it, with p capped at 1
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if sum(min(1.0, p[2] * mid) * d for p, d in zip(pairs, span)) < want else (lo, mid)
        for p in pairs:
            p[2] = min(1.0, p[2] * hi)
        self.pairs = pairs

        # Term changes over the year: catalog re-imports and retros, planned in date order.
        self.plan_timeline()

    def _agreement(self, aid, kind, asset, team, form, objective, target):
        rng = self.rng
        terms = dict(objective=objective, target=target, timezone="Asia/Tokyo" if rng.random() < 0.9 else "UTC",
                     review_every=rng.choice([4, 6, 6, 6, 12]), driver=rng.choice(["analytics", "operational", "regulatory", None]),
                     response_time=rng.choice(["30m", "1h", "4h", None, None]), postmortem_when=None, status="active")
        if terms["response_time"] and rng.random() < 0.5:
            terms["postmortem_when"] = rng.choice(["severity <= 2", "severity <= 2 or breached", "breached", "always"])
        base = tuple(map(int, objective.split()[1].split(":"))) if objective.startswith("delivered_by") else None
        return dict(id=aid, kind=kind, asset=asset, team=team, form=form, terms=terms, supports=[], base_time=base,
                    effective_from="2025-11-03", reason=f"initial agreement with {team}", p_good=1.0)

    # --- the year's changes ----------------------------------------------------------------------------------------

    def plan_timeline(self):
        rng = self.rng
        self.catalogs = {"v1": self.catalog_text(None)}
        self.events = []            # ("catalog", label, date, reason) | ("retro", sprint index, [script lines], now)
        pending = list(CATALOG_REVISIONS)
        active = lambda: [g for g in self.agreements if g["terms"]["status"] == "active"]
        retire_pool = [g for g in self.agreements if g["kind"] == "sla" and g["asset"] in self.unused_assets and g["id"] not in self.hot]
        rng.shuffle(retire_pool)
        calm = [g for g in self.agreements if g["id"] not in self.hot and g["form"] == "delivered_by" and g["kind"] == "sla"]
        olas = [g for g in self.agreements if g["kind"] == "ola"]
        hot_i = 0
        people = ["ana", "ben", "chen", "dana", "eli", "fumi", "goro", "hana", "ivan", "jun", "kei", "lena"]
        for k in self.retro_sprints:
            label, start, end = self.sprints[k]
            while pending and pending[0][0] <= end:
                day, version, reason = pending.pop(0)
                changed = self.catalog_revision(day, version, reason)
                self.catalogs[version] = self.catalog_text(day, changed)
                self.events.append(("catalog", version, day, reason))
            lines = [f"# retro of {label}: follow-ups, breaches, over-quality, wrap-up", "@FOLLOWUPS@", "goto 2"]
            # two revisions of hot agreements (targets up and down), one delivery time, one keep, one accept-risk
            for _ in range(2):
                g = self.by_id[self.hot[hot_i % len(self.hot)]]
                hot_i += 1
                if g["terms"]["status"] != "active":
                    continue
                t = g["terms"]
                new = {"95%": "90%", "90%": "92%", "92%": "88%", "88%": "93%", "93%": "90%"}.get(t["target"], "90%")
                t["target"] = new
                lines.append(f'revise {g["id"]} target={new} --reason "{label}: {g["team"]} agreed to {new} while the feed is rebuilt"')
            g = self.by_id[self.hot[hot_i % len(self.hot)]]
            hot_i += 1
            t = g["terms"]
            if t["status"] == "active" and t["objective"].startswith("delivered_by"):
                hh, mm = map(int, t["objective"].split()[1].split(":"))
                minutes = hh * 60 + mm + (30 if hh < 10 else -60)
                t["objective"] = f"delivered_by {minutes // 60:02d}:{minutes % 60:02d}"
                lines.append(f'revise {g["id"]} objective="{t["objective"]}" --reason "{label}: stand-up moved; {t["objective"].split()[1]} is what they need"')
            c = rng.choice(calm)
            if c["terms"]["status"] == "active":
                lines.append(f'keep {c["id"]} --note "breached once, cause known"' if k % 3 else f'keep {c["id"]} --snooze 2 --note "revisit after the migration"')
            h = self.by_id[self.hot[(hot_i + 5) % len(self.hot)]]
            if h["terms"]["status"] == "active":
                lines.append(f'accept-risk {h["id"]} --reason "{label}: upstream fix lands next sprint"')
            if k % 4 == 1:
                o = olas[k % len(olas)]
                t = o["terms"]
                new = {"30m": "1h", "1h": "2h", "2h": "30m", "4h": "1h"}.get(t["response_time"], "1h")
                t["response_time"] = new
                lines.append(f'revise {o["id"]} response_time={new} --reason "{label}: provider on-call rota changed"')
            if retire_pool:
                lines.append("goto 5")
                r = retire_pool.pop()
                r["terms"]["status"] = "retired"
                lines.append(f'retire {r["id"]} --reason "{label}: no access in 60 days; nobody reads {self.assets[r["asset"]]["id"]}"')
            owner = people[k % len(people)]
            nxt = self.sprints[min(k + 1, SPRINTS - 1)][0]
            lines.append(f'action "Talk to {self.consumer[k % len(self.consumer)]} about their needs" --owner {owner} --due {nxt}')
            lines.append(f'action "Add a freshness alert before {label} ends" --owner {people[(k + 3) % len(people)]}')
            lines.append("goto 8")
            lines.append(f"finish --output minutes/minutes-{label}.md")
            retro_now = f"{end.isoformat()}T01:00:00Z"       # 10:00 in Tokyo, the Monday after the sprint
            self.events.append(("retro", k, lines, retro_now))
        while pending:
            day, version, reason = pending.pop(0)
            changed = self.catalog_revision(day, version, reason)
            self.catalogs[version] = self.catalog_text(day, changed)
            self.events.append(("catalog", version, day, reason))

    def catalog_revision(self, day, version, reason):
        """Changes ~8 % (v2: targets) or ~5 % (v3: delivery times, response times, a few retirements) of agreements."""
        rng = self.rng
        changed = set()
        for g in self.agreements:
            t = g["terms"]
            if t["status"] != "active" or g["id"] in self.hot:
                continue
            r = rng.random()
            if version == "v2" and r < 0.08:
                t["target"] = {"95%": "97%", "98%": "99%", "99%": "98%"}.get(t["target"], "95%")
                changed.add(g["id"])
            elif version != "v2" and r < 0.05:
                if t["objective"].startswith("delivered_by") and r < 0.03:
                    hh = int(t["objective"].split()[1][:2])
                    t["objective"] = f"delivered_by {max(5, hh - 1):02d}:{t['objective'].split()[1][3:]}"
                elif r < 0.045:
                    t["response_time"] = {"30m": "15m", "1h": "30m", "4h": "2h"}.get(t["response_time"], "4h")
                elif g["kind"] == "sla" and not any(g["id"] in o["supports"] for o in self.agreements if o["kind"] == "ola"):
                    t["status"] = "retired"
                else:
                    continue
                changed.add(g["id"])
        for aid in changed:
            self.by_id[aid]["reason"] = f"{reason} ({version})"
        return changed

    def catalog_text(self, day, changed=frozenset()):
        out = ["# Generated by largeorg.py: a large organisation's catalog (README: The catalog format).", "teams:"]
        members = {}
        for u in range(min(self.n_users, 10 * len(self.teams))):
            members.setdefault(self.user_team[u], []).append(f"u{u:05d}@corp.example")
        for t in self.teams:
            kind = "platform" if t in self.platform else "provider" if t in self.provider else "consumer"
            m = members.get(t)
            out.append(f"  - {{id: {t}, name: {t.replace('-', ' ').title()}, kind: {kind}"
                       + (f", members: [{', '.join(m)}]" if m else "") + "}")
        out.append("assets:")
        for a in self.assets:
            extra = f", aliases: [{a['alias']}]" if a["alias"] else ""
            out.append(f"  - {{id: {a['id']}, kind: {a['kind']}, owner: {a['owner']}, maintenance_hours: {a['hours']}{extra}}}")
        out.append("sprints:")
        for label, start, end in self.sprints:
            out.append(f"  - {{id: {label}, start: {start}, end: {end}, timezone: Asia/Tokyo}}")
        out.append("agreements:")
        for g in self.agreements:
            t = g["terms"]
            eff = day.isoformat() if g["id"] in changed else g["effective_from"]
            party = "consumer" if g["kind"] == "sla" else "provider"
            parts = [f"id: {g['id']}", f"kind: {g['kind']}", f"asset: {self.assets[g['asset']]['id']}", f"{party}: {g['team']}",
                     f'objective: "{t["objective"]}"', f"target: {t['target']}", f"timezone: {t['timezone']}",
                     f"review_every: {t['review_every']}"]
            if t["driver"]:
                parts.append(f"driver: {t['driver']}")
            if g["supports"]:
                parts.append(f"supports: [{', '.join(g['supports'])}]")
            pb = []
            if t["response_time"]:
                pb.append(f"response_time: {t['response_time']}")
            if t["postmortem_when"]:
                pb.append(f'postmortem_when: "{t["postmortem_when"]}"')
            if pb:
                parts.append(f"playbook: {{{', '.join(pb)}}}")
            parts.append(f"effective_from: {eff}")
            parts.append(f'reason: "{g["reason"]}"')
            if t["status"] == "retired":
                parts.append("status: retired")
            out.append("  - {" + ", ".join(parts) + "}")
        return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------------------------
# Evidence files
# ---------------------------------------------------------------------------------------------------------------------

def write_observations(org, path, rng):
    """Daily deliveries for delivered_by agreements, hourly availability for the availability ones, day by day."""
    daily = [g for g in org.agreements if g["form"] == "delivered_by"]
    hourly = [g for g in org.agreements if g["form"] == "availability"]
    rows = 0
    good_av = ["1.0", "0.9995", "0.998", "1.0", "0.9999"]
    bad_av = ["0.97", "0.91", "0.0", "0.985"]
    with open(path, "w") as f:
        f.write("agreement,observed_at,value\n")
        for day in org.days:
            d = day.isoformat()
            buf = []
            for g in daily:
                hh, mm = g["base_time"]     # deliveries follow the feed, not the terms revised along the year
                z = "+09:00" if g["terms"]["timezone"] == "Asia/Tokyo" else "Z"
                limit = hh * 60 + mm
                if rng.random() < g["p_good"]:
                    m = limit - 5 - int(rng.random() * 180)
                    if m < 0:
                        m = 0
                    buf.append(f"{g['id']},{d}T00:00:00{z},{d}T{m // 60:02d}:{m % 60:02d}:00{z}\n")
                elif rng.random() < 0.25:
                    buf.append(f"{g['id']},{d}T00:00:00{z},missing\n")
                else:
                    m = min(23 * 60 + 59, limit + 1 + int(rng.random() * 240))
                    buf.append(f"{g['id']},{d}T00:00:00{z},{d}T{m // 60:02d}:{m % 60:02d}:00{z}\n")
            for g in hourly:
                p = 1 - (1 - g["p_good"]) / 5            # target 99 %: 0.999 fine, 0.995 threatened now and then, 0.986 breaching
                aid = g["id"]
                for h in range(24):
                    v = good_av[h % 5] if rng.random() < p else bad_av[h % 4]
                    buf.append(f"{aid},{d}T{h:02d}:00:00Z,{v}\n")
            rows += len(buf)
            f.write("".join(buf))
    return rows


def write_probe_observations(org, path, n, rng):
    """n availability probes every 5 minutes (the --full 4 M-row file), ending at the last sprint."""
    hourly = [g["id"] for g in org.agreements if g["form"] == "availability"]
    per_day = 288 * len(hourly)
    days = -(-n // per_day)
    last = org.days[-1]
    rows = 0
    with open(path, "w") as f:
        f.write("agreement,observed_at,value\n")
        for k in range(days):
            d = (last - dt.timedelta(days=days - 1 - k)).isoformat()
            buf = []
            for aid in hourly:
                for s in range(288):
                    if rows + len(buf) >= n:
                        break
                    buf.append(f"{aid},{d}T{s // 12:02d}:{s % 12 * 5:02d}:00Z,{'0.9990' if rng.random() < 0.99 else '0.95'}\n")
            rows += len(buf)
            f.write("".join(buf))
    return rows


def write_rollups(org, path, rng):
    """Daily rollups date,asset,team,users,accesses,first_access (warehouse output: sorted by date).

    first_access (the day's first access, Tokyo time, for `rightsize`) is a fixed hour per pair plus a daily jitter,
    computed from the indices without drawing from rng, so every other figure is as without the column."""
    rows = accesses = 0
    quarter_start = org.days[-1] - dt.timedelta(days=90)
    gone = set(org.gone)
    assets = org.assets
    with open(path, "w") as f:
        f.write("date,asset,team,users,accesses,first_access\n")
        for day in org.days:
            d = day.isoformat()
            midnight_utc = (day - dt.date(1970, 1, 1)).days * 86400 - 9 * 3600   # local midnight in Tokyo (UTC+9)
            wk = 1.0 if day.weekday() < 5 else 0.35
            late = day >= quarter_start
            buf = []
            for a, team, p in org.pairs:
                if rng.random() >= p * wk or (late and team in gone):
                    continue
                users = 1 + int(rng.random() ** 2 * 6)
                n = users * (1 + int(rng.random() * 9))
                accesses += n
                asset = assets[a]
                name = asset["alias"] if asset["alias"] and (a + day.day) % 2 else asset["id"]
                tix = sum(map(ord, team))
                first = 360 + (a * 37 + tix * 13) % 300 + (a * 31 + tix + day.toordinal() * 17) % 45   # 06:00-11:44
                utc = midnight_utc + first * 60                                   # Tokyo wall clock, written as UTC
                buf.append(f"{d},{name},{team},{users},{n},{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(utc))}\n")
            rows += len(buf)
            f.write("".join(buf))
    return rows, accesses


def write_events(org, path, n, rng):
    """n canonical usage events over 2,000 assets, 3,000 users, all teams, 180 days; in random time order."""
    n_assets = min(org.n_assets, max(10, int(round(2000 * org.scale))))
    names = [a["alias"] if a["alias"] and i % 2 else a["id"] for i, a in enumerate(org.assets[:n_assets])]
    users = [f"u{u:05d}@corp.example" for u in range(org.n_users)]
    teams = org.user_team
    first = org.days[-1] - dt.timedelta(days=179)
    days = [(first + dt.timedelta(days=k)).isoformat() for k in range(180)]
    rnd = rng.random
    with open(path, "w") as f:
        f.write("occurred_at,asset,user,team,action\n")
        chunk = 100_000
        for base in range(0, n, chunk):
            buf = []
            for _ in range(min(chunk, n - base)):
                s = int(rnd() * 86400)
                u = int(rnd() ** 1.5 * len(users))        # some people are far more active
                team = teams[u] if rnd() > 0.05 else ""    # 5 % without a team: mapped by members or kept without one
                buf.append(f"{days[int(rnd() * 180)]}T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}Z,"
                           f"{names[int(rnd() ** 2 * n_assets)]},{users[u]},{team},{ACTIONS[int(rnd() * 7)]}\n")
            f.write("".join(buf))
    return n


def write_incidents(org, folder, csv_path, rng):
    n = max(5, int(round(200 * org.scale)))
    slas = [g for g in org.agreements if g["kind"] == "sla" and g["form"] == "delivered_by"]
    weighted = [g for g in slas if g["p_good"] < 0.99] or slas
    olas_for = {}
    for g in org.agreements:
        for s in g["supports"]:
            olas_for.setdefault(s, []).append(g["id"])
    os.makedirs(folder, exist_ok=True)
    lines = ["id,title,severity,detected,acknowledged,resolved,affects,category"]
    postmortems = 0
    people = ["ana", "ben", "chen", "dana", "eli", "fumi", "goro", "hana"]
    span = (org.sprints[-1][2] - org.sprints[0][1]).days * 86400
    t0 = dt.datetime.combine(org.sprints[0][1], dt.time(0, 0), dt.timezone(dt.timedelta(hours=9)))
    for i in range(n):
        g = org.by_id[org.hot[i % len(org.hot)]] if i % 4 == 0 else weighted[rng.randrange(len(weighted))]
        affects = [g["id"]]
        category = rng.choice(["own", "deployment", "capacity", "own"])
        if g["id"] in olas_for and rng.random() < 0.4:
            affects.insert(0, olas_for[g["id"]][0])
            category = "upstream"
        detected = t0 + dt.timedelta(seconds=int(span * (i + rng.random()) / n))
        ack = detected + dt.timedelta(minutes=rng.choice([3, 10, 25, 45, 90, 240, 310, 600]))
        resolved = ack + dt.timedelta(minutes=rng.randint(20, 2880))
        sev = rng.choice([1, 2, 2, 3, 3, 3, 4])
        asset = org.assets[g["asset"]]["id"]
        title = f"{asset} late ({category})"
        iid = f"INC-{1000 + i}"
        iso = lambda x: x.isoformat(timespec="minutes")
        lines.append(f"{iid},{title},{sev},{iso(detected)},{iso(ack)},{iso(resolved)},{';'.join(affects)},{category}")
        if rng.random() < 0.7:
            postmortems += 1
            items = []
            for k in range(rng.randint(0, 3)):
                done = "x" if rng.random() < 0.3 else " "
                items.append(f"- [{done}] {['Alert on', 'Add a retry to', 'Document the runbook of', 'Backfill'][k % 4]} {asset} @{people[(i + k) % len(people)]}")
            text = "\n".join([
                "---", f"incident: {iid}", f"title: {title}", f"severity: {sev}", f"detected: {iso(detected)}",
                f"acknowledged: {iso(ack)}", f"resolved: {iso(resolved)}", f"affects: [{', '.join(affects)}]",
                f"status: {'reviewed' if rng.random() < 0.6 else 'draft'}", f"category: {category}", "---",
                f"# {title}", "", "## Summary", f"{asset} arrived late; consumers used the previous day's data.", "",
                "## Impact", f"{g['team']} worked from stale numbers for part of the day.", "",
                "## Root cause", "A long-running upstream job held the load." if category == "upstream" else "A change in our own load job.", "",
                "## Action items", *items, ""])
            with open(os.path.join(folder, f"{iid}.md"), "w") as f:
                f.write(text)
    with open(csv_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return n, postmortems


def head(src, dst, n):
    """The header and the first n data rows of src."""
    with open(src) as f, open(dst, "w") as out:
        out.write(f.readline())
        for k, line in enumerate(f):
            if k >= n:
                break
            out.write(line)
    return min(n, k + 1 if n else 0)


# ---------------------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------------------

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", default=os.path.dirname(here))
    ap.add_argument("--bin")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--repeat-budget", type=float, default=60.0)
    ap.add_argument("--retros", type=int, default=20, choices=range(0, SPRINTS - 1), metavar="N")
    ap.add_argument("--keep", metavar="DIR")
    ap.add_argument("--seed", type=int, default=20261124)
    args = ap.parse_args()
    binary = os.path.abspath(args.bin or os.path.join(args.repo, ".build", "release", "slaretro"))
    if not os.access(binary, os.X_OK):
        sys.exit(f"largeorg.py: no slaretro binary at {binary} (swift build -c release, or --bin PATH)")
    if not shutil.which("sqlite3"):
        sys.exit("largeorg.py: the sqlite3 CLI is needed for the .import yardstick (apt-get install sqlite3)")
    if args.keep:
        work = os.path.abspath(args.keep)
        os.makedirs(work, exist_ok=True)
        for name in os.listdir(work):
            if name.startswith("workspace.sqlite") or name.startswith("catalog-only.sqlite") or name in ("runs", "minutes", "logs"):
                p = os.path.join(work, name)
                shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    else:
        work = tempfile.mkdtemp(prefix="slaretro-largeorg-")
    try:
        report = bench(args, binary, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(report)


def bench(args, binary, work):
    t_start = time.perf_counter()
    load0 = f"{os.getloadavg()[0]:.1f}"
    scale = args.scale
    for sub in ("logs", "minutes", "retros", "runs", "postmortems"):
        os.makedirs(os.path.join(work, sub), exist_ok=True)
    P = lambda *n: os.path.join(work, *n)
    env = dict(os.environ, SLARETRO_NOW=NOW, TZ="UTC", LANG="C", COLUMNS="100", NO_COLOR="1", USER="facilitator",
               XDG_STATE_HOME=P("state"))
    env.pop("SLARETRO_DB", None)
    db = P("workspace.sqlite")
    notes = []

    # ---- generate -----------------------------------------------------------------------------------------------
    t = time.perf_counter()
    org = Org(scale, args.seed, args.retros)
    for version, text in org.catalogs.items():
        with open(P(f"catalog-{version}.yaml"), "w") as f:
            f.write(text)
    rng = random.Random(args.seed + 1)
    n_obs = write_observations(org, P("observations.csv"), rng)
    n_roll, n_acc = write_rollups(org, P("rollups.csv"), random.Random(args.seed + 2))
    n_events = write_events(org, P("usage-events.csv"), max(1000, int(round(1_000_000 * scale))), random.Random(args.seed + 3))
    n_inc, n_pm = write_incidents(org, P("postmortems"), P("incidents.csv"), random.Random(args.seed + 4))
    n_obs_pair = head(P("observations.csv"), P("runs-obs-500k.csv"), max(1000, int(round(500_000 * scale))))
    n_roll_pair = head(P("rollups.csv"), P("runs-rollups-500k.csv"), max(1000, int(round(500_000 * scale))))
    n_obs_full = 0
    if args.full:
        n_obs_full = write_probe_observations(org, P("runs-obs-4m.csv"), max(1000, int(round(4_000_000 * scale))), random.Random(args.seed + 5))
    gen_seconds = time.perf_counter() - t
    log(f"generated in {gen_seconds:.1f} s: {len(org.assets):,} assets, {len(org.agreements):,} agreements, {len(org.teams)} teams, "
        f"{n_obs:,} observations, {n_roll:,} rollups ({n_acc:,} accesses), {n_events:,} events, {n_inc} incidents, {n_pm} postmortems")

    # ---- build the workspace ------------------------------------------------------------------------------------
    build = []
    step_no = [0]

    def step(name, argv, *, now=None, stdin=None, timeout=None):
        step_no[0] += 1
        e = dict(env, SLARETRO_NOW=now) if now else env
        r = run([binary, *argv], env=e, cwd=work, timeout=timeout or args.timeout * 5, stdin_path=stdin,
                log_prefix=P("logs", f"build-{step_no[0]:02d}"))
        status = "ok" if r.ok else r.failure(timeout or args.timeout * 5)
        build.append((name, r.seconds, r.rss_kib, status, r.cpu))
        log(f"  build: {name:<48} {fmt_time(r.seconds):>9} (cpu {fmt_time(r.cpu)})  {fmt_mib(r.rss_kib):>10}  {status}")
        if not r.ok:
            notes.append(f"build step `{name}`: {status} (logs/build-{step_no[0]:02d}.err)")
        return r

    log(f"building the workspace {db}")
    step("init", ["init", "--db", db], now="2025-11-03T00:00:00Z")
    step("import catalog v1", ["import", "catalog", "catalog-v1.yaml", "--db", db, "--author", "mika"], now="2025-11-03T00:00:00Z")
    step(f"import observations ({n_obs:,} rows)", ["import", "observations", "observations.csv", "--db", db])
    step(f"import usage --rollup ({n_roll:,} rows)", ["import", "usage", "rollups.csv", "--rollup", "--db", db])
    step(f"import incidents ({n_inc})", ["import", "incidents", "incidents.csv", "--db", db])
    step(f"import postmortems ({n_pm})", ["import", "postmortems", "postmortems", "--db", db])
    retros_ok = 0
    for ev in org.events:
        if ev[0] == "catalog":
            _, version, day, reason = ev
            step(f"import catalog {version} --reason (effective {day})",
                 ["import", "catalog", f"catalog-{version}.yaml", "--reason", reason, "--author", "mika", "--db", db],
                 now=f"{day}T01:00:00Z")
            continue
        _, k, lines, retro_now = ev
        label = org.sprints[k][0]
        lines = list(lines)
        i = lines.index("@FOLLOWUPS@")
        lines[i:i + 1] = followups(db, k)
        script = P("retros", f"retro-{label}.slaretro")
        with open(script, "w") as f:
            f.write("\n".join(lines) + "\n")
        r = step(f"retro {label} ({sum(1 for l in lines if l and not l.startswith('#')) - 1} decisions/actions)",
                 ["retro", "start", "--sprint", label, "--facilitator", ["mika", "ana", "ben"][k % 3],
                  "--attendees", "ana,ben,chen", "--keep-going", "--db", db], now=retro_now, stdin=script)
        retros_ok += r.ok
    build_seconds = sum(b[1] for b in build)
    db_mib = sum(os.path.getsize(P(n)) for n in os.listdir(work) if n.startswith("workspace.sqlite")) / 2 ** 20
    log(f"workspace built in {build_seconds:.1f} s ({db_mib:.0f} MiB)")

    # Facts of the workspace, read with the binary's own read-only SQL.
    facts = sql_facts(binary, env, db, work, args.timeout)
    last = org.sprints[-1][0]
    hot = max(org.hot, key=lambda h: sum(1 for ev in org.events if ev[0] == "retro" for l in ev[2] if h in l))
    as_of = "2026-05-01"

    # ---- read commands ------------------------------------------------------------------------------------------
    rows = []
    commands = [
        ("baseline", 'sql "SELECT 1"  (process start, open the store)', ["sql", "SELECT 1"], None),
        ("retro start", f"retro start --sprint {last}  (agenda, then quit)",
         ["retro", "start", "--sprint", last, "--facilitator", "bench", "--attendees", "ana,ben"], "retro start"),
        ("democratization", f"democratization --sprint {last}", ["democratization", "--sprint", last], "democratization"),
        ("candidates", "candidates", ["candidates"], "candidates"),
        ("rightsize", "rightsize  (every agreement)", ["rightsize"], "rightsize"),
        ("breaches", "breaches", ["breaches"], "breaches"),
        ("incidents", "incidents", ["incidents"], "incidents"),
        ("history", f"history {hot}", ["history", hot], "history"),
        ("history --as-of", f"history {hot} --as-of {as_of}", ["history", hot, "--as-of", as_of], "history"),
        ("agreements list", "agreements list", ["agreements", "list"], None),
        ("agreements show", f"agreements show {hot}", ["agreements", "show", hot], None),
    ]
    quit_script = P("retros", "quit.slaretro")
    with open(quit_script, "w") as f:
        f.write("quit\n")
    # The machine's speed drifts (a shared host): before every read command's run, the same fixed CPU-bound work is timed
    # (sqlite3 scanning every observation), so a slow run shows as a slow yardstick beside it.
    yard_sql = P("runs", "yardstick.sql")
    with open(yard_sql, "w") as f:
        f.write("SELECT COUNT(*), SUM(length(observed_at)), SUM(length(agreement_id)) FROM observations;\n")
    yardsticks = []
    for key, shown, argv, goal_key in commands:
        times, cpus, rss, failure, out_lines = [], [], [], None, None
        for i in range(args.runs):
            y = run(["sqlite3", "-readonly", db], env=env, cwd=work, timeout=args.timeout, stdin_path=yard_sql,
                    log_prefix=P("logs", f"yardstick-{key.replace(' ', '-')}-{i}"))
            if y.ok and y.cpu is not None:
                yardsticks.append(y.cpu)
            if i and sum(times) >= args.repeat_budget:   # a slow command is not repeated past the budget
                break
            target_db, stdin = db, None
            if key == "retro start":   # one open retro per sprint: each run starts on a fresh copy (copy not timed)
                target_db = P("runs", "retro-copy.sqlite")
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(target_db + suffix):
                        os.remove(target_db + suffix)
                    if os.path.exists(db + suffix):
                        shutil.copyfile(db + suffix, target_db + suffix)
                # The copy reaches the disk before the run: otherwise the run's first fsync writes the whole
                # 600 MB copy (a workspace is not copied a moment before its retro), and the wall time measures that.
                os.sync()
                stdin = quit_script
            r = run([binary, *argv, "--db", target_db], env=env, cwd=work, timeout=args.timeout, stdin_path=stdin,
                    log_prefix=P("logs", f"cmd-{key.replace(' ', '-')}-{i}"))
            if not r.ok:
                failure = r.failure(args.timeout)
                notes.append(f"`slaretro {' '.join(argv)}`: {failure}")
                break
            times.append(r.seconds)
            cpus.append(r.cpu)
            rss.append(r.rss_kib or 0)
            with open(r.stdout_path, "rb") as f:
                out_lines = f.read().count(b"\n")
        goal = GOALS.get(goal_key) if goal_key else None
        med = statistics.median(times) if times and not failure else None
        verdict = failure or ("ok" if goal is None or med <= goal else f"{med / goal:.1f}× over goal")
        if not failure and len(times) < args.runs:
            verdict += f" ({len(times)} of {args.runs} runs: slow)"
        rows.append((f"`{shown}`", "—" if out_lines is None else f"{out_lines:,} lines out", fmt_time(med), fmt_time(median(cpus) if med else None),
                     f"< {fmt_time(goal)}" if goal else "—", f"{med / goal:.2f}" if goal and med else "—",
                     fmt_mib(max(rss) if rss and not failure else None), verdict))
        log(f"  {shown:<58} {rows[-1][2]:>9} (cpu {rows[-1][3]})  {rows[-1][6]:>10}  {verdict}")

    # ---- importers against sqlite3 .import ----------------------------------------------------------------------
    catalog_only = P("catalog-only.sqlite")
    run([binary, "init", "--db", catalog_only], env=dict(env, SLARETRO_NOW="2025-11-03T00:00:00Z"), cwd=work, timeout=args.timeout * 5,
        log_prefix=P("logs", "catalog-only-init"))
    c = run([binary, "import", "catalog", "catalog-v1.yaml", "--db", catalog_only], env=dict(env, SLARETRO_NOW="2025-11-03T00:00:00Z"),
            cwd=work, timeout=args.timeout * 5, log_prefix=P("logs", "catalog-only-import"))
    if not c.ok:
        notes.append(f"catalog-only database: {c.failure(args.timeout * 5)}")
    # The schema floor: the sqlite3 shell reads the same file into a temporary table and writes it into a copy of the
    # catalog-only workspace with plain SQL, through the real tables' keys, indexes, foreign keys and triggers, and
    # (for events) with the daily rollups and user-days grouped by SQLite. No parsing of values, no matching of names,
    # no first reads, no judgements: what SQLite alone costs for this schema, the part no importer can avoid.
    obs_floor = ("INSERT INTO observations (agreement_id, observed_at, value) SELECT agreement, observed_at, value FROM temp.staging "
                 "WHERE true ON CONFLICT(agreement_id, observed_at) DO NOTHING;")
    rollup_merge = ("ON CONFLICT(date, asset_id, team_id) DO UPDATE SET users = max(users, excluded.users), "
                    "accesses = accesses + excluded.accesses, queries = queries + excluded.queries, views = views + excluded.views;")
    floors = {
        "observations": obs_floor,
        "usage_rollups": "INSERT INTO usage_rollups (date, asset_id, team_id, users, accesses) SELECT date, asset, team, users, accesses "
                         "FROM temp.staging WHERE true " + rollup_merge,
        "usage_events": "INSERT INTO usage_events (occurred_at, asset_id, user, team_id, action, import_id) "
                        "SELECT occurred_at, asset, user, team, action, 1 FROM temp.staging; "
                        "INSERT INTO usage_rollups (date, asset_id, team_id, users, accesses, queries, views) "
                        "SELECT substr(occurred_at, 1, 10), asset, team, COUNT(DISTINCT user), COUNT(*), SUM(action = 'query'), "
                        "SUM(action = 'view') FROM temp.staging GROUP BY 1, 2, 3 " + rollup_merge + " "
                        "INSERT OR IGNORE INTO usage_user_days (date, team_id, user) SELECT DISTINCT substr(occurred_at, 1, 10), team, user "
                        "FROM temp.staging;",
    }
    pairs = [
        ("import observations", "runs-obs-500k.csv", n_obs_pair, ["import", "observations"],
         "CREATE TABLE observations(agreement TEXT, observed_at TEXT, value TEXT);", "observations"),
        ("import usage --rollup", "runs-rollups-500k.csv", n_roll_pair, ["import", "usage", "--rollup"],
         "CREATE TABLE usage_rollups(date TEXT, asset TEXT, team TEXT, users INTEGER, accesses INTEGER, first_access TEXT);", "usage_rollups"),
        ("import usage", "usage-events.csv", n_events, ["import", "usage"],
         "CREATE TABLE usage_events(occurred_at TEXT, asset TEXT, user TEXT, team TEXT, action TEXT);", "usage_events"),
    ]
    if args.full:
        pairs.append(("import observations (--full)", "runs-obs-4m.csv", n_obs_full, ["import", "observations"],
                      "CREATE TABLE observations(agreement TEXT, observed_at TEXT, value TEXT);", "observations"))
    for shown, file, n, argv, create, table in pairs:
        ours, ours_cpu, yard, yard_cpu, ours_rss, yard_rss, failure = [], [], [], [], [], [], None
        floor, floor_cpu = [], []
        script = P("runs", f"sqlite-{table}.sql")
        with open(script, "w") as f:
            f.write(f"PRAGMA journal_mode=WAL;\n{create}\n.import --csv --skip 1 {P(file)} {table}\n")
        floor_script = P("runs", f"floor-{table}.sql")
        with open(floor_script, "w") as f:
            f.write(f"PRAGMA foreign_keys = ON;\nPRAGMA cache_size = -65536;\n{create.replace('CREATE TABLE ' + table, 'CREATE TEMP TABLE staging')}\n"
                    f".import --csv --skip 1 {P(file)} staging\nBEGIN;\n{floors[table]}\nCOMMIT;\n")
        size_mb = os.path.getsize(P(file)) / 1e6
        for i in range(args.runs):
            if i and sum(ours) + sum(yard) + sum(floor) >= args.repeat_budget:
                break
            bare = P("runs", "bare.db")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(bare + suffix):
                    os.remove(bare + suffix)
            y = run(["sqlite3", bare], env=env, cwd=work, timeout=args.timeout, stdin_path=script,
                    log_prefix=P("logs", f"sqlite3-{table}-{i}"))
            if y.ok:
                yard.append(y.seconds)
                yard_cpu.append(y.cpu)
                yard_rss.append(y.rss_kib or 0)
            else:
                notes.append(f"`sqlite3 .import {file}`: {y.failure(args.timeout)}")
            target = P("runs", "import.sqlite")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(target + suffix):
                    os.remove(target + suffix)
            shutil.copyfile(catalog_only, target)
            os.sync()   # the copy is on disk before the timed run, as for `retro start`
            fl = run(["sqlite3", target], env=env, cwd=work, timeout=args.timeout, stdin_path=floor_script,
                     log_prefix=P("logs", f"floor-{table}-{i}"))
            if fl.ok:
                floor.append(fl.seconds)
                floor_cpu.append(fl.cpu)
            else:
                notes.append(f"schema floor of `{file}`: {fl.failure(args.timeout)}")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(target + suffix):
                    os.remove(target + suffix)
            shutil.copyfile(catalog_only, target)
            os.sync()
            r = run([binary, *argv[:2], P(file), *argv[2:], "--db", target], env=env, cwd=work, timeout=args.timeout,
                    log_prefix=P("logs", f"import-{table}-{i}"))
            if not r.ok:
                failure = r.failure(args.timeout)
                notes.append(f"`slaretro {' '.join(argv[:2])} {file} {' '.join(argv[2:])}` ({n:,} rows): {failure}")
                break
            ours.append(r.seconds)
            ours_cpu.append(r.cpu)
            ours_rss.append(r.rss_kib or 0)
        m_ours = statistics.median(ours) if ours and not failure else None
        m_yard = statistics.median(yard) if yard else None
        ratio = m_ours / m_yard if m_ours and m_yard else None
        verdict = failure or ("ok" if ratio is not None and ratio <= IMPORT_RATIO_GOAL else
                              f"{ratio:.2f}× (goal ≤ {IMPORT_RATIO_GOAL}×)" if ratio else "no yardstick")
        if not failure and len(ours) < args.runs:
            verdict += f" ({len(ours)} of {args.runs} runs: slow)"
        m_floor = statistics.median(floor) if floor else None
        floor_text = (f"; schema floor {fmt_time(m_floor)} (cpu {fmt_time(median(floor_cpu))})"
                      + (f", slaretro {m_ours / m_floor:.2f}× of it" if m_ours and m_floor else "")) if m_floor else ""
        rows.append((f"`{shown}` ({size_mb:.0f} MB)", f"{n:,} rows", fmt_time(m_ours), fmt_time(median(ours_cpu) if m_ours else None),
                     f"sqlite3 .import {fmt_time(m_yard)} (cpu {fmt_time(median(yard_cpu))}, {fmt_mib(max(yard_rss) if yard_rss else None)})"
                     + floor_text,
                     f"{ratio:.2f}" if ratio else "—", fmt_mib(max(ours_rss) if ours_rss and not failure else None), verdict))
        log(f"  {shown:<58} {rows[-1][2]:>9} (cpu {rows[-1][3]})  {rows[-1][4]}  ratio {rows[-1][5]}  {rows[-1][6]}  {verdict}")

    total = time.perf_counter() - t_start
    # ---- report -------------------------------------------------------------------------------------------------
    out = [f"## slaretro large-organisation benchmark (scale {scale:g}, median of {args.runs} runs)", "",
           f"Workspace: {len(org.teams)} teams, {len(org.assets):,} assets, {len(org.agreements):,} agreements "
           f"({sum(1 for g in org.agreements if g['kind'] == 'ola')} OLAs), {SPRINTS} sprints ({org.sprints[0][0]} … {last}, Asia/Tokyo), "
           f"{n_obs:,} observations, {n_roll:,} usage rollups ({n_acc:,} accesses), {n_inc} incidents, {n_pm} postmortems, "
           f"{retros_ok}/{len(org.retro_sprints)} retros finished; {facts}; database {db_mib:.0f} MiB. "
           f"SLARETRO_NOW={NOW}. Read commands run against that workspace (`retro start` on a fresh copy per run); "
           f"importers run into a fresh copy of a catalog-only database, each against `sqlite3 .import` of the same file "
           f"into a bare table of a fresh database, interleaved run by run, and against the schema floor: the sqlite3 shell "
           f"writing the same file into a copy of the catalog-only database with plain SQL (through the real keys, indexes, "
           f"foreign keys and triggers; for events also the rollups and user-days grouped by SQLite).", "",
           f"Load average {load0} at the start, {os.getloadavg()[0]:.1f} at the end ({os.cpu_count()} CPUs): wall times "
           f"include waiting for a CPU; the CPU column (user + sys of the process) does not. "
           + (f"Machine yardstick (sqlite3 scanning every observation, CPU, timed before each read command's run): median "
              f"{fmt_time(median(yardsticks))}, from {fmt_time(min(yardsticks))} to {fmt_time(max(yardsticks))}; compare runs "
              f"of this benchmark by it." if yardsticks else "Machine yardstick: not measured."), "",
           "| command | size | wall (median) | CPU (median) | goal / yardstick | ratio | peak RSS | verdict |",
           "|---|---|---|---|---|---|---|---|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    out += ["", f"Generation {gen_seconds:.1f} s; workspace build {build_seconds:.1f} s; whole run {total:.0f} s. Build steps:", ""]
    out += [f"- {name}: {fmt_time(s)} (cpu {fmt_time(cpu)}), peak {fmt_mib(rss)}" + ("" if status == "ok" else f" — **{status}**")
            for name, s, rss, status, cpu in build]
    if notes:
        out += ["", "Problems:", ""] + [f"- {n}" for n in notes]
    return "\n".join(out) + "\n"


def followups(db, k):
    """Script lines closing the two oldest open action items (read from the workspace, read-only)."""
    import sqlite3
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        ids = [r[0] for r in con.execute("SELECT id FROM action_items WHERE status = 'open' ORDER BY id LIMIT 2")]
        con.close()
    except sqlite3.Error:
        return ["# (could not read the open action items)"]
    lines = []
    if ids:
        lines.append(f"done A-{ids[0]}")
    if len(ids) > 1:
        lines.append(f'drop A-{ids[1]} --reason "superseded by the platform-wide alerting work"')
    return lines


def sql_facts(binary, env, db, work, timeout):
    """A few counts from the built workspace, through `slaretro sql` (so the report shows what was really stored)."""
    q = ("SELECT (SELECT count(*) FROM revisions), (SELECT count(*) FROM decisions), (SELECT count(*) FROM action_items), "
         "(SELECT count(*) FROM retros WHERE finished_at IS NOT NULL), "
         "(SELECT max(c) FROM (SELECT count(*) c FROM revisions GROUP BY agreement_id))")
    r = run([binary, "sql", q, "--format", "csv", "--db", db], env=env, cwd=work, timeout=timeout,
            log_prefix=os.path.join(work, "logs", "facts"))
    if not r.ok:
        return f"counts unavailable ({r.failure(timeout)})"
    with open(r.stdout_path) as f:
        vals = [l.strip() for l in f if l.strip()][-1].split(",")
    try:
        return (f"{int(vals[0]):,} revisions (up to {vals[4]} for one agreement), {int(vals[1]):,} decisions, "
                f"{int(vals[2]):,} action items, {vals[3]} finished retros in the store")
    except (ValueError, IndexError):
        return "counts unavailable"


if __name__ == "__main__":
    main()
