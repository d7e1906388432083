#!/usr/bin/env bash
# Writes the demo workspace of an earlier release as an upgrade fixture:
#   scripts/make-upgrade-fixture.sh COMMIT NAME
# e.g. scripts/make-upgrade-fixture.sh 264d67b release-1-v4
# builds COMMIT in a scratch clone, runs its demo (which finishes the 2026-S23 retro), checkpoints the
# WAL into the file, vacuums it, and copies it to Tests/SLARetroKitTests/Fixtures/upgrade/NAME.sqlite.
set -euo pipefail
commit=$1 name=$2
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git clone -q "$root" "$scratch/repo"
git -C "$scratch/repo" checkout -q "$commit"
(cd "$scratch/repo" && swift build -q)
mkdir "$scratch/run"
(cd "$scratch/run" && TMPDIR="$scratch/run" "$scratch/repo/.build/debug/slaretro" demo --db demo.sqlite </dev/null >/dev/null)
sqlite3 "$scratch/run/demo.sqlite" "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE; VACUUM;" >/dev/null
mkdir -p "$root/Tests/SLARetroKitTests/Fixtures/upgrade"
cp "$scratch/run/demo.sqlite" "$root/Tests/SLARetroKitTests/Fixtures/upgrade/$name.sqlite"
echo "wrote Tests/SLARetroKitTests/Fixtures/upgrade/$name.sqlite"
