"""The secret scan of the tracked files (issue 25 §5), run by deploy/check-supply-chain.sh
with the detect-secrets venv's Python:

    check_secrets.py ALLOWLIST FILE...

1. No tracked file is a key file by its name or place (`.data/`, `*.pem`, `*.keys`, `.env`):
   detect-secrets does not flag a file of base64 AES keys, and a run from a subfolder once
   left `frontend/.data/keys/` in a commit.
2. detect-secrets (every plugin, default filters) over the files; each finding must match an
   entry of ALLOWLIST (deploy/secrets-allowlist.toml), which says why it is no secret.
Findings are printed by file, line and detector, never with the value.
"""

import fnmatch
import re
import sys
import tomllib

from detect_secrets import SecretsCollection
from detect_secrets.settings import default_settings

# Tracked files that hold keys by their nature, whatever their content looks like.
KEY_FILE = re.compile(r"(^|/)(\.data/|\.env$|[^/]*\.(pem|key|keys|p12|pfx)$|id_(rsa|ed25519)$)")


def load_allowlist(path):
    with open(path, "rb") as f:
        config = tomllib.load(f)
    allow = [(glob, kind, digest, g["reason"]) for g in config["allow"] for glob, kind, digest in g["entries"]]
    skip = [glob for g in config.get("skip", []) for glob in g["paths"]]
    return allow, skip


def allowed(allowlist, filename, kind, hashed):
    for glob, want_kind, digest, _ in allowlist:
        if want_kind == kind and fnmatch.fnmatch(filename, glob) and hashed.startswith(digest):
            return True
    return False


def main(argv):
    allowlist, skip = load_allowlist(argv[1])
    key_files = [f for f in argv[2:] if KEY_FILE.search(f)]
    files = [f for f in argv[2:] if not any(fnmatch.fnmatch(f, glob) for glob in skip)]
    for f in key_files:
        print(f"  {f}: a key file is tracked (remove it with git rm --cached; keys live in .data/)")

    secrets = SecretsCollection()
    with default_settings():
        secrets.scan_files(*files)
    found = [(filename, s) for filename, s in secrets]
    new = [(f, s) for f, s in found if not allowed(allowlist, f, s.type, s.secret_hash)]
    for filename, s in sorted(new, key=lambda x: (x[0], x[1].line_number or 0)):
        print(f"  {filename}:{s.line_number}: {s.type} (hash {s.secret_hash[:12]})")
    used = {(g, k, d) for g, k, d, _ in allowlist
            if any(k == s.type and fnmatch.fnmatch(f, g) and s.secret_hash.startswith(d) for f, s in found)}
    stale = [(g, k, d) for g, k, d, _ in allowlist if (g, k, d) not in used]
    for glob, kind, digest in stale:
        print(f"  note: allow-list entry {glob} {kind} {digest} matched nothing (remove it)")
    print(f"secret scan: {len(files)} files ({len(argv) - 2 - len(files)} skipped), {len(found)} findings, {len(found) - len(new)} allowed "
          f"with a reason, {len(new)} new, {len(key_files)} key files")
    if new:
        print("A new finding is a secret to remove (and rotate), or a false positive to add to "
              f"{argv[1]} with its reason.")
    return 1 if new or key_files else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
