#!/usr/bin/env bash
# Property tests of the whole API (issue 25 §4): schemathesis generates JSON bodies, query
# strings and path parameters from the served OpenAPI document, valid and invalid, and sends
# them as a registered user to a debug build of `kakeibo serve` on its own scratch database.
# Fails on any 5xx answer, on a panic in the server's log, and on schemathesis' own errors.
# Prints the inputs tried per operation.
#
#   deploy/check-api-fuzz.sh [SECONDS]     time budget, default 100 (the test command's run)
#   API_FUZZ_EXAMPLES=200 deploy/check-api-fuzz.sh 1800    a long run (docs/reliability.md)
#
# Needs: the private cluster (deploy/local/setup.sh), a debug build of the `kakeibo` binary
# (built here when missing), python3. schemathesis (pinned) installs once into
# .data/tools/schemathesis. The report (per-operation counts, failures, server log) stays in
# .data/api-fuzz/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUDGET=${1:-100}
EXAMPLES=${API_FUZZ_EXAMPLES:-25}
SCHEMATHESIS_VERSION=4.32.5
TOOLS="$ROOT/.data/tools/schemathesis"
OUT="$ROOT/.data/api-fuzz"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/kakeibo"

say() { printf '==> %s\n' "$*"; }
die() { printf 'check-api-fuzz: %s\n' "$*" >&2; exit 1; }

if [[ -z ${KAKEIBO_DATABASE__URL:-} ]]; then
    [[ -f $ROOT/.data/env ]] || die "no KAKEIBO_DATABASE__URL and no .data/env: run deploy/local/setup.sh"
    # shellcheck source=/dev/null
    source "$ROOT/.data/env"
fi
CLUSTER_URL=$KAKEIBO_DATABASE__URL

# Python 3.11 crashes in schemathesis' coverage phase ("SystemError: AST constructor
# recursion depth mismatch", a CPython bug); a newer one is taken when the machine has it.
PYTHON=python3
for candidate in python3.13 python3.12 "env PYENV_VERSION=3.13.0 python3" "env PYENV_VERSION=3.12.1 python3"; do
    if $candidate -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then
        PYTHON=$candidate
        break
    fi
done
install=false
[[ -x $TOOLS/bin/schemathesis ]] && [[ $("$TOOLS/bin/schemathesis" --version) == *"$SCHEMATHESIS_VERSION"* ]] || install=true
if [[ $PYTHON != python3 ]] && ! "$TOOLS/bin/python" -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then
    install=true
fi
if $install; then
    say "Installing schemathesis $SCHEMATHESIS_VERSION into $TOOLS (once, with $($PYTHON --version))"
    rm -rf "$TOOLS"
    $PYTHON -m venv "$TOOLS"
    "$TOOLS/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
if [[ ! -x $BIN ]]; then
    say "Building the debug kakeibo binary"
    # --workspace: the features the test run built with, so nothing is compiled twice.
    (cd "$ROOT" && cargo build -q --workspace --bin kakeibo)
fi

rm -rf "$OUT" && mkdir -p "$OUT"
DB="kakeibo_apifuzz_$$"
DB_URL=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(p._replace(path="/" + sys.argv[2]).geturl())' "$CLUSTER_URL" "$DB")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
SERVER_PID=
cleanup() {
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    psql -X -q "$CLUSTER_URL" -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

say "Scratch database $DB, kakeibo serve on $BASE"
psql -X -q -v ON_ERROR_STOP=1 "$CLUSTER_URL" -c "CREATE DATABASE \"$DB\"" >/dev/null
KAKEIBO_DATABASE__URL=$DB_URL KAKEIBO_DATABASE__MIGRATE_ON_START=true \
    KAKEIBO_SERVER__PORT=$PORT KAKEIBO_SERVER__HOST=127.0.0.1 \
    KAKEIBO_AUTH__ACCESS_TOKEN_TTL_SECS=3600 KAKEIBO_LOG__FORMAT=json \
    bash -c 'cd "$1" && exec "$2" serve' _ "$OUT" "$BIN" >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
    curl -fs -o /dev/null --max-time 2 "$BASE/ready" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$OUT/server.log" >&2; die "the server exited at start"; }
    sleep 0.2
done
curl -fs -o /dev/null "$BASE/ready" || die "the server did not get ready; see $OUT/server.log"

# A registered user; a second one gives the fuzzer an id that is not the caller's.
register() {
    curl -fs -X POST "$BASE/api/v1/auth/register" -H 'content-type: application/json' \
        -d "{\"email\": \"$1\", \"password\": \"fuzzing passphrase $$ long enough\"}"
}
TOKEN=$(register "fuzz-$$@example.com" | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
[[ -n $TOKEN ]] || die "could not register the fuzzing user"

say "schemathesis: ${BUDGET}s, at most $EXAMPLES examples per operation and phase"
# Operations that end the caller's session or account are left out: after them every
# request would be a 401 and test nothing. Each is covered by its own tests.
set +e
# From $OUT: schemathesis keeps its cache (.schemathesis/) in the working directory.
cd "$OUT"
"$TOOLS/bin/schemathesis" run "$BASE/api/v1/openapi.json" --url "$BASE" \
    -H "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error \
    --phases examples,coverage,fuzzing \
    --max-examples "$EXAMPLES" --max-time "$BUDGET" --workers 2 --seed 25 \
    --request-timeout 30 --suppress-health-check all --no-color \
    --exclude-operation-id logout --exclude-operation-id revoke_all \
    --exclude-operation-id revoke_session --exclude-operation-id delete_account \
    --exclude-operation-id change_password \
    --report ndjson,junit --report-dir "$OUT" >"$OUT/schemathesis.txt" 2>&1
status=$?
set -e
tail -25 "$OUT/schemathesis.txt"

python3 - "$OUT" <<'PY'
import collections, glob, json, sys
out = sys.argv[1]
tried = collections.Counter()
errors = collections.Counter()
for path in glob.glob(f"{out}/*.ndjson"):
    for line in open(path):
        event = json.loads(line)
        for kind, body in event.items():
            recorder = body.get("recorder") if isinstance(body, dict) else None
            if not recorder:
                continue
            label = recorder.get("label", "?")
            for interaction in recorder.get("interactions", {}).values():
                tried[label] += 1
                status = (interaction.get("response") or {}).get("status_code")
                if status and status >= 500:
                    errors[label] += 1
with open(f"{out}/per-operation.tsv", "w") as f:
    for label, n in sorted(tried.items()):
        f.write(f"{label}\t{n}\t{errors[label]}\n")
print(f"{sum(tried.values())} requests over {len(tried)} operations; 5xx: {sum(errors.values())}")
print("fewest inputs:", ", ".join(f"{l} {n}" for l, n in sorted(tried.items(), key=lambda x: x[1])[:5]))
PY

panics=$(grep -c '"panicked\|panicked at' "$OUT/server.log" || true)
[[ $panics == 0 ]] || die "$panics panics in the server's log ($OUT/server.log)"
[[ $status == 0 ]] || die "schemathesis found failures (exit $status): $OUT/schemathesis.txt"
say "No 5xx, no panic. Per operation: $OUT/per-operation.tsv"
