"""What can be checked of the dashboard's npm dependencies without the registry's audit
endpoint (issue 25 §5; run by deploy/check-supply-chain.sh):

    check_npm_lock.py frontend/package-lock.json

- sources: every package comes from the npm registry (the lock omits registry URLs, so a
  `resolved` at all means git, a URL or a path) with a sha512 integrity, which npm ci
  checks each tarball against (packages bundled inside another are covered by its hash);
- licenses: every package the built dashboard ships (not dev-only) has a license on the
  list below, each compatible with the AGPL-3.0-or-later Kakeibo is under.
"""

import json
import sys

REGISTRY = "https://registry.npmjs.org/"
# Permissive licenses, and two weak copyleft ones compatible with the AGPL: MPL-2.0 (per
# file) and LGPL-3.0-or-later (sharp's prebuilt libvips, which next uses at build time; the
# dashboard is a static export, so none of it ships). CC-BY-4.0: caniuse-lite's browser
# data, read by the build's browserslist (attribution only).
ALLOWED_LICENSES = {
    "MIT", "ISC", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "0BSD", "MPL-2.0",
    "CC0-1.0", "BlueOak-1.0.0", "Unlicense", "LGPL-3.0-or-later", "CC-BY-4.0",
}


def license_ok(expression):
    # `(MIT OR Apache-2.0)`: one allowed choice is enough; `A AND B` needs both.
    text = (expression or "").strip("() ")
    if " OR " in text:
        return any(license_ok(part) for part in text.split(" OR "))
    return bool(text) and all(part.strip("() ") in ALLOWED_LICENSES for part in text.split(" AND "))


def main(path):
    with open(path) as f:
        packages = json.load(f)["packages"]
    problems, shipped = [], 0
    for where, meta in packages.items():
        if not where or meta.get("link"):
            continue  # the dashboard itself
        name = where.rsplit("node_modules/", 1)[-1]
        resolved, integrity = meta.get("resolved", REGISTRY), meta.get("integrity", "")
        if not resolved.startswith(REGISTRY):
            problems.append(f"{name}: from {resolved}, not the registry")
        if not integrity.startswith("sha512-") and not meta.get("inBundle"):
            problems.append(f"{name}: no sha512 integrity in the lock")
        if not meta.get("dev") and not meta.get("devOptional"):
            shipped += 1
            if not license_ok(meta.get("license")):
                problems.append(f"{name}@{meta.get('version')}: license {meta.get('license')!r} not allowed")
    for p in problems:
        print(f"  {p}")
    print(f"npm lock: {len(packages) - 1} packages, sources and sha512 checked; "
          f"{shipped} not dev-only, licenses checked; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
