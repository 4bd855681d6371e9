#!/usr/bin/env bash
# Writes the secrets compose.yaml reads, once: deploy/compose/secrets/{db_password,
# database_url, token_signing_key.pem, credential_keys}. An existing file is kept, so this
# can run again safely; delete a file to make a new one (a new key file makes stored bank
# credentials and sessions unreadable: back them up with the database).
# Optional: TELEGRAM_BOT_TOKEN=... writes secrets/telegram_bot_token for `--profile telegram`.
set -euo pipefail

dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets"
mkdir -p "$dir"
# The directory keeps other host users out; the files themselves must be readable by the
# container's unprivileged user (uid 65532), as Compose bind-mounts them unchanged.
chmod 700 "$dir"
umask 022

write() { # name, content
    if [[ -s $dir/$1 ]]; then echo "kept    secrets/$1"; return; fi
    printf '%s\n' "$2" >"$dir/$1"
    chmod 644 "$dir/$1"
    echo "wrote   secrets/$1"
}

random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

if [[ -s $dir/db_password ]]; then password=$(cat "$dir/db_password"); else password=$(random_hex 24); fi
write db_password "$password"
write database_url "postgres://kakeibo:$password@db:5432/kakeibo"
if [[ ! -s $dir/token_signing_key.pem ]]; then
    command -v openssl >/dev/null || { echo "openssl is needed for the Ed25519 signing key" >&2; exit 1; }
    write token_signing_key.pem "$(openssl genpkey -algorithm ed25519)"
else
    echo "kept    secrets/token_signing_key.pem"
fi
# `key-id base64-key`, the format `kakeibo rotate-key` appends to.
write credential_keys "k$(date -u +%Y%m%d%H%M%S)-$(random_hex 3) $(head -c 32 /dev/urandom | base64)"
if [[ -n ${TELEGRAM_BOT_TOKEN:-} ]]; then write telegram_bot_token "$TELEGRAM_BOT_TOKEN"; fi
