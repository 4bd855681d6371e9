#!/usr/bin/env bash
# The fault cases of issue 25 §1 against the real `kakeibo` binary (about 10 minutes; not part
# of test.sh): bash deploy/local/chaos.sh [CASE...]
#   import  kill -9 at random points of a 100,000-row API import; restart; the client re-sends
#   jobs    kill -9 during a demo-bank sync, a categorize job, a budget check and an export
#   pg      Postgres stopped (-m fast, then -m immediate) and started during the same work
#           (pg-categorize, pg-budget: only its categorize-job and budget-check parts)
#   two     two `kakeibo all` processes import the same file into one account at once
#   outbox  the e-mail outbox folder full (a tiny tmpfs), then read-only (needs root)
#   skew    two `kakeibo worker` processes with clocks 25 s apart (libfaketime): cron ticks once
# Every case ends by counting rows lost and duplicated against the file, the demo bank's own
# rows and the job queue, and prints them. All run on a throwaway cluster of their own
# (initdb'd in a temporary directory, port 55491 or CHAOS_PG_PORT, removed at the end;
# the project's cluster on 55432 is never touched). The binary is the debug build of this
# checkout (built first; CHAOS_KAKEIBO_BIN=PATH runs another); CHAOS_SEED=N repeats a run's kill points, CHAOS_ROWS=N sizes the file,
# CHAOS_KEEP=1 keeps the directory (logs, cluster) for a look.
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/local/clusters.sh
source "$(dirname "${BASH_SOURCE[0]}")/clusters.sh"
enable_err_trap

PG_PORT=${CHAOS_PG_PORT:-55491}
valid_port "$PG_PORT" || die "CHAOS_PG_PORT must be a number between 1024 and 65535"
TARGET=${CARGO_TARGET_DIR:-$KAKEIBO_ROOT/target}

step "Rust toolchain" "run bash deploy/local/test.sh once first"
ensure_rust
step "Building kakeibo and chaos-demo-expected (debug)" "read the compiler error above"
# CHAOS_KAKEIBO_BIN runs another build of kakeibo instead (an older one, to show a bug).
# One cargo call for both: two calls would resolve features twice and rebuild dependencies.
bins=()
[[ -n ${CHAOS_KAKEIBO_BIN:-} ]] || bins+=(--bin kakeibo -p kakeibo-server)
# The demo bank's own rows, for the cases that sync it.
if [[ $# -eq 0 || " $* " == *" jobs "* || " $* " == *" pg "* ]]; then
    bins+=(--bin chaos-demo-expected -p kakeibo-tests)
fi
((${#bins[@]} == 0)) || (cd "$KAKEIBO_ROOT" && cargo build --quiet "${bins[@]}")

step "libfaketime (Debian package faketime), for the clock-skew case" "apt-get install faketime"
apt_install faketime
FAKETIME_LIB=$(dpkg -L libfaketime | grep '/libfaketimeMT\.so\.1$' | head -n1)

WORK=$(mktemp -d /tmp/kakeibo-chaos.XXXXXX)
chmod 755 "$WORK"
OUTBOX="$WORK/outbox"
cleanup() {
    set +e
    pg_stop >/dev/null 2>&1
    mountpoint -q "$OUTBOX" && umount "$OUTBOX"
    if [[ ${CHAOS_KEEP:-0} == 1 ]]; then
        say "kept $WORK (logs in $WORK/logs; the cluster is stopped)"
    else
        mkdir -p "$DATA_DIR/chaos-logs" && cp -r "$WORK/logs/." "$DATA_DIR/chaos-logs/" 2>/dev/null
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

step "A throwaway cluster ($WORK/pg, port $PG_PORT)" "see $WORK/pg/postgres.log"
new_cluster "$WORK/pg" "$PG_PORT"

# The outbox on a 256 KiB tmpfs, so the outbox case can fill it (and remount it read-only).
mkdir -p "$OUTBOX" "$WORK/logs" "$WORK/keys" "$WORK/exports"
if [[ $EUID -eq 0 ]]; then mount -t tmpfs -o size=256k,mode=755 chaos-outbox "$OUTBOX" || warn "no tmpfs: the outbox case is skipped"; fi

export KAKEIBO_DATABASE__URL
KAKEIBO_DATABASE__URL=$(cluster_url "$WORK/pg" "$PG_PORT")
export KAKEIBO_MODELS_DIR=${KAKEIBO_MODELS_DIR:-$MODELS_DIR}
export KAKEIBO_EMAIL__OUTBOX_DIR=$OUTBOX
export KAKEIBO_PRIVACY__EXPORTS_DIR=$WORK/exports
export KAKEIBO_AUTH__SIGNING_KEY_FILE=$WORK/keys/token-signing-ed25519.pem
export KAKEIBO_BANK__CREDENTIAL_KEYS_FILE=$WORK/keys/credentials.keys
export CHAOS_WORK=$WORK CHAOS_BIN=${CHAOS_KAKEIBO_BIN:-$TARGET/debug/kakeibo} CHAOS_EXPECTED_BIN=$TARGET/debug/chaos-demo-expected
export CHAOS_PG_BIN=$PG_BIN CHAOS_PGDATA=$PGDATA CHAOS_PG_LOG=$PG_LOG CHAOS_FAKETIME_LIB=$FAKETIME_LIB
[[ -d $KAKEIBO_MODELS_DIR ]] || die "no model in $KAKEIBO_MODELS_DIR (run bash deploy/local/run.sh once)"

step "The fault cases" "read the case's lines above and its log in $WORK/logs (CHAOS_KEEP=1 keeps them)"
status=0
python3 "$KAKEIBO_ROOT/deploy/local/chaos.py" "$@" || status=$?

step "Secrets in the run's logs (deploy/check_logs_for_secrets.py)"
python3 "$KAKEIBO_ROOT/deploy/check_logs_for_secrets.py" --also "user password=chaos-run-password-1" \
    "$WORK"/logs/*.log "$PG_LOG" || status=1
exit "$status"
