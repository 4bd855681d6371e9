#!/usr/bin/env bash
# Day-to-day helpers for the private PostgreSQL cluster created by setup.sh.
#   pg.sh start            start the cluster (no-op if it runs)
#   pg.sh stop             stop it (fast shutdown)
#   pg.sh status           running or not, port, data dir; exit 0 if running, 3 if not
#   pg.sh psql [args...]   psql as kakeibo on database kakeibo (args go to psql)
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,6s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

cmd=${1:-}
[[ -n $cmd ]] || { usage; exit 2; }
shift

major=$(cluster_major) || die "no cluster in $PGDATA yet; run: bash deploy/local/setup.sh"
PG_BIN=$(pg_bin_for "$major")
[[ -x $PG_BIN/postgres ]] || die "PostgreSQL $major binaries are missing ($PG_BIN); run: bash deploy/local/setup.sh"
# The cluster's own config is the truth for the port (setup.sh is where it changes).
PG_PORT=$(configured_port) || die "$PGDATA/$PG_CONF_NAME missing; run: bash deploy/local/setup.sh"
if [[ -n ${KAKEIBO_PG_PORT:-} && $KAKEIBO_PG_PORT != "$PG_PORT" ]]; then
    warn "KAKEIBO_PG_PORT=$KAKEIBO_PG_PORT but the cluster is configured for port $PG_PORT; run setup.sh to change it"
fi

case $cmd in
    start)
        if pid=$(pg_pid); then
            say "already running (pid $pid, port $(running_port))"
        else
            say "starting PostgreSQL $major on 127.0.0.1:$PG_PORT"
            pg_start
        fi
        ;;
    stop)
        if pg_pid >/dev/null; then
            say "stopping PostgreSQL ($PGDATA)"
            pg_stop
        else
            say "not running"
        fi
        ;;
    status)
        if pid=$(pg_pid); then
            say "running: pid $pid, 127.0.0.1:$(running_port), PostgreSQL $major"
            info "data: $PGDATA   socket dir: $PG_RUN_DIR   log: $PG_LOG"
        else
            say "stopped (PostgreSQL $major, port $PG_PORT, data $PGDATA)"
            exit 3
        fi
        ;;
    psql)
        pg_pid >/dev/null || die "not running; start it with: deploy/local/pg.sh start"
        [[ -s $PG_PASSWORD_FILE ]] || die "$PG_PASSWORD_FILE missing; run: bash deploy/local/setup.sh"
        pg_app_psql "$@"
        ;;
    -h | --help | help) usage ;;
    *) usage; exit 2 ;;
esac
