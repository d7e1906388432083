#!/bin/sh
# Builds one libFuzzer target with `swiftc -sanitize=fuzzer,address` and runs it for SECONDS.
#
#   fuzz/run.sh TARGET SECONDS        TARGET: objective | json | csv | shellsplit | yaml | lines | documents | all
#
# Run from anywhere; needs a Swift toolchain with libFuzzer (the Linux toolchains have it). The corpus grows in
# fuzz/corpus/TARGET (seeded from the test fixtures); a crash is written to fuzz/crashes/TARGET/ and the script
# exits non-zero. Turn each crash into a fixture under Tests/SLARetroKitTests/Fixtures/bad/ with a test.
# objective, json, csv and shellsplit compile the sources they test into one module (no SwiftPM, no GRDB/Yams).
# yaml, lines and documents drive whole importers, parse and store: SwiftPM builds the library layers (with GRDB and
# Yams) with ASan and coverage into fuzz/.build/spm, and the harness in fuzz/importers/ is linked against them.
# See docs/guarantees.md.
set -eu
TARGET=${1:?usage: fuzz/run.sh TARGET SECONDS}
SECONDS_TO_RUN=${2:?usage: fuzz/run.sh TARGET SECONDS}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FUZZ="$ROOT/fuzz"
if [ "$TARGET" = all ]; then
    for t in objective json csv shellsplit yaml lines documents; do "$0" "$t" "$SECONDS_TO_RUN"; done
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
    yaml) HARNESS=importers/FuzzYAML.swift ;;
    lines) HARNESS=importers/FuzzLines.swift ;;
    documents) HARNESS=importers/FuzzDocuments.swift ;;
    *) echo "unknown target $TARGET (objective, json, csv, shellsplit, yaml, lines, documents, all)" >&2; exit 2 ;;
