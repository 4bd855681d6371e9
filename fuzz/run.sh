#!/usr/bin/env bash
# Runs fuzz targets one after another, niced, one process each (docs/fuzzing.md).
#   fuzz/run.sh                 every target, 300 s each
#   SECONDS_EACH=60 fuzz/run.sh fuzz_csv fuzz_ofx
# Needs a nightly toolchain and `cargo install --locked cargo-fuzz`. Starts from the kept corpus
# (fuzz/kept/<target>) and the seeds; new corpus entries go to fuzz/corpus/<target> (ignored by
# git; `deploy/check-parser-fuzz.sh minimize` folds them into fuzz/kept), crashes to
# fuzz/artifacts/<target>. The CI smoke without nightly or cargo-fuzz: deploy/check-parser-fuzz.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${SECONDS_EACH:-300}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_ofx fuzz_csv fuzz_camt053 fuzz_qif fuzz_mt940 fuzz_detect)
status=0
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target" "fuzz/kept/$target"
    echo "== $target: ${seconds}s"
    nice -n 10 cargo +nightly fuzz run "$target" "fuzz/corpus/$target" "fuzz/kept/$target" "fuzz/seeds/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        || status=$?
done
exit $status
