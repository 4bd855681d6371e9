#!/usr/bin/env bash
# Runs every test against real parts: sets up the private cluster (setup.sh), then runs the
# whole workspace with cargo-nextest. Arguments go to nextest, e.g. `test.sh -E 'test(health)'`.
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/local/frontend.sh
source "$(dirname "${BASH_SOURCE[0]}")/frontend.sh"
enable_err_trap

step "Rust toolchain" "install Rust 1.94 or newer from https://rustup.rs, then run this again"
ensure_rust
if ! cargo nextest --version >/dev/null 2>&1; then
    step "Installing cargo-nextest (once)" "run: cargo install --locked cargo-nextest"
    cargo install --locked --quiet cargo-nextest
fi

# A real SMTP server for the e-mail tests: aiosmtpd, unpacked from its wheels (pure Python)
# into .data/tools/python, so no pip install touches the system.
SMTP_TOOLS="$DATA_DIR/tools/python"
SMTP_WHEELS=(aiosmtpd==1.4.6 atpublic==9.0.0 attrs==26.1.0)
if [[ ! -f $SMTP_TOOLS/aiosmtpd/__main__.py ]]; then
    step "Test tools: aiosmtpd (a real SMTP server) from PyPI" "check that PyPI is reachable: python3 -m pip download aiosmtpd==1.4.6"
    command -v python3 >/dev/null || apt_install python3 python3-pip
    python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
    wheels=$(mktemp -d)
    python3 -m pip download --no-deps --no-input --disable-pip-version-check -q --dest "$wheels" "${SMTP_WHEELS[@]}"
    mkdir -p "$SMTP_TOOLS"
    python3 -c 'import sys, zipfile; [zipfile.ZipFile(w).extractall(sys.argv[1]) for w in sys.argv[2:]]' "$SMTP_TOOLS" "$wheels"/*.whl
    rm -rf "$wheels"
fi

# The container image, Compose and Helm files, validated offline (a minute; tools once).
step "Deploy manifests (deploy/check-manifests.sh)" "the failing check is named above"
bash "$KAKEIBO_ROOT/deploy/check-manifests.sh"

# cargo deny, npm's lock, and the secret scan of the tracked files (a minute; tools once).
step "Supply chain and secrets (deploy/check-supply-chain.sh)" "the failing check is named above"
bash "$KAKEIBO_ROOT/deploy/check-supply-chain.sh"

step "Database cluster and model (deploy/local/setup.sh)"
bash "$KAKEIBO_ROOT/deploy/local/setup.sh"
# shellcheck source=/dev/null
source "$ENV_FILE"

# Each test drops its database; a run that was killed leaves some behind.
step "Dropping databases left by interrupted test runs"
PG_BIN=$(pg_bin_for "$(cluster_major)")
PG_PORT=$(configured_port)
stale=$(pg_app_psql -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'kakeibo\_test\_%'")
for db in $stale; do pg_app_psql -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"; done
info "${stale:+$(wc -w <<<"$stale") dropped}${stale:-none}"

# The server tests read the dashboard's build (its pages, CSP and 404).
step "Building the dashboard (frontend/)" "read the log above; 'cd frontend && npm ci && npm run build' shows it again"
frontend_build

# Seconds: promtool (unpacked from Debian's package into .data/tools once) checks the alert
# rules, runs their unit tests and checks the example Prometheus configuration.
step "Observability: alert rules, their tests, dashboard JSON (deploy/observability/check.sh)" "promtool's message above names the rule and line"
bash "$KAKEIBO_ROOT/deploy/observability/check.sh"

step "Running the tests (cargo nextest run --workspace)" "the failing tests and their output are listed above"
cd "$KAKEIBO_ROOT"
# A first build of the workspace's tests wrote 4.5 GiB without incremental caches (CI's
# case, measured at 0c2ba0e); incremental caches about double it. Running out midway reads
# as a compiler error, so say it up front.
if [[ ${CARGO_INCREMENTAL:-} == 0 ]]; then FRESH_BUILD_GIB=6; else FRESH_BUILD_GIB=12; fi
target_dir=${CARGO_TARGET_DIR:-$KAKEIBO_ROOT/target}
free_mib=$(disk_free_mib "$target_dir")
if [[ ! -d $target_dir/debug/deps && -n $free_mib && $free_mib -lt $((FRESH_BUILD_GIB * 1024)) ]]; then
    warn "only $((free_mib / 1024)) GiB free for a first build that writes about $FRESH_BUILD_GIB GiB ($target_dir)"
fi
cargo nextest run --workspace "$@"

# The statement parsers' libFuzzer targets, 60 s each from the kept corpus, two at a time on
# 2 cores; built with the stable toolchain (4-5 minutes from a cold fuzz/target, 3 warm;
# docs/reliability.md, "Parser fuzz smoke"). Longer runs: FUZZ_JOBS=1 deploy/check-parser-fuzz.sh 300.
step "Parser fuzzing: libFuzzer, 60 s per target (deploy/check-parser-fuzz.sh)" "the crashing input is named above; replay it as docs/fuzzing.md says"
bash "$KAKEIBO_ROOT/deploy/check-parser-fuzz.sh" 60

# Every API operation with generated valid and invalid JSON bodies, queries and ids, against
# the debug binary the tests just built: no 5xx, no panic (60 s; docs/reliability.md,
# "Hostile input"). Longer runs: deploy/check-api-fuzz.sh 1800.
step "API fuzzing: schemathesis, 60 s (deploy/check-api-fuzz.sh)" "the 5xx, panic or schemathesis error is named above; the report is in .data/api-fuzz/"
bash "$KAKEIBO_ROOT/deploy/check-api-fuzz.sh" 60

step "Dashboard: types, lint and the browser tests" "the failing check is named above"
bash "$KAKEIBO_ROOT/deploy/local/e2e.sh"
