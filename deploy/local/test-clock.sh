#!/usr/bin/env bash
# Runs the tests under a faked clock: `test-clock.sh 'YYYY-MM-DD HH:MM:SS' [nextest args]`
# (the date is UTC). The clock starts at that moment when the tests start and then advances
# normally, in the test processes (and what they spawn: the kakeibo CLI, the SMTP server) and
# in a throwaway database cluster started under the same clock (.data/clock-<port>, port 55433
# or KAKEIBO_CLOCK_PG_PORT), so the cluster of test.sh is left alone.
# How: libfaketime (Debian's faketime) with one fixed offset from the real clock, so every
# process agrees on the time. Only the test binaries run under it (through a cargo target
# runner): cargo and nextest keep the real clock, so build fingerprints stay sane.
# Example: bash deploy/local/test-clock.sh '2027-12-31 22:55:00' -E 'test(/budgets::/)'
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
enable_err_trap

[[ $# -ge 1 ]] || { sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 2; }
START=$1
shift
START_EPOCH=$(date -u -d "$START" +%s 2>/dev/null) || die "not a date: '$START' (want e.g. '2027-03-28 00:30:00', UTC)"

PG_PORT=${KAKEIBO_CLOCK_PG_PORT:-55433}
valid_port "$PG_PORT" || die "KAKEIBO_CLOCK_PG_PORT must be a number between 1024 and 65535"
# One directory per port, so runs at two dates can go side by side.
CLOCK_DIR="$DATA_DIR/clock-$PG_PORT"
# lib.sh's cluster helpers (pg_start, pg_stop, pg_pid, as_pg) read these globals.
PGDATA="$CLOCK_DIR/postgres"
PG_RUN_DIR="$CLOCK_DIR/run"
PG_LOG="$CLOCK_DIR/postgres.log"

step "Rust toolchain and cargo-nextest" "run bash deploy/local/test.sh once first"
ensure_rust
cargo nextest --version >/dev/null 2>&1 || die "cargo-nextest is missing (bash deploy/local/test.sh installs it)"

step "libfaketime (Debian package faketime)" "apt-get install faketime"
apt_install faketime
FAKETIME_LIB=$(dpkg -L libfaketime | grep '/libfaketimeMT\.so\.1$' | head -n1)
[[ -n $FAKETIME_LIB ]] || die "libfaketimeMT.so.1 not found in package libfaketime"

# The normal setup provides the extensions, the model and the SMTP server; test.sh makes them.
step "Extensions, model and test tools from the normal setup" "run bash deploy/local/test.sh once first"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
if [[ -s $DATA_DIR/postgres/PG_VERSION ]]; then PG_BIN=$(pg_bin_for "$(cat "$DATA_DIR/postgres/PG_VERSION")"); fi
[[ -x $PG_BIN/postgres && -f $("$PG_BIN/pg_config" --sharedir)/extension/timescaledb.control ]] ||
    die "PostgreSQL with TimescaleDB is not installed"
[[ -s $MODELS_DIR/all-MiniLM-L6-v2/model.safetensors ]] || die "no model in $MODELS_DIR"
[[ -f $DATA_DIR/tools/python/aiosmtpd/__main__.py ]] || die "aiosmtpd is missing in $DATA_DIR/tools/python"

# Build with the real clock; the run below only executes what is built.
step "Building the tests (real clock)"
cd "$KAKEIBO_ROOT"
cargo nextest run --workspace --no-run

stop_clock_cluster() { pg_stop || true; }
trap stop_clock_cluster EXIT

step "Throwaway cluster under the faked clock ($CLOCK_DIR, port $PG_PORT)" "see $PG_LOG"
pg_stop    # one left by an interrupted run (its clock was another)
# A new cluster every run: a cluster that saw a later date would find its own files from
# the future. initdb and a template database for the tests take seconds.
rm -rf "$CLOCK_DIR"
mkdir -p "$PGDATA"
chmod 755 "$DATA_DIR" "$CLOCK_DIR"
chown "$(pg_owner)" "$PGDATA" "$CLOCK_DIR"
prepare_runtime_dirs    # the socket directory and the log, for the server's user
chmod 700 "$PGDATA"
password=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')
(umask 077 && printf '%s\n' "$password" >"$CLOCK_DIR/pwfile")
chown "$(pg_owner)" "$CLOCK_DIR/pwfile"
run_logged "$CLOCK_DIR/initdb.log" as_pg "$PG_BIN/initdb" -D "$PGDATA" -U "$DB_USER" \
    --pwfile="$CLOCK_DIR/pwfile" --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8
rm -f "$CLOCK_DIR/pwfile"
# setup.sh's settings (lib.sh), then what a cluster thrown away after the run can skip.
{
    render_pg_conf
    cat <<EOF
# Added by deploy/local/test-clock.sh: this cluster is thrown away after the run.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
} >>"$PGDATA/postgresql.conf"

# One offset from the real clock for the cluster and the tests, fixed now: "@DATE" would
# restart the clock in every process, and the cluster and the tests would then disagree.
OFFSET=$((START_EPOCH - $(date -u +%s)))
FAKE_ENV=(LD_PRELOAD="$FAKETIME_LIB" FAKETIME="$(printf '%+d' "$OFFSET")" FAKETIME_DONT_FAKE_MONOTONIC=1)
as_pg env "${FAKE_ENV[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PG_LOG" -w -t 90 -s start 9>&- ||
    { tail -n 25 "$PG_LOG" >&2; die "the faked-clock cluster did not start"; }
export KAKEIBO_DATABASE__URL="postgres://$DB_USER:$password@127.0.0.1:$PG_PORT/postgres"
PGPASSWORD=$password "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d postgres \
    -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB_NAME"
export KAKEIBO_DATABASE__URL="postgres://$DB_USER:$password@127.0.0.1:$PG_PORT/$DB_NAME"
export KAKEIBO_MODELS_DIR="$MODELS_DIR"

# Proof that the clock is faked where it matters: the database's now() and a test process's.
db_now=$(PGPASSWORD=$password "$PG_BIN/psql" -X -Atq -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" \
    -c "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')")
proc_now=$(env "${FAKE_ENV[@]}" date -u '+%F %T')
info "faked clock (offset ${OFFSET}s): database now() = $db_now UTC, a test process: $proc_now UTC"
db_epoch=$(date -u -d "$db_now" +%s)
((db_epoch - START_EPOCH < 120 && START_EPOCH - db_epoch < 5)) || die "the database does not run on the faked clock"

# cargo's target runner: nextest starts every test binary through it (and the binaries'
# children inherit LD_PRELOAD), while cargo and nextest keep the real clock.
host=$(rustc -vV | sed -n 's/^host: //p')
runner_var="CARGO_TARGET_$(tr 'a-z-' 'A-Z_' <<<"$host")_RUNNER"
export "$runner_var=env ${FAKE_ENV[*]}"
# The clock::the_tests_and_the_database_share_one_clock test checks it runs on this clock.
export KAKEIBO_CLOCK_START=$START_EPOCH

step "Running the tests at $(date -u -d "@$START_EPOCH" '+%F %T') UTC (faked clock)" \
    "the failing tests and their output are listed above"
cargo nextest run --workspace "$@"
