#!/bin/sh
# Builds one libFuzzer target with `swiftc -sanitize=fuzzer,address` and runs it for SECONDS.
#
#   fuzz/run.sh TARGET SECONDS        TARGET: objective | json | csv | shellsplit | all
#
# Run from anywhere; needs a Swift toolchain with libFuzzer (the Linux toolchains have it). The corpus grows in
# fuzz/corpus/TARGET (seeded from the test fixtures); a crash is written to fuzz/crashes/TARGET/ and the script
# exits non-zero. Turn each crash into a fixture under Tests/SLARetroKitTests/Fixtures/bad/ with a test.
# The targets compile the sources they test into one module (no SwiftPM, no GRDB/Yams), see docs/guarantees.md.
set -eu
TARGET=${1:?usage: fuzz/run.sh TARGET SECONDS}
SECONDS_TO_RUN=${2:?usage: fuzz/run.sh TARGET SECONDS}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FUZZ="$ROOT/fuzz"
if [ "$TARGET" = all ]; then
    for t in objective json csv shellsplit; do "$0" "$t" "$SECONDS_TO_RUN"; done
    exit 0
fi
BUILD="$FUZZ/.build/$TARGET"
mkdir -p "$BUILD/src" "$FUZZ/corpus/$TARGET" "$FUZZ/crashes/$TARGET"
rm -f "$BUILD/src/"*.swift
MODEL="$ROOT/Sources/SLAModel"
# The model sources import nothing of ours; importer sources lose their imports of the store layers they do not use here.
strip_imports() { sed -e '/^import SLA/d' "$1" > "$BUILD/src/$(basename "$1")"; }
case "$TARGET" in
    objective) HARNESS=FuzzObjective.swift; EXTRA="" ;;
    json) HARNESS=FuzzJSON.swift; EXTRA="" ;;
    csv)
        HARNESS=FuzzCSV.swift
        for f in LineReader InputFile StreamingSHA256 ImportError; do strip_imports "$ROOT/Sources/SLAImport/$f.swift"; done
        # InputFile's SHA-256 of whole files is the model's.
        ;;
    shellsplit)
        HARNESS=FuzzShellSplit.swift
        # The splitter, taken verbatim from the shell's command table.
        {
            echo "enum ShellSplit {"
            awk '/static func split\(_ line: String\)/ {on=1} on {print} on && /^    }$/ {exit}' "$ROOT/Sources/SLARetro/ShellCommands.swift"
            echo "}"
            awk '/^package enum ShellError/ {on=1} on {print} on && /^}$/ {exit}' "$ROOT/Sources/SLARetro/ShellCommands.swift"
        } > "$BUILD/src/ShellSplit.swift"
        ;;
    *) echo "unknown target $TARGET (objective, json, csv, shellsplit, all)" >&2; exit 2 ;;
esac
swiftc -sanitize=fuzzer,address -parse-as-library -O -package-name slaretro -module-name Fuzz$TARGET \
    "$MODEL"/*.swift $(find "$BUILD/src" -name '*.swift') "$FUZZ/$HARNESS" -o "$BUILD/fuzz-$TARGET"
# Seeds: the fixtures (good and hostile) of the formats this target reads.
if [ -z "$(ls -A "$FUZZ/corpus/$TARGET")" ]; then
    case "$TARGET" in
        csv) find "$ROOT/Tests/SLARetroKitTests/Fixtures" "$ROOT/examples" -type f \( -name '*.csv' -o -name '*.jsonl' \) -size -64k -exec cp {} "$FUZZ/corpus/$TARGET/" \; ;;
        json) find "$ROOT/Tests/SLARetroKitTests/Fixtures" "$ROOT/examples" -type f -name '*.json' -size -64k -exec cp {} "$FUZZ/corpus/$TARGET/" \; ;;
        objective) for s in "freshness <= 2h" "availability >= 99.5%" "1h 30m" "250ms" "0.95" "delivered_by 09:00" "2026-11-20T08:55:00+01:00"; do
                       printf '%s' "$s" > "$FUZZ/corpus/$TARGET/$(printf '%s' "$s" | cksum | cut -d' ' -f1)"; done ;;
        shellsplit) for s in 'note "a \"b\" c"' "revise target 95% --reason 'x y'" 'action "x" --owner ana'; do
                       printf '%s' "$s" > "$FUZZ/corpus/$TARGET/$(printf '%s' "$s" | cksum | cut -d' ' -f1)"; done ;;
    esac
fi
cd "$FUZZ/crashes/$TARGET"
exec "$BUILD/fuzz-$TARGET" -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$FUZZ/crashes/$TARGET/" -print_final_stats=1 "$FUZZ/corpus/$TARGET"
