#!/usr/bin/env bash
# Parser fuzz smoke (issue 25 §4): builds the libFuzzer targets of fuzz/ and runs each for
# SECONDS_EACH from the kept corpus (fuzz/kept/<target>, committed) and the seeds
# (fuzz/seeds/<target>), as many at once as the machine has cores (FUZZ_JOBS). Fails on a
# crash (a panic, a failed check of fuzz/fuzz_targets/common.rs, an abort), a timeout or an
# out-of-memory, naming the input libFuzzer saved for it.
#
#   deploy/check-parser-fuzz.sh [SECONDS_EACH] [TARGET...]   default 60 s, every target
#   FUZZ_JOBS=1 deploy/check-parser-fuzz.sh 300 fuzz_csv      one at a time, longer
#   deploy/check-parser-fuzz.sh minimize [--fresh] [TARGET...]   fold fuzz/corpus into fuzz/kept
#
# `minimize` adds to fuzz/kept/<target> the fewest inputs of fuzz/corpus/<target> (what runs
# added) that reach the edges the seeds and the kept corpus do not (libFuzzer's -merge=1,
# which `cargo fuzz cmin` runs too); the kept files stay as they are, so git sees only the
# new ones. `--fresh` minimizes the kept corpus too: it rebuilds fuzz/kept/<target> as the
# smallest set that, with the seeds, reaches the edges all of them reach (most file names
# change). Commit the result (docs/fuzzing.md, "The kept corpus").
#
# Built with the stable toolchain the rest of the project uses, without cargo-fuzz and
# without a nightly: the flags below are the ones `cargo fuzz build -s none` passes, all of
# them stable. No AddressSanitizer (docs/decisions.md, "the parser fuzz smoke in CI"):
# fuzz/run.sh and `cargo +nightly fuzz run` keep it for longer runs. Needs a C++ compiler
# for libFuzzer (build-essential, which deploy/local/lib.sh's ensure_rust installs).
#
# Output: the build in fuzz/target/smoke (git-ignored; FUZZ_TARGET_DIR moves it), new
# corpus entries in fuzz/corpus/<target> and failing inputs in fuzz/artifacts/<target>
# (both git-ignored, as with cargo-fuzz), libFuzzer's logs in .data/parser-fuzz/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODE=fuzz
FRESH=false
if [[ ${1:-} == minimize ]]; then
    MODE=minimize
    shift
    if [[ ${1:-} == --fresh ]]; then
        FRESH=true
        shift
    fi
