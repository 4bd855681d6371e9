"""Greps logs for the secrets a run was configured with (issue 25 §5: "the logs from the
fault and load runs are grepped"). For the scripts that run Kakeibo and keep its logs:

    check_logs_for_secrets.py [--config kakeibo.toml] [--also NAME=VALUE]... LOG...

The secrets are the secret settings (the same list as services/core/src/secret_files.rs),
from the config file, then `KAKEIBO_…` variables and their `_FILE` forms, as Kakeibo reads
them; a URL's password is looked for on its own as well. `--also` adds values the run made
(a user's password, a token). Exits 1 naming the log, line and setting, never the value.
"""

import argparse
import os
import sys
import tomllib
from urllib.parse import urlsplit

SECRET_SETTINGS = [
    "database.url", "database.replica_url", "email.smtp_url", "bank.plaid.secret",
    "bank.gocardless.secret_key", "llm.api_key", "telegram.bot_token", "telegram.webhook_secret",
]
# Shorter values would match by chance (and no real key is this short).
MIN_LEN = 6


def configured(config_path):
    config = {}
    if config_path:
        with open(config_path, "rb") as f:
            config = tomllib.load(f)
    values = {}
    for key in SECRET_SETTINGS:
        node = config
        for part in key.split("."):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        value = node if isinstance(node, str) else ""
        variable = "KAKEIBO_" + key.replace(".", "__").upper()
        value = os.environ.get(variable, value)
        if os.environ.get(variable + "_FILE"):
            with open(os.environ[variable + "_FILE"]) as f:
                value = f.read().removesuffix("\n")
        values[key] = value
    return values


def needles(values):
    found = []
    for key, value in values.items():
        if len(value) >= MIN_LEN:
            found.append((key, value))
        if "://" in value:
            password = urlsplit(value).password or ""
            if len(password) >= MIN_LEN:
                found.append((key + " (its password)", password))
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config")
    parser.add_argument("--also", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("logs", nargs="+")
    args = parser.parse_args()
    wanted = needles(configured(args.config))
    wanted += [tuple(a.split("=", 1)) for a in args.also if len(a.split("=", 1)[-1]) >= MIN_LEN]
    hits = 0
    for log in args.logs:
        with open(log, errors="replace") as f:
            for number, line in enumerate(f, 1):
                for name, value in wanted:
                    if value in line:
                        hits += 1
                        print(f"  {log}:{number}: the value of {name}")
    print(f"secrets in logs: {len(wanted)} values looked for in {len(args.logs)} logs, {hits} found")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
