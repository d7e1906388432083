#!/usr/bin/env python3
"""Kill test for the retro shell: nothing acknowledged is lost, nothing is half-applied, resume continues.

usage: python3 scripts/killtest.py [--runs N] [--seed S] [--bin PATH] [--keep] [-v]   (from the repository root;
       CI runs --runs 20 against .build/debug/slaretro; docs/guarantees.md gives the counts of a 200-run test)

Builds the demo workspace once (`slaretro demo --setup-only`), then for each run copies it, replays a long retro
script (the demo retro of 2026-S23 with notes and actions between every command, then 120 more) through
`slaretro retro start --sprint 2026-S23` in script mode (stdin is a pipe), and sends SIGKILL at a seeded random
point: after the K-th acknowledgement line (`✓ …`) plus a random 0-40 ms, or at a random time. After the kill:

  1. PRAGMA integrity_check is ok (and foreign_key_check is empty);
  2. every acknowledgement read from stdout before the kill is in the database: decisions D-n (with their
     revision for revise/retire), actions A-n created with their title, A-n closed, notes with their text,
     assets retired;
  3. nothing is half-applied: no revise/retire decision without its revision, no retro revision without its
     decision;
  4. `slaretro retro resume` opens at the position of the last prompt shown (or one navigation further when the
     kill hit a navigation command), takes a note, and quits with exit 0 (or, when the kill came before the retro
     was stored, `retro start` works).

Prints one line per run and `N passed, M failed` last; exits 1 on any failure.
"""
import argparse, os, random, re, select, shlex, shutil, signal, sqlite3, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ENV = {"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "COLUMNS": "1000", "NO_COLOR": "1",
       "SLARETRO_NOW": "2026-11-24T09:00:00Z", "USER": "facilitator", "PATH": "/usr/bin:/bin"}
# --max-items: the demo builds its retro without the default cap of 8 items per step, and its script counts on that.
START = ["retro", "start", "--sprint", "2026-S23", "--facilitator", "mika", "--attendees", "ana,ben,chen", "--max-items", "99", "--db", "ws.sqlite"]
PROMPT = re.compile(r"^(\S+ \[[^\]]*\])> (.*)$")
NAV = {"next", "n", "back", "b", "skip", "goto", "g"}


def demo_script(repo):
    """The lines of sessions/demo/retro.slaretro without comments and without `finish`."""
    path = os.path.join(repo, "sessions/demo/retro.slaretro")
    lines = [l.strip() for l in open(path, encoding="utf-8")]
    return [l for l in lines if l and not l.startswith("#") and l != "finish"]


def long_script(repo):
    out, n = [], 0
    for line in demo_script(repo):
        out.append(line)
        n += 1
        out.append(f'note "kt note {n} after {line.split()[0]}"')
        if n % 3 == 0:
            out.append(f'action "kt action {n}" --owner ana --due 2026-S24')
    # step 8 (wrap-up) now: many more small acknowledged changes
    for i in range(120):
        # (no escaped quotes: `note` keeps backslashes and single quotes verbatim, a quoting matter, not durability)
        out.append(f'note "kt wrap-up note {i}: it\'s ünïcode — ok"' if i % 10 == 0 else f'note "kt wrap-up note {i}"')
        if i % 4 == 0:
            out.append(f'action "kt wrap-up action {i}" --owner ben')
    out.append("quit")
    return "\n".join(out) + "\n"


