# shellcheck shell=bash
# Shared by setup.sh and pg.sh (sourced, not run): paths, messages and the helpers
# that drive the project's private PostgreSQL cluster.

# shellcheck disable=SC2034  # constants below are used by the scripts that source this file
# The project root is the parent of deploy/, wherever the project was cloned.
# pwd -P resolves symlinks so the path matches what /proc/<pid>/cwd reports.
KAKEIBO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
DATA_DIR="$KAKEIBO_ROOT/.data"
PGDATA="$DATA_DIR/postgres"
PG_RUN_DIR="$DATA_DIR/run"            # unix socket directory
PG_LOG="$DATA_DIR/postgres.log"
PG_PASSWORD_FILE="$DATA_DIR/pg-password"
ENV_FILE="$DATA_DIR/env"
MODELS_DIR="$DATA_DIR/models"
PG_CONF_NAME="kakeibo.conf"           # our settings, included from postgresql.conf
DEFAULT_PG_PORT=55432
DB_NAME=kakeibo
DB_USER=kakeibo

# ---------------------------------------------------------------- messages ---

CURRENT_STEP=""
CURRENT_FIX=""
FAILED_CMD=""     # set by helpers that report their own failing command

say()  { printf '==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die()  { printf '\nERROR%s: %s\n' "${CURRENT_STEP:+ in step \"$CURRENT_STEP\"}" "$*" >&2; exit 1; }

# step NAME [FIX]: announce a step; FIX is printed if anything in it fails.
step() { CURRENT_STEP=$1; CURRENT_FIX=${2:-}; say "$1"; }

on_err() {
    local rc=$1 line=$2 cmd=$3
    {
        printf '\nFAILED (exit %s) in step: %s\n' "$rc" "${CURRENT_STEP:-startup}"
        if [[ -n $FAILED_CMD ]]; then
            printf '  command: %s\n' "$FAILED_CMD"
        else
            printf '  command (line %s): %s\n' "$line" "$cmd"
        fi
        [[ -n $CURRENT_FIX ]] && printf '  how to fix: %s\n' "$CURRENT_FIX"
        # A full disk shows up as a compiler or Postgres error far up the log; say it last.
        local free
        free=$(disk_free_mib "${CARGO_TARGET_DIR:-${KAKEIBO_ROOT:-.}}")
        if [[ -n $free && $free -lt 2048 ]]; then
            printf '  the disk is nearly full: %s MiB free where the build writes; free space (e.g. cargo clean) and run again\n' "$free"
        fi
    } >&2
}

# disk_free_mib PATH: MiB available on PATH's file system (nearest existing parent); empty if unknown.
disk_free_mib() {
    local path=$1
    while [[ ! -e $path && $path != / ]]; do path=$(dirname "$path"); done
    df -Pm "$path" 2>/dev/null | awk 'NR == 2 { print $4 }'
}

# Install the ERR trap (errtrace so it also fires inside functions).
enable_err_trap() {
    set -E
    trap 'on_err $? $LINENO "$BASH_COMMAND"' ERR
}

# ------------------------------------------------------------- privileges ---

# initdb/postgres refuse to run as root: as root, use the postgres system user;
# as an ordinary user, the cluster simply belongs to that user.
as_pg() {
    if [[ $EUID -eq 0 ]]; then
        # cd / : the caller's cwd (e.g. /root) may be unreadable for postgres.
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        die "need root for: $* (run as root or install sudo)"
    fi
}

# OS user running the server, and owner of what it writes (data dir, socket dir, log).
pg_os_user() { if [[ $EUID -eq 0 ]]; then echo postgres; else id -un; fi; }
pg_owner() { if [[ $EUID -eq 0 ]]; then echo postgres:postgres; else id -un; fi; }

# ------------------------------------------------------------ the cluster ---

# Binaries of the cluster's own major version (Debian layout).
cluster_major() { [[ -s $PGDATA/PG_VERSION ]] && cat "$PGDATA/PG_VERSION"; }
pg_bin_for() { echo "/usr/lib/postgresql/$1/bin"; }

# Port written into the cluster's config (the cluster's truth), if any.
configured_port() {
    local conf="$PGDATA/$PG_CONF_NAME"
    [[ -r $conf ]] || return 1
    sed -n 's/^port *= *\([0-9]\+\).*/\1/p' "$conf" | head -n1
}

valid_port() { [[ $1 =~ ^[0-9]+$ ]] && ((1024 <= $1 && $1 <= 65535)); }

# Prints the PID of this project's postmaster if it runs. A PID file alone is not
# proof: after a container restart the PID may belong to another process, so we
# also check that the process's cwd is our data directory (postgres chdirs there).
pg_pid() {
    local pidfile="$PGDATA/postmaster.pid" pid
    [[ -r $pidfile ]] || return 1
    pid=$(head -n1 "$pidfile")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    [[ $(readlink "/proc/$pid/cwd" 2>/dev/null) == "$PGDATA" ]] || return 1
    echo "$pid"
}

# Port the running postmaster actually listens on (line 4 of postmaster.pid).
running_port() { sed -n 4p "$PGDATA/postmaster.pid" 2>/dev/null; }

# True if something accepts TCP connections on 127.0.0.1:$1.
port_in_use() { (: >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port_busy_message() {
    local port=$1 who=""
    command -v ss >/dev/null && who=$(ss -Hltnp "sport = :$port" 2>/dev/null | head -n3)
    printf 'Port %s on 127.0.0.1 is already used by another process.\n' "$port"
    [[ -n $who ]] && printf '  %s\n' "$who"
    printf '  Pick a free port for this project, e.g.:  KAKEIBO_PG_PORT=%s bash deploy/local/setup.sh\n' "$((port + 1))"
    printf '  (setup.sh remembers the port in the cluster config; pg.sh then uses it.)'
}

# Our settings live in kakeibo.conf, rewritten on every run (postgresql.conf includes it).
# Expects PG_PORT and PG_RUN_DIR; clusters.sh gives its clusters the same.
render_pg_conf() {
    cat <<EOF
# Written by deploy/local/setup.sh on every run; edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_RUN_DIR'
shared_preload_libraries = 'timescaledb'
timescaledb.telemetry_level = off
# Behave as the Apache build everywhere, even where a TSL build is installed.
timescaledb.license = 'apache'

# Small dev box: 2 cores, a few GB of RAM; durability left on (fsync).
max_connections = 200                 # tests open a pool per test database
shared_buffers = 256MB
effective_cache_size = 1GB
work_mem = 8MB
maintenance_work_mem = 256MB          # HNSW index builds
max_wal_size = 2GB                    # bulk COPY imports without checkpoint storms
# TimescaleDB runs a scheduler per database that has the extension; tests create
# many databases, so leave room beyond the default of 8 worker processes.
max_worker_processes = 32
timescaledb.max_background_workers = 16
EOF
}

# Start the cluster unless it already runs. Expects PG_BIN and PG_PORT.
pg_start() {
    pg_pid >/dev/null && return 0
    # Not running: any postmaster.pid / socket lock left is stale (crash, reboot).
    rm -f "$PGDATA/postmaster.pid" "$PG_RUN_DIR/.s.PGSQL.$PG_PORT" "$PG_RUN_DIR/.s.PGSQL.$PG_PORT.lock"
    port_in_use "$PG_PORT" && die "$(port_busy_message "$PG_PORT")"
    prepare_runtime_dirs
    # 9>&- : the postmaster must not inherit setup.sh's lock (fd 9) and hold it forever.
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PG_LOG" -w -t 90 -s start 9>&-; then
        printf '\n--- last lines of %s ---\n' "$PG_LOG" >&2
        tail -n 25 "$PG_LOG" >&2 || true
        die "PostgreSQL did not start (data dir $PGDATA); see $PG_LOG"
    fi
}

pg_stop() {
    pg_pid >/dev/null || return 0
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 90 -s stop
}

# Socket dir and log file must be writable by the server's user.
prepare_runtime_dirs() {
    mkdir -p "$PG_RUN_DIR"
    touch "$PG_LOG"
    chown "$(pg_owner)" "$PG_RUN_DIR" "$PG_LOG"
    chmod 755 "$PG_RUN_DIR"
    chmod 640 "$PG_LOG"
}

# psql as the postgres superuser over the socket (peer auth); for administration.
pg_admin_psql() {
    as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_RUN_DIR" -p "$PG_PORT" -U postgres "$@"
}

# psql as the app role over TCP with the password, exactly as the app connects.
pg_app_psql() {
    PGPASSWORD="$(cat "$PG_PASSWORD_FILE")" \
        "$PG_BIN/psql" -X -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" "$@"
}

# --------------------------------------------------------------- packages ---

version_ge() { [[ $(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1) == "$2" ]]; }

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

# apt_install PKG[=VERSION]...: installs what is missing. A =VERSION is a preference:
# it is dropped (newest wins) when apt no longer offers that version.
APT_UPDATED=0
apt_install() {
    local missing=() p
    for p in "$@"; do pkg_installed "${p%%=*}" || missing+=("$p"); done
    ((${#missing[@]})) || return 0
    command -v apt-get >/dev/null || die "missing packages (${missing[*]%%=*}) and no apt-get: this script supports Debian/Ubuntu only"
    if ((!APT_UPDATED)); then
        as_root apt-get update -qq
        APT_UPDATED=1
    fi
    local i
    for i in "${!missing[@]}"; do
        p=${missing[i]}
        [[ $p == *=* ]] || continue
        apt-cache madison "${p%%=*}" | awk -F' [|] ' '{print $2}' | grep -qxF "${p#*=}" || missing[i]=${p%%=*}
    done
    info "installing: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Run a noisy command with its output in a log file; on failure show the tail.
run_logged() {
    local log=$1; shift
    if ! "$@" >>"$log" 2>&1; then
        printf '\n--- last lines of %s ---\n' "$log" >&2
        tail -n 30 "$log" >&2
        FAILED_CMD="$*"
        return 1
    fi
}

# ---------------------------------------------------------- rust toolchain ---

# Oldest Rust that builds the workspace (edition 2024 and the locked dependencies).
MIN_RUST_VERSION=1.94.0

# Puts a recent enough cargo on PATH: the one installed, else rustup's in ~/.cargo,
# else installs rustup (from static.rust-lang.org) with a minimal stable toolchain.
ensure_rust() {
    [[ -x $HOME/.cargo/bin/cargo ]] && export PATH="$HOME/.cargo/bin:$PATH"
    apt_install build-essential pkg-config curl ca-certificates
    local have=""
    command -v cargo >/dev/null && have=$(rustc --version 2>/dev/null | awk '{print $2}')
    if [[ -n $have ]] && version_ge "$have" "$MIN_RUST_VERSION"; then
        info "Rust $have"
        return 0
    fi
    if [[ -n $have ]] && command -v rustup >/dev/null; then
        info "Rust $have is older than $MIN_RUST_VERSION; updating the stable toolchain"
        rustup toolchain install stable --profile minimal
        rustup default stable
    elif [[ -n $have ]]; then
        die "Rust $have is older than $MIN_RUST_VERSION and was not installed by rustup (remove the distro's rustc/cargo packages, then run this again)"
    else
        info "installing Rust (rustup, stable, minimal profile) into ~/.cargo"
        curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --no-modify-path >/dev/null
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    info "Rust $(rustc --version | awk '{print $2}')"
}