fi
SECONDS_EACH=60
if [[ $MODE == fuzz && $# -gt 0 ]]; then
    SECONDS_EACH=$1
    shift
fi
ALL_TARGETS=(fuzz_csv fuzz_detect fuzz_ofx fuzz_camt053 fuzz_qif fuzz_mt940)
TARGETS=("$@")
((${#TARGETS[@]})) || TARGETS=("${ALL_TARGETS[@]}")
JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
((JOBS >= 1)) || JOBS=1
TARGET_DIR=${FUZZ_TARGET_DIR:-$ROOT/fuzz/target/smoke}
OUT="$ROOT/.data/parser-fuzz"

say() { printf '==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf 'check-parser-fuzz: %s\n' "$*" >&2; exit 1; }

[[ $SECONDS_EACH =~ ^[0-9]+$ ]] || die "SECONDS_EACH must be a number of seconds, got '$SECONDS_EACH'"
for t in "${TARGETS[@]}"; do
    [[ " ${ALL_TARGETS[*]} " == *" $t "* ]] || die "unknown target '$t' (targets: ${ALL_TARGETS[*]})"
done
command -v cargo >/dev/null || die "no cargo on PATH (deploy/local/test.sh installs Rust)"
command -v c++ >/dev/null || die "no C++ compiler for libFuzzer: apt-get install build-essential"

# What cargo-fuzz 0.13.2 sets for `cargo fuzz build -s none` (its project.rs): SanitizerCoverage
# for libFuzzer's feedback, comparisons traced, branch folding off, stack depth, one codegen
# unit, --release with debug assertions and overflow checks. --target keeps the flags off
# build scripts and proc macros.
HOST=$(rustc -vV | sed -n 's/^host: //p')
FLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4"
FLAGS+=" -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table"
FLAGS+=" -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"
FLAGS+=" -Cllvm-args=-simplifycfg-branch-fold-threshold=0"
[[ $HOST == *-linux-* ]] && FLAGS+=" -Cllvm-args=-sanitizer-coverage-stack-depth"
FLAGS+=" -Cdebug-assertions -Ccodegen-units=1"

say "Building the fuzz targets (stable $(rustc --version | awk '{print $2}'), into ${TARGET_DIR#"$ROOT"/})"
start=$SECONDS
bins=()
for t in "${TARGETS[@]}"; do bins+=(--bin "$t"); done
(cd "$ROOT/fuzz" && RUSTFLAGS="$FLAGS${RUSTFLAGS:+ $RUSTFLAGS}" cargo build --quiet --locked --release \
    --config 'profile.release.debug="line-tables-only"' --target "$HOST" --target-dir "$TARGET_DIR" "${bins[@]}")
info "built in $((SECONDS - start)) s"
BIN_DIR="$TARGET_DIR/$HOST/release"

if [[ $MODE == minimize ]]; then
    mkdir -p "$OUT"
    for t in "${TARGETS[@]}"; do
        merged=$(mktemp -d)
        mkdir -p "$ROOT/fuzz/corpus/$t" "$ROOT/fuzz/kept/$t"
        before="$(find "$ROOT/fuzz/kept/$t" -type f | wc -l) kept, $(find "$ROOT/fuzz/corpus/$t" -type f | wc -l) new"
        # What is in the first directory stays; of the others, libFuzzer copies in only what
        # reaches more. The seeds go in first and are taken out again at the end (merged
        # inputs are named by their SHA-1, kept ones already are).
        cp "$ROOT/fuzz/seeds/$t/"* "$merged/"
        sources=("$ROOT/fuzz/kept/$t" "$ROOT/fuzz/corpus/$t")
        if ! $FRESH; then
            cp -r "$ROOT/fuzz/kept/$t/." "$merged/"
            sources=("$ROOT/fuzz/corpus/$t")
        fi
        # -use_counters=0: an input is kept for a new edge, not for a new hit count of one
        # (a quarter of the files for 99.8 % of the edges, measured on fuzz_mt940); the
        # counts come back within seconds of a run.
        "$BIN_DIR/$t" -merge=1 -use_counters=0 -timeout=10 -rss_limit_mb=2048 "$merged" \
            "${sources[@]}" >"$OUT/$t.merge.log" 2>&1 \
            || die "merging $t failed: $OUT/$t.merge.log"
        (cd "$ROOT/fuzz/seeds/$t" && for f in *; do rm -f "$merged/$f"; done)
        rm -rf "$ROOT/fuzz/kept/$t"
        mkdir -p "$ROOT/fuzz/kept/$t"
        cp "$merged/"* "$ROOT/fuzz/kept/$t/" 2>/dev/null || true
        rm -rf "$merged" "$OUT/$t.merge.log"
        info "$t: kept $(find "$ROOT/fuzz/kept/$t" -type f | wc -l) files, $(du -sk --apparent-size "$ROOT/fuzz/kept/$t" | cut -f1) KB (from $before)"
    done
    exit 0
fi

rm -rf "$OUT"
mkdir -p "$OUT"
say "Fuzzing ${#TARGETS[@]} targets for ${SECONDS_EACH} s each, $JOBS at a time (logs in ${OUT#"$ROOT"/})"
start=$SECONDS

# One target: its exit status goes to $OUT/<target>.rc, libFuzzer's output to <target>.log.
fuzz_one() {
    local t=$1 rc=0
    mkdir -p "$ROOT/fuzz/corpus/$t" "$ROOT/fuzz/artifacts/$t" "$ROOT/fuzz/kept/$t"
    # The first directory receives what the run adds; the kept corpus and the seeds are read.
    # -timeout: one input running 10 s is a hang; -rss_limit_mb: the process over 2 GB is an
    # out-of-memory (a single allocation that fails aborts, which is a crash too).
    (cd "$ROOT" && "$BIN_DIR/$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$t/" \
        "fuzz/corpus/$t" "fuzz/kept/$t" "fuzz/seeds/$t") >"$OUT/$t.log" 2>&1 || rc=$?
    echo "$rc" >"$OUT/$t.rc"
}

for t in "${TARGETS[@]}"; do
    while (($(jobs -rp | wc -l) >= JOBS)); do wait -n || true; done
    fuzz_one "$t" &
done
wait

failed=()
printf '    %-13s %12s %9s %6s %7s  %s\n' target executions exec/s cov corpus result
for t in "${TARGETS[@]}"; do
    log="$OUT/$t.log"
    rc=$(cat "$OUT/$t.rc" 2>/dev/null || echo "?")
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
    # The last status line: "#N  DONE cov: C ft: F corp: K/SIZE ...".
    status=$(grep -E '^#[0-9]+' "$log" | tail -n1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status")
    corp=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$status")
    if [[ $rc == 0 ]]; then
        result="ok"
    else
        failed+=("$t")
        kind=$(grep -oE 'libFuzzer: (deadly signal|timeout|out-of-memory|[a-z-]+)' "$log" | head -n1 || true)
        artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | head -n1)
        result="FAILED (exit $rc${kind:+, $kind})${artifact:+: input saved as $artifact}"
    fi
    printf '    %-13s %12s %9s %6s %7s  %s\n' "$t" "${runs:--}" "${speed:--}" "${cov:--}" "${corp:--}" "$result"
done
info "fuzzed in $((SECONDS - start)) s"

if ((${#failed[@]})); then
    for t in "${failed[@]}"; do
        # The panic's message, then libFuzzer's report up to the saved input (lines cut: the
        # input is printed in hex too).
        printf '\n--- %s (all of it in %s)\n' "$t" "${OUT#"$ROOT"/}/$t.log" >&2
        { grep -m1 -A1 'panicked at' "$OUT/$t.log" || true
          sed -n '/^==[0-9]*== ERROR: libFuzzer\|^ALARM:/,/Test unit written/p' "$OUT/$t.log" | head -n 12
        } | cut -c1-240 >&2
    done
    printf '\nReplay one (docs/fuzzing.md): %s/<target> fuzz/artifacts/<target>/<file>\n' "${BIN_DIR#"$ROOT"/}" >&2
    die "${#failed[@]} target(s) failed: ${failed[*]}"
fi