def run_killed(binary, cwd, env, script, kill_after_ack, delay, kill_at, hard=120.0):
    """Runs the shell with `script` on stdin; kills it after the kill_after_ack-th ✓ line + delay s (or at kill_at s).
    Returns (stdout text, killed?, exit code)."""
    p = subprocess.Popen([binary] + START, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    try:
        p.stdin.write(script.encode())
        p.stdin.close()
    except BrokenPipeError:
        pass
    fd = p.stdout.fileno()
    buf, acks, start, deadline, killed = b"", 0, time.time(), None, False
    if kill_at is not None:
        deadline = start + kill_at
    while True:
        now = time.time()
        if deadline is not None and now >= deadline and not killed:
            try:
                os.kill(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            killed = True
        if now - start > hard and not killed:
            os.kill(p.pid, signal.SIGKILL)
            killed = True
        timeout = 0.2 if deadline is None or killed else max(0.0, min(0.2, deadline - now))
        r, _, _ = select.select([fd], [], [], timeout)
        if r:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            acks += chunk.count("✓".encode()) if deadline is None else 0
            buf += chunk
            if deadline is None and kill_at is None and acks >= kill_after_ack:
                deadline = time.time() + delay
    try:
        code = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.kill(p.pid, signal.SIGKILL)
        code = p.wait(timeout=30)
    return buf.decode("utf-8", "replace"), code == -signal.SIGKILL, code


def parse(output):
    """[(kind, data)] acknowledged, the last prompt position, the last command echoed."""
    acks, last_pos, last_cmd = [], None, None
    for line in output.split("\n")[:-1] if not output.endswith("\n") else output.split("\n"):
        m = PROMPT.match(line)
        if m:
            last_pos, last_cmd = m.group(1), m.group(2)
            continue
        if not line.startswith("✓ "):
            continue
        if line == "✓ noted":
            acks.append(("note", shlex.split(last_cmd)[1]))
        elif m := re.match(r"✓ A-(\d+) created: (.*) — @", line):
            acks.append(("action", (int(m.group(1)), m.group(2))))
        elif m := re.match(r"✓ A-(\d+) closed \((done|dropped)", line):
            acks.append(("closed", (int(m.group(1)), m.group(2))))
        elif m := re.match(r"✓ revision (\d+) of (\S+) recorded.* decision D-(\d+)$", line):
            acks.append(("revision", (int(m.group(3)), m.group(2), int(m.group(1)))))
        elif m := re.match(r"✓ (\S+) retired \(revision (\d+),.* decision D-(\d+)$", line):
            acks.append(("revision", (int(m.group(3)), m.group(1), int(m.group(2)))))
        elif m := re.match(r"✓ asset (\S+) retired.* decision D-(\d+)$", line):
            acks.append(("asset", (int(m.group(2)), m.group(1))))
        elif m := re.search(r"decision D-(\d+)$", line):
            acks.append(("decision", int(m.group(1))))
        elif line.startswith("✓ minutes") or line.startswith("✓ retro"):
            pass
        else:
            acks.append(("unknown", line))
    return acks, last_pos, last_cmd


def check_db(db, acks):
    problems = []
    con = sqlite3.connect(db)
    ic = con.execute("PRAGMA integrity_check").fetchall()
    if ic != [("ok",)]:
        problems.append(f"integrity_check: {ic[:3]}")
    fk = con.execute("PRAGMA foreign_key_check").fetchall()
    if fk:
        problems.append(f"foreign_key_check: {fk[:3]}")
    notes = [r[0] for r in con.execute("SELECT text FROM retro_notes")]
    for kind, data in acks:
        if kind == "note":
            if data in notes:
                notes.remove(data)  # each acknowledgement needs its own row
            else:
                problems.append(f"acknowledged note lost: {data!r}")
        elif kind == "action":
            row = con.execute("SELECT title FROM action_items WHERE id = ?", (data[0],)).fetchone()
            if row is None or row[0] != data[1]:
                problems.append(f"acknowledged A-{data[0]} {data[1]!r} lost (db: {row})")
        elif kind == "closed":
            row = con.execute("SELECT status FROM action_items WHERE id = ?", (data[0],)).fetchone()
            if row is None or row[0] != data[1]:
                problems.append(f"acknowledged close of A-{data[0]} lost (db: {row})")
        elif kind == "revision":
            d, agreement, number = data
            row = con.execute("SELECT agreement_id, revision_number FROM decisions WHERE id = ?", (d,)).fetchone()
            rev = con.execute("SELECT retro_id FROM revisions WHERE agreement_id = ? AND number = ?", (agreement, number)).fetchone()
            if row != (agreement, number) or rev is None:
                problems.append(f"acknowledged D-{d} (revision {number} of {agreement}) lost or unlinked (decision {row}, revision {rev})")
        elif kind == "asset":
            d, asset = data
            row = con.execute("SELECT retired_at FROM assets WHERE id = ?", (asset,)).fetchone()
            if con.execute("SELECT 1 FROM decisions WHERE id = ?", (d,)).fetchone() is None or row is None or row[0] is None:
                problems.append(f"acknowledged retirement of asset {asset} (D-{d}) lost")
        elif kind == "decision":
            if con.execute("SELECT 1 FROM decisions WHERE id = ?", (data,)).fetchone() is None:
                problems.append(f"acknowledged D-{data} lost")
        else:
            problems.append(f"unrecognised acknowledgement: {data}")
    half = con.execute("""SELECT d.id, d.verb, d.agreement_id, d.revision_number FROM decisions d
        LEFT JOIN revisions r ON r.agreement_id = d.agreement_id AND r.number = d.revision_number
        WHERE (d.verb = 'revise' OR (d.verb = 'retire' AND d.agreement_id IS NOT NULL)) AND r.agreement_id IS NULL""").fetchall()
    if half:
        problems.append(f"decisions without their revision: {half[:3]}")
    orphan = con.execute("""SELECT r.agreement_id, r.number FROM revisions r WHERE r.retro_id IS NOT NULL AND NOT EXISTS
        (SELECT 1 FROM decisions d WHERE d.agreement_id = r.agreement_id AND d.revision_number = r.number)""").fetchall()
    if orphan:
        problems.append(f"retro revisions without a decision: {orphan[:3]}")
    open_retro = con.execute("SELECT count(*) FROM retros r JOIN sprints s ON s.id = r.sprint_id "
                             "WHERE s.id = '2026-S23' AND finished_at IS NULL").fetchone()[0]
    con.close()
    return problems, open_retro


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build/debug/slaretro"))
    ap.add_argument("--repo", default=ROOT, help="for sessions/demo/retro.slaretro")
    ap.add_argument("--keep", action="store_true", help="keep the folders of failed runs")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    rng = random.Random(a.seed)
    base = tempfile.mkdtemp(prefix="slaretro-kill-")
    template = os.path.join(base, "template")
    os.makedirs(template)
    env = dict(ENV, HOME=template, TMPDIR=template, XDG_STATE_HOME=os.path.join(template, ".state"))
    subprocess.run([binary, "demo", "--setup-only", "--db", "ws.sqlite"], cwd=template, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    script = long_script(a.repo)

    # One run without a kill: the script must replay cleanly, and tells how many acknowledgements there are.
    full = os.path.join(base, "full")
    shutil.copytree(template, full)
    t0 = time.time()
    out, _, code = run_killed(binary, full, dict(env, HOME=full), script, 10 ** 9, 0, None)
    total_time = time.time() - t0
    total_acks = out.count("✓")
    if code != 0:
        print(f"the script does not replay cleanly (exit {code}):\n" + "\n".join(out.splitlines()[-5:]))
        print("0 passed, 1 failed")
        sys.exit(1)
    print(f"script: {script.count(chr(10))} lines, {total_acks} acknowledgements, {total_time:.1f}s uninterrupted; seed {a.seed}")

    passed = failed = 0
    for run in range(1, a.runs + 1):
        folder = os.path.join(base, f"run{run}")
        shutil.copytree(template, folder)
        renv = dict(env, HOME=folder, TMPDIR=folder, XDG_STATE_HOME=os.path.join(folder, ".state"))
        if rng.random() < 0.8:
            k, delay, at = rng.randint(0, total_acks), rng.uniform(0, 0.04), None
            point = f"after ack {k}+{delay * 1000:.0f}ms"
        else:
            k, delay, at = 0, 0, rng.uniform(0, total_time)
            point = f"at {at:.2f}s"
        out, killed, code = run_killed(binary, folder, renv, script, k, delay, at)
        acks, last_pos, last_cmd = parse(out)
        problems, open_retro = check_db(os.path.join(folder, "ws.sqlite"), acks)
        if not killed and code != 0:
            problems.append(f"exit {code} without a kill")
        # resume
        if open_retro:
            r = subprocess.run([binary, "retro", "resume", "--db", "ws.sqlite"], cwd=folder, env=renv,
                               input=f'note "kt resumed {run}"\nquit\n'.encode(), capture_output=True, timeout=60)
            text = r.stdout.decode("utf-8", "replace")
            prompts = [m.group(1) for m in map(PROMPT.match, text.splitlines()) if m]
            if r.returncode != 0 or "✓ noted" not in text:
                problems.append(f"resume failed: exit {r.returncode}: {(r.stderr or r.stdout).decode(errors='replace').strip().splitlines()[-1:]}")
            elif last_pos is not None and prompts and prompts[0] != last_pos:
                nav = last_cmd is not None and last_cmd.split()[:1] and last_cmd.split()[0] in NAV
                if not nav:
                    problems.append(f"resume opened at {prompts[0]!r}, the last prompt shown was {last_pos!r} (last command {last_cmd!r})")
        elif acks:
            problems.append("acknowledgements were shown but no open retro of 2026-S23 is stored")
        else:
            r = subprocess.run([binary] + START, cwd=folder, env=renv, input=b"quit\n", capture_output=True, timeout=60)
            if r.returncode != 0:
                problems.append(f"killed before the retro was stored, and retro start then fails: {r.stderr.decode(errors='replace').strip()}")
        state = "killed" if killed else f"ran to the end (exit {code})"
        if problems:
            failed += 1
            print(f"run {run:3}: FAIL {point}, {state}, {len(acks)} acks seen")
            for p in problems:
                print(f"          {p}")
            if a.keep:
                print(f"          kept {folder}")
                with open(os.path.join(folder, "killed-output.txt"), "w") as f:
                    f.write(out)
                continue
        else:
            passed += 1
            print(f"run {run:3}: ok   {point}, {state}, {len(acks)} acks seen, checked, resumed" +
                  (f" at {last_pos}" if a.verbose and last_pos else ""))
        shutil.rmtree(folder, ignore_errors=True)
    if not (a.keep and failed):
        shutil.rmtree(base, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
