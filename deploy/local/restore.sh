#!/usr/bin/env bash
# Restores a backup made by backup.sh, never over live data:
#   restore.sh BACKUP --new-cluster DIR --port PORT
#       a fresh cluster in DIR (initdb, started on 127.0.0.1:PORT), the database restored
#       into it, the keys into DIR/keys; DIR/env then holds the settings to run Kakeibo on it.
#   restore.sh BACKUP --database NAME --keys-dir DIR
#       a new database NAME on the cluster of KAKEIBO_DATABASE__URL (or .data/env); the keys
#       into DIR, which must not hold other keys.
# BACKUP is the directory backup.sh wrote. Its SHA256SUMS is checked first. TimescaleDB is
# restored as its documentation says: the same extension version, timescaledb_pre_restore()
# before pg_restore and timescaledb_post_restore() after.
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/local/clusters.sh
source "$(dirname "${BASH_SOURCE[0]}")/clusters.sh"
enable_err_trap

usage() { sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

BACKUP="" NEW_CLUSTER="" PORT="" DATABASE="" KEYS_TO=""
while (($#)); do
    case $1 in
        --new-cluster) NEW_CLUSTER=${2:?--new-cluster needs a directory}; shift 2 ;;
        --port) PORT=${2:?--port needs a number}; shift 2 ;;
        --database) DATABASE=${2:?--database needs a name}; shift 2 ;;
        --keys-dir) KEYS_TO=${2:?--keys-dir needs a directory}; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        -*) usage >&2; die "unknown option: $1" ;;
        *) [[ -z $BACKUP ]] || die "one backup at a time (got '$BACKUP' and '$1')"; BACKUP=$1; shift ;;
    esac
done
[[ -n $BACKUP ]] || { usage >&2; die "which backup? (a directory backup.sh wrote)"; }
if [[ -n $NEW_CLUSTER ]]; then
    NEW_CLUSTER=$(realpath -m "$NEW_CLUSTER")    # the server's user runs from /
    [[ -z $DATABASE ]] || die "--new-cluster and --database exclude each other"
    valid_port "$PORT" || die "--new-cluster needs --port (1024-65535), got '$PORT'"
    KEYS_TO=${KEYS_TO:-$NEW_CLUSTER/keys}
elif [[ -n $DATABASE ]]; then
    [[ $DATABASE =~ ^[a-z_][a-z0-9_]*$ ]] || die "--database: lower-case letters, digits and _ only (got '$DATABASE')"
    [[ -n $KEYS_TO ]] || die "--database needs --keys-dir: where the backup's keys go"
else
    usage >&2
    die "restore into what? --new-cluster DIR --port PORT, or --database NAME --keys-dir DIR"
fi

step "Checking the backup $BACKUP"
[[ -f $BACKUP/MANIFEST && -f $BACKUP/SHA256SUMS && -f $BACKUP/database.dump ]] ||
    die "$BACKUP is not a backup made by backup.sh (MANIFEST, SHA256SUMS and database.dump expected)"
(cd "$BACKUP" && sha256sum --quiet -c SHA256SUMS) || die "$BACKUP is damaged: a file does not match SHA256SUMS"
manifest() { sed -n "s/^$1 //p" "$BACKUP/MANIFEST"; }
TS_VERSION=$(manifest timescaledb)
[[ -n $TS_VERSION ]] || die "the MANIFEST names no timescaledb version"
info "taken $(manifest created_at), PostgreSQL $(manifest postgres), timescaledb $TS_VERSION, last migration $(manifest last_migration)"

# Keys first: refusing here leaves nothing half done.
if [[ -d $KEYS_TO ]] && [[ -n "$(ls -A "$KEYS_TO")" ]] && ! diff -rq "$BACKUP/keys" "$KEYS_TO" >/dev/null; then
    die "$KEYS_TO already holds other keys; restore the backup's keys into an empty directory"
fi

if [[ -n $NEW_CLUSTER ]]; then
    step "A fresh cluster in $NEW_CLUSTER on port $PORT" "see $NEW_CLUSTER/postgres.log"
    new_cluster "$NEW_CLUSTER" "$PORT"
    URL=$(cluster_url "$NEW_CLUSTER" "$PORT")
else
    if [[ -z ${KAKEIBO_DATABASE__URL:-} ]]; then
        # shellcheck source=/dev/null
        source "$ENV_FILE"
    fi
    PG_BIN=$(default_pg_bin)
    step "A new database $DATABASE" "is the cluster running? deploy/local/pg.sh status"
    admin=$KAKEIBO_DATABASE__URL
    exists=$("$PG_BIN/psql" -X -Atq -d "$admin" -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")
    [[ -z $exists ]] || die "database $DATABASE exists already; restore into a new name"
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$admin" -c "CREATE DATABASE $DATABASE"
    URL=$(sed -E "s#/[^/?]*(\?|$)#/$DATABASE\1#" <<<"$admin")
fi
psql_new() { "$PG_BIN/psql" -X -Atq -v ON_ERROR_STOP=1 -d "$URL" "$@"; }
[[ $(psql_new -c "SELECT current_database()") == "${DATABASE:-$DB_NAME}" ]] || die "could not reach the new database"

step "Restoring (timescaledb $TS_VERSION, pre_restore, pg_restore, post_restore)"
available=$(psql_new -c "SELECT 1 FROM pg_available_extension_versions WHERE name = 'timescaledb' AND version = '$TS_VERSION'")
[[ -n $available ]] || die "this server lacks timescaledb $TS_VERSION, the version the backup was taken with; install it (restore first, then upgrade the extension)"
psql_new -c "SET client_min_messages = warning; CREATE EXTENSION timescaledb VERSION '$TS_VERSION'"
psql_new -c "SELECT timescaledb_pre_restore()" >/dev/null
# --no-owner: every object belongs to the restoring role, whatever the source called it.
"$PG_BIN/pg_restore" --no-owner --exit-on-error -d "$URL" "$BACKUP/database.dump"
psql_new -c "SELECT timescaledb_post_restore()" >/dev/null
psql_new -c "ANALYZE"

step "Keys into $KEYS_TO"
mkdir -p "$KEYS_TO"
chmod 700 "$KEYS_TO"
cp -a "$BACKUP/keys/." "$KEYS_TO/"
info "$(find "$KEYS_TO" -type f | wc -l) files"

if [[ -n $NEW_CLUSTER ]]; then
    cat >"$NEW_CLUSTER/env" <<EOF
# Written by deploy/local/restore.sh: source it to run Kakeibo on the restored cluster.
export KAKEIBO_DATABASE__URL='$URL'
export KAKEIBO_BANK__CREDENTIAL_KEYS_FILE='$KEYS_TO/credentials.keys'
export KAKEIBO_AUTH__SIGNING_KEY_FILE='$KEYS_TO/token-signing-ed25519.pem'
EOF
    chmod 600 "$NEW_CLUSTER/env"
    say "restored into $NEW_CLUSTER (port $PORT); settings: $NEW_CLUSTER/env"
    info "stop it: runuser -u $(pg_os_user) -- $PG_BIN/pg_ctl -D $NEW_CLUSTER/postgres stop"
else
    say "restored into database $DATABASE; keys in $KEYS_TO"
fi