esac
case "$TARGET" in
    yaml|lines|documents)
        SPM="$FUZZ/.build/spm"
        swift build -c release --package-path "$ROOT" --scratch-path "$SPM" --target SLAImport --sanitize=address \
            -Xswiftc -sanitize=fuzzer -Xcc -fsanitize=fuzzer-no-link
        BIN="$SPM/release"
        # SwiftPM's package name for `package` access is the root folder's name, lower-cased.
        PACKAGE=$(basename "$ROOT" | tr '[:upper:]' '[:lower:]')
        MODULEMAPS=$(find "$SPM/checkouts" "$BIN" -name module.modulemap \( -path '*GRDBSQLite*' -o -path '*CYaml*' \) | sed 's/^/-Xcc -fmodule-map-file=/')
        OBJECTS=$(for m in SLAModel SLAStore SLAEvaluate SLALedger SLAImport GRDB Yams CYaml; do find "$BIN/$m.build" -name '*.o'; done)
        # shellcheck disable=SC2086
        swiftc -sanitize=fuzzer,address -parse-as-library -O -package-name "$PACKAGE" -module-name Fuzz$TARGET -I "$BIN/Modules" \
            $MODULEMAPS "$FUZZ/importers/FuzzWorkspace.swift" "$FUZZ/$HARNESS" $OBJECTS -lsqlite3 -o "$BUILD/fuzz-$TARGET"
        ;;
    *)
        swiftc -sanitize=fuzzer,address -parse-as-library -O -package-name slaretro -module-name Fuzz$TARGET \
            "$MODEL"/*.swift $(find "$BUILD/src" -name '*.swift') "$FUZZ/$HARNESS" -o "$BUILD/fuzz-$TARGET"
        ;;
esac
export SLARETRO_FUZZ_ROOT="$ROOT"
# The importer targets run with leak detection off: LeakSanitizer reports the importers' `static let` YAML shapes
# (indirect enums, made once) as leaked; unbounded growth is still caught by -rss_limit_mb.
LEAKS=-detect_leaks=1
case "$TARGET" in yaml|lines|documents) LEAKS=-detect_leaks=0; export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" ;; esac
# Seeds: the fixtures (good and hostile) of the formats this target reads.
if [ -z "$(ls -A "$FUZZ/corpus/$TARGET")" ]; then
    case "$TARGET" in
        csv) find "$ROOT/Tests/SLARetroKitTests/Fixtures" "$ROOT/examples" -type f \( -name '*.csv' -o -name '*.jsonl' \) -size -64k -exec cp {} "$FUZZ/corpus/$TARGET/" \; ;;
        json) find "$ROOT/Tests/SLARetroKitTests/Fixtures" "$ROOT/examples" -type f -name '*.json' -size -64k -exec cp {} "$FUZZ/corpus/$TARGET/" \; ;;
        objective) for s in "freshness <= 2h" "availability >= 99.5%" "1h 30m" "250ms" "0.95" "delivered_by 09:00" "2026-11-20T08:55:00+01:00"; do
                       printf '%s' "$s" > "$FUZZ/corpus/$TARGET/$(printf '%s' "$s" | cksum | cut -d' ' -f1)"; done ;;
        yaml) i=0
              for format in catalog openslo odcs sloth pyrra dcs; do
                  case $format in
                      catalog) files=$(find "$ROOT/examples" "$ROOT/Tests/SLARetroKitTests/Fixtures" -maxdepth 1 -name 'catalog*.yaml'; find "$ROOT/Tests/SLARetroKitTests/Fixtures/bad" -name 'catalog-*.yaml') ;;
                      dcs) files=$(find "$ROOT/Tests/SLARetroKitTests/Fixtures/formats/dcs" -type f) ;;
                      *) files=$(find "$ROOT/Tests/SLARetroKitTests/Fixtures/formats/$format" "$ROOT/Tests/SLARetroKitTests/Fixtures/bad" -type f -name "$format*" 2>/dev/null; find "$ROOT/Tests/SLARetroKitTests/Fixtures/formats/$format" -type f 2>/dev/null) ;;
                  esac
                  [ "$format" = openslo ] && files="$files $ROOT/examples/slos.yaml"
                  [ "$format" = odcs ] && files="$files $ROOT/examples/contract.odcs.yaml"
                  for f in $files; do
                      [ "$(wc -c < "$f")" -lt 65536 ] || continue
                      { printf "\\$(printf '%03o' $i)"; cat "$f"; } > "$FUZZ/corpus/$TARGET/$format-$(basename "$f")"
                  done
                  i=$((i + 1))
              done ;;
        lines) seed() { for f in $2; do [ -f "$f" ] && [ "$(wc -c < "$f")" -lt 65536 ] || continue
                            { printf "\\$(printf '%03o' "$1")"; cat "$f"; } > "$FUZZ/corpus/$TARGET/$1-$(basename "$f")"; done; }
               B="$ROOT/Tests/SLARetroKitTests/Fixtures/bad"
               seed 0 "$ROOT/examples/observations.csv $B/observations-bom.csv $B/observations-quoted-newline.csv $B/observations-unclosed-quote.csv"
               seed 1 "$ROOT/examples/observations.jsonl $B/observations-repeated-key.jsonl $B/observations-value-null.jsonl"
               seed 2 "$ROOT/examples/usage.csv $B/usage-bom-crlf.csv $B/usage-latin1.csv $B/usage-time-without-zone.csv"
               seed 3 "$ROOT/examples/bigquery-jobs.csv"
               seed 5 "$ROOT/Tests/SLARetroKitTests/Fixtures/formats/csv-headers/metabase-view-log.header-from-docs.csv"
               seed 6 "$ROOT/examples/rollups.csv $B/rollups-duplicate-key.csv $B/rollups-users-exceed-accesses.csv"
               seed 7 "$ROOT/examples/incidents.csv $B/incidents-duplicate-id.csv $B/incidents-ack-before-detected.csv" ;;
        documents) seed() { for f in $2; do [ -f "$f" ] && [ "$(wc -c < "$f")" -lt 65536 ] || continue
                                { printf "\\$(printf '%03o' "$1")"; cat "$f"; } > "$FUZZ/corpus/$TARGET/$1-$(basename "$f")"; done; }
               seed 0 "$(find "$ROOT/examples/postmortems" "$ROOT/Tests/SLARetroKitTests/Fixtures/formats/postmortems" "$ROOT/Tests/SLARetroKitTests/Fixtures/bad" -name '*.md' | tr '\n' ' ')"
               seed 1 "$ROOT/examples/sources.json $(find "$ROOT/Tests/SLARetroKitTests/Fixtures/formats/dbt" "$ROOT/Tests/SLARetroKitTests/Fixtures/bad" -name '*.json' | tr '\n' ' ')"
               seed 2 "$ROOT/examples/sources.json" ;;
        shellsplit) for s in 'note "a \"b\" c"' "revise target 95% --reason 'x y'" 'action "x" --owner ana'; do
                       printf '%s' "$s" > "$FUZZ/corpus/$TARGET/$(printf '%s' "$s" | cksum | cut -d' ' -f1)"; done ;;
    esac
fi
cd "$FUZZ/crashes/$TARGET"
exec "$BUILD/fuzz-$TARGET" -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -rss_limit_mb=2048 -timeout=10 "$LEAKS" \
    -artifact_prefix="$FUZZ/crashes/$TARGET/" -print_final_stats=1 "$FUZZ/corpus/$TARGET"
