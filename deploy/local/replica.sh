#!/usr/bin/env bash
# A physical streaming replica of the local cluster, for `database.replica_url`:
#   replica.sh start    the first time: pg_basebackup -R from the primary, then start it
#   replica.sh stop     stop it (fast shutdown); its data stays for the next start
#   replica.sh status   running or not, and how far behind the primary it is
#   replica.sh url      the URL to set as KAKEIBO_DATABASE__REPLICA_URL
# Options (before the command): --dir DIR (default .data/replica), --port PORT (default
#   55434), --primary-dir DIR (a directory holding postgres/ and pg-password; default .data,
#   setup.sh's cluster), --primary-port PORT (default: the primary's configured port).
# The primary must allow replication connections from 127.0.0.1 (setup.sh's pg_hba.conf does).
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/local/clusters.sh
source "$(dirname "${BASH_SOURCE[0]}")/clusters.sh"
enable_err_trap

usage() { sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

DIR="$DATA_DIR/replica" PORT=55434 PRIMARY_DIR="$DATA_DIR" PRIMARY_PORT=""
while (($#)); do
    case $1 in
        --dir) DIR=${2:?}; shift 2 ;;
        --port) PORT=${2:?}; shift 2 ;;
        --primary-dir) PRIMARY_DIR=${2:?}; shift 2 ;;
        --primary-port) PRIMARY_PORT=${2:?}; shift 2 ;;
        -h | --help | help) usage; exit 0 ;;
        -*) usage >&2; die "unknown option: $1" ;;
        *) break ;;
    esac
done
cmd=${1:-}
[[ -n $cmd ]] || { usage >&2; exit 2; }
valid_port "$PORT" || die "--port must be a number between 1024 and 65535"
PRIMARY_PASSWORD_FILE="$PRIMARY_DIR/pg-password"
if [[ -z $PRIMARY_PORT ]]; then
    # The last port setting wins (setup.sh's kakeibo.conf, or clusters.sh's lines).
    PRIMARY_PORT=$({ cat "$PRIMARY_DIR/postgres/postgresql.conf" "$PRIMARY_DIR/postgres/$PG_CONF_NAME" 2>/dev/null || true; } |
        sed -n 's/^port *= *\([0-9]\+\).*/\1/p' | tail -n1)
fi
# Absolute: the server's user runs from / (as_pg).
DIR=$(realpath -m "$DIR")
PRIMARY_DIR=$(realpath -m "$PRIMARY_DIR")
use_cluster "$DIR" "$PORT"

replica_psql() { "$PG_BIN/psql" -X -Atq -v ON_ERROR_STOP=1 -d "$(cluster_url "$DIR" "$PORT")" "$@"; }

case $cmd in
    start)
        if [[ ! -s $PGDATA/PG_VERSION ]]; then
            [[ -s $PRIMARY_PASSWORD_FILE ]] || die "no $PRIMARY_PASSWORD_FILE: is $PRIMARY_DIR a cluster made by setup.sh?"
            valid_port "$PRIMARY_PORT" || die "cannot tell the primary's port; pass --primary-port"
            port_in_use "$PORT" && die "$(port_busy_message "$PORT")"
            step "Copying the primary (127.0.0.1:$PRIMARY_PORT) into $PGDATA (pg_basebackup -R)" \
                "the primary must run and allow 'host replication' from 127.0.0.1 in pg_hba.conf (setup.sh writes it)"
            mkdir -p "$PGDATA"
            chmod 755 "$DIR"
            chown "$(pg_owner)" "$PGDATA" "$DIR"
            chmod 700 "$PGDATA"
            # The password travels in the environment (not argv, which `ps` shows); -R keeps
            # it in primary_conninfo inside the data directory, readable by its owner only.
            PGPASSWORD="$(cat "$PRIMARY_PASSWORD_FILE")" run_logged "$DIR/basebackup.log" as_pg \
                "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$DB_USER" \
                -D "$PGDATA" -R -X stream -c fast
            # The copy carries the primary's port and socket; this cluster has its own.
            printf "port = %s\nunix_socket_directories = '%s'\n" "$PORT" "$PG_RUN_DIR" |
                as_pg tee -a "$PGDATA/postgresql.auto.conf" >/dev/null
            install -m 600 "$PRIMARY_PASSWORD_FILE" "$PG_PASSWORD_FILE"
        fi
        if pid=$(pg_pid); then
            say "already running (pid $pid, port $PORT)"
        else
            say "starting the replica on 127.0.0.1:$PORT"
            pg_start
        fi
        [[ $(replica_psql -c "SELECT pg_is_in_recovery()") == t ]] || die "$PGDATA runs but is not a standby"
        info "database.replica_url: $(cluster_url "$DIR" "$PORT")"
        ;;
    stop)
        if pg_pid >/dev/null; then
            say "stopping the replica ($PGDATA)"
            pg_stop
        else
            say "not running"
        fi
        ;;
    status)
        pid=$(pg_pid) || { say "stopped (data $PGDATA)"; exit 3; }
        say "running: pid $pid, 127.0.0.1:$PORT"
        info "$(replica_psql -c "SELECT 'replayed to ' || pg_last_wal_replay_lsn() || ', last replayed commit ' ||
            coalesce(round(extract(epoch FROM now() - pg_last_xact_replay_timestamp()))::text || ' s ago', 'none yet') ||
            CASE WHEN pg_is_wal_replay_paused() THEN ' (replay paused)' ELSE '' END")"
        ;;
    url) cluster_url "$DIR" "$PORT"; echo ;;
    *) usage >&2; exit 2 ;;
esac
