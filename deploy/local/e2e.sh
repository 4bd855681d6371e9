#!/usr/bin/env bash
# The dashboard's own checks, run by test.sh after the Rust tests: the generated API types
# match frontend/openapi.json, TypeScript and ESLint pass, and Playwright drives Debian's
# Chromium through the pages of a real `kakeibo all` on its own database with the demo
# user. Arguments go to `playwright test` (e.g. `e2e.sh e2e/overview.spec.ts`).
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/local/frontend.sh
source "$(dirname "${BASH_SOURCE[0]}")/frontend.sh"
enable_err_trap

step "Node.js and the dashboard's packages"
ensure_node
frontend_dependencies
frontend_build

step "API types are generated from frontend/openapi.json" "run: cd frontend && npm run gen:api, and commit src/api/schema.d.ts"
generated=$(mktemp --suffix=.d.ts)
(cd "$FRONTEND_DIR" && npx --no-install openapi-typescript openapi.json -o "$generated" >/dev/null)
if ! diff -q "$FRONTEND_DIR/src/api/schema.d.ts" "$generated" >/dev/null; then
    { diff -u "$FRONTEND_DIR/src/api/schema.d.ts" "$generated" || true; } | head -n 40 >&2
    rm -f "$generated"
    die "src/api/schema.d.ts is not what openapi.json generates"
fi
rm -f "$generated"

step "TypeScript and ESLint" "the errors are listed above"
npm --prefix "$FRONTEND_DIR" run --silent typecheck
npm --prefix "$FRONTEND_DIR" run --silent lint

step "Chromium (Debian's package) for Playwright"
apt_install chromium fonts-dejavu-core
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium is missing after installing the chromium package"

step "Building kakeibo" "read the compiler error above"
(cd "$KAKEIBO_ROOT" && cargo build --quiet --bin kakeibo)
APP_BIN="${CARGO_TARGET_DIR:-$KAKEIBO_ROOT/target}/debug/kakeibo"

# shellcheck source=/dev/null
source "$ENV_FILE"
PG_BIN=$(pg_bin_for "$(cluster_major)")
PG_PORT=$(configured_port)
# Its own database; KAKEIBO_E2E_DB lets two runs share the cluster without clashing.
E2E_DB="${KAKEIBO_E2E_DB:-kakeibo_e2e}"
[[ $E2E_DB =~ ^[a-z_][a-z0-9_]*$ ]] || die "KAKEIBO_E2E_DB must be a plain lowercase name, not '$E2E_DB'"
# Not a setting of kakeibo's, which refuses unknown KAKEIBO_ variables.
unset KAKEIBO_E2E_DB
E2E_DIR="$DATA_DIR/e2e"
step "A fresh database ($E2E_DB) with the demo user"
pg_app_psql -qc "DROP DATABASE IF EXISTS $E2E_DB WITH (FORCE)"
pg_app_psql -qc "CREATE DATABASE $E2E_DB"
rm -rf "$E2E_DIR"
mkdir -p "$E2E_DIR/outbox"
export KAKEIBO_DATABASE__URL="${KAKEIBO_DATABASE__URL%/*}/$E2E_DB"
export KAKEIBO_EMAIL__OUTBOX_DIR="$E2E_DIR/outbox"
export KAKEIBO_PRIVACY__EXPORTS_DIR="$E2E_DIR/exports"
# The demo user, and one user of their own for the specs that change data (budgets, banks
# and settings; reports and rules; insights, which switches its language), each with the demo
# bank's history; askchat@ is the chat panel's (its questions count against a per-user limit);
# summary@ is the e-mail summary settings'.
for email in demo@kakeibo.local bg@kakeibo.local rp@kakeibo.local in@kakeibo.local askchat@kakeibo.local fe21@kakeibo.local summary@kakeibo.local; do
    "$APP_BIN" demo --email "$email" --password "kakeibo demo" >>"$E2E_DIR/demo.log" 2>&1 ||
        { tail -n 20 "$E2E_DIR/demo.log" >&2; die "kakeibo demo --email $email failed"; }
done

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
step "Starting kakeibo all on port $PORT" "see $E2E_DIR/kakeibo.log"
# A chat model that counts as external (consent required), so Settings → Privacy offers the
# consent switch. Nothing reaches it: no e2e user consents except privacy.spec.ts's, which
# has no data to send, and without consent every path is the offline one (ConfiguredChat::
# for_user). Port 9 (discard) refuses connections, should anything try.
KAKEIBO_LLM__BASE_URL=http://127.0.0.1:9/v1 KAKEIBO_LLM__CHAT_MODEL=e2e-external KAKEIBO_LLM__CONSENT=required \
    KAKEIBO_SERVER__PORT=$PORT setsid "$APP_BIN" all >"$E2E_DIR/kakeibo.log" 2>&1 </dev/null &
APP_PID=$!
stop_server() { kill -TERM "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true; }
trap stop_server EXIT
for _ in $(seq 1 300); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/ready" && break
    kill -0 "$APP_PID" 2>/dev/null || { tail -n 20 "$E2E_DIR/kakeibo.log" >&2; die "kakeibo exited"; }
    sleep 0.2
done

step "Playwright (Debian's Chromium) against http://localhost:$PORT" "the failing test and its trace are above; screenshots in frontend/test-results"
# The specs read mails from the outbox, make more users with this binary, and reach the
# database (KAKEIBO_DATABASE__URL, above) with psql where no endpoint can set the scene.
export KAKEIBO_URL="http://localhost:$PORT" KAKEIBO_BIN="$APP_BIN" OUTBOX_DIR="$E2E_DIR/outbox"
(cd "$FRONTEND_DIR" && npm run --silent test:e2e -- "$@")
