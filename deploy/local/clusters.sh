# shellcheck shell=bash
# Clusters beside setup.sh's (sourced after lib.sh, not run): a fresh one to restore a
# backup into, and a streaming replica. Each lives in a directory of its own:
#   DIR/postgres (data), DIR/run (socket), DIR/postgres.log, DIR/pg-password (the app role's).
# lib.sh's cluster helpers (pg_start, pg_stop, pg_pid, as_pg, pg_admin_psql) read the globals
# PGDATA, PG_RUN_DIR, PG_LOG, PG_BIN and PG_PORT; use_cluster points them at DIR.

# The newest PostgreSQL installed, unless the main cluster already chose a major.
default_pg_bin() {
    if [[ -s $DATA_DIR/postgres/PG_VERSION ]]; then
        pg_bin_for "$(cat "$DATA_DIR/postgres/PG_VERSION")"
    else
        ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1
    fi
}

# use_cluster DIR PORT: lib.sh's helpers now act on the cluster in DIR.
use_cluster() {
    local dir=$1
    PGDATA="$dir/postgres"
    PG_RUN_DIR="$dir/run"
    PG_LOG="$dir/postgres.log"
    PG_PORT=$2
    PG_BIN=${PG_BIN:-$(default_pg_bin)}
    PG_PASSWORD_FILE="$dir/pg-password"
}

# What a primary needs for replicas to follow it, and a standby to serve reads.
replication_conf() {
    cat <<EOF

# Written by deploy/local/clusters.sh.
include = '$PG_CONF_NAME'
wal_level = replica
max_wal_senders = 5
hot_standby = on
hot_standby_feedback = on
EOF
}

# new_cluster DIR PORT: initdb a cluster in DIR and start it, with the app role (superuser,
# as setup.sh makes it) and an empty database $DB_NAME. DIR must not hold a cluster.
new_cluster() {
    local dir=$1 port=$2
    use_cluster "$dir" "$port"
    [[ -e $PGDATA ]] && die "$PGDATA already exists; pick a new directory (or remove it: rm -rf '$dir')"
    port_in_use "$PG_PORT" && die "$(port_busy_message "$PG_PORT")"
    mkdir -p "$PGDATA"
    chmod 755 "$dir"
    chown "$(pg_owner)" "$PGDATA" "$dir"
    chmod 700 "$PGDATA"
    run_logged "$dir/initdb.log" as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres \
        --encoding=UTF8 --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256
    render_pg_conf | as_pg tee "$PGDATA/$PG_CONF_NAME" >/dev/null
    replication_conf | as_pg tee -a "$PGDATA/postgresql.conf" >/dev/null
    as_pg tee "$PGDATA/pg_hba.conf" >/dev/null <<EOF
local   all          postgres                 peer map=admin
local   all          all                      scram-sha-256
host    all          all         127.0.0.1/32 scram-sha-256
host    replication  all         127.0.0.1/32 scram-sha-256
EOF
    printf 'admin %s postgres\n' "$(pg_os_user)" | as_pg tee "$PGDATA/pg_ident.conf" >/dev/null
    pg_start
    (umask 077 && od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$PG_PASSWORD_FILE")
    pg_admin_psql -d postgres <<SQL
CREATE ROLE $DB_USER WITH LOGIN SUPERUSER REPLICATION PASSWORD '$(cat "$PG_PASSWORD_FILE")';
CREATE DATABASE $DB_NAME OWNER $DB_USER;
SQL
}

# cluster_url DIR PORT [DATABASE]: the app's URL for that cluster.
cluster_url() {
    printf 'postgres://%s:%s@127.0.0.1:%s/%s' "$DB_USER" "$(cat "$1/pg-password")" "$2" "${3:-$DB_NAME}"
}
