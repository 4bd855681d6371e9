#!/usr/bin/env bash
# A backup that restores: one consistent dump of the app database and the keys beside it.
#   backup.sh [--out DIR] [--keys-dir DIR]
# Writes OUT/kakeibo-YYYYMMDDTHHMMSSZ/ (OUT defaults to .data/backups):
#   database.dump  pg_dump --format=custom of the app database, taken in one snapshot
#   keys/          the keys directory (default .data/keys): credential keys and token signing
#                  keys. Without credentials.keys a restore loses every bank connection.
#   MANIFEST       what was backed up: versions, last migration, time, sizes
#   SHA256SUMS     sha256 of every file above (`sha256sum -c SHA256SUMS` checks it)
# The database is KAKEIBO_DATABASE__URL when set, else the one in .data/env.
# A directory appears only when complete: it is written under a .partial name, then renamed.
# Restore with deploy/local/restore.sh; docs/operations.md explains both.
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/local/clusters.sh
source "$(dirname "${BASH_SOURCE[0]}")/clusters.sh"
enable_err_trap

usage() { sed -n '2,12s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

OUT="$DATA_DIR/backups"
KEYS_DIR="$DATA_DIR/keys"
while (($#)); do
    case $1 in
        --out) OUT=${2:?--out needs a directory}; shift 2 ;;
        --keys-dir) KEYS_DIR=${2:?--keys-dir needs a directory}; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done

if [[ -z ${KAKEIBO_DATABASE__URL:-} ]]; then
    [[ -r $ENV_FILE ]] || die "no KAKEIBO_DATABASE__URL and no $ENV_FILE; run deploy/local/setup.sh or set it"
    # shellcheck source=/dev/null
    source "$ENV_FILE"
fi
URL=$KAKEIBO_DATABASE__URL
PG_BIN=$(default_pg_bin)
[[ -d $KEYS_DIR ]] || die "no keys directory $KEYS_DIR (pass --keys-dir): a backup without the credential keys cannot restore bank connections"

psql_app() { "$PG_BIN/psql" -X -Atq -v ON_ERROR_STOP=1 -d "$URL" "$@"; }

step "Checking the database" "is it running? deploy/local/pg.sh status"
facts=$(psql_app <<'SQL'
SELECT 'database ' || current_database();
SELECT 'postgres ' || current_setting('server_version');
SELECT extname || ' ' || extversion FROM pg_extension WHERE extname IN ('timescaledb', 'vector') ORDER BY 1;
SELECT 'last_migration ' || coalesce(max(version)::text, 'none') FROM _sqlx_migrations WHERE success;
SQL
)
[[ $facts == *"timescaledb "* ]] || die "the database has no timescaledb extension: is this Kakeibo's database?"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
final="$OUT/kakeibo-$stamp"
work="$OUT/.partial-kakeibo-$stamp"
[[ -e $final ]] && die "$final exists already (two backups in one second?)"
mkdir -p "$work"
chmod 700 "$OUT" "$work"    # keys and every user's data: owner only
trap 'rm -rf "$work"' EXIT

step "Dumping the database (pg_dump, custom format, one snapshot)"
# TimescaleDB's catalog has circular foreign keys; pg_dump warns about them and the
# documented restore (timescaledb_pre_restore) handles them, so the warnings are dropped
# (grep finding nothing else to show is no failure).
"$PG_BIN/pg_dump" --format=custom --compress=6 --file="$work/database.dump" -d "$URL" \
    2> >(grep -v 'circular foreign-key constraints\|pg_dump: detail: \(hypertable\|chunk\|continuous_agg\)$\|You might not be able to restore\|Consider using a full dump' >&2 || true)
info "$(du -h "$work/database.dump" | cut -f1) database.dump"

step "Copying the keys ($KEYS_DIR)"
cp -a "$KEYS_DIR" "$work/keys"
info "$(find "$work/keys" -type f | wc -l) files"

{
    echo "format kakeibo-backup 1"
    echo "created_at $(date -u +%FT%TZ)"
    echo "$facts"
    echo "keys_from $KEYS_DIR"
} >"$work/MANIFEST"
(cd "$work" && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs -d '\n' sha256sum >SHA256SUMS)

mv "$work" "$final"
trap - EXIT
say "backup written: $final"
