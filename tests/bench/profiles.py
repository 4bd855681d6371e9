#!/usr/bin/env python3
"""Release against debug build, in one run (issue 24 §1): what a user waits for.

    python3 tests/bench/profiles.py RELEASE_BIN DEBUG_BIN [ROWS] [ROUNDS]

A scratch database on the dev cluster (`.data/env`) gets the demo user (`kakeibo demo`, two
years of history). Then, in rounds that alternate the builds' order, each build serves the
API on its own port (`kakeibo serve`, no workers: the jobs an import queues wait, so
neither build's figures include the other's background work) and times, through HTTP:
a ROWS-row `Date,Description,Amount` CSV (100,000 by default, over 2025) imported into a
new account, and the dashboard's summary for the current month (median of 20 requests).
Run from the repository root.
"""

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

SCRATCH_DB = "kakeibo_bench_profiles"
DEMO = ("demo@kakeibo.local", "kakeibo demo")
PAYEES = ["REWE", "Lidl", "Shell", "Amazon", "Cafe Noir", "Apotheke"]


def main() -> None:
    release, debug = sys.argv[1], sys.argv[2]
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    base_url = os.environ["KAKEIBO_DATABASE__URL"]
    scratch_url = with_database(base_url, SCRATCH_DB)
    psql(base_url, f'DROP DATABASE IF EXISTS "{SCRATCH_DB}" WITH (FORCE)')
    psql(base_url, f'CREATE DATABASE "{SCRATCH_DB}"')
    env = dict(os.environ, KAKEIBO_DATABASE__URL=scratch_url)
    started = time.monotonic()
    subprocess.run([release, "demo"], env=env, check=True, capture_output=True)
    print(f"demo user seeded in {time.monotonic() - started:.0f} s; {rows} rows per import; "
          f"load average {os.getloadavg()[0]:.1f}")
    csv = csv_file(rows)
    figures = {"release": [], "debug": []}
    try:
        for round_no in range(1, rounds + 1):
            order = [("release", release), ("debug", debug)]
            if round_no % 2 == 0:
                order.reverse()
            for name, binary in order:
                result = measure(binary, env, csv, rows, f"{name} {round_no}")
                figures[name].append(result)
                print(f"round {round_no} {name:>7}: import {result['import_s']:6.2f} s "
                      f"({rows / result['import_s']:7.0f} rows/s) | summary p50 "
                      f"{result['summary_ms']:6.1f} ms | load {os.getloadavg()[0]:.1f}", flush=True)
    finally:
        psql(base_url, f'DROP DATABASE IF EXISTS "{SCRATCH_DB}" WITH (FORCE)')
    for name, results in figures.items():
        imports = statistics.median(r["import_s"] for r in results)
        summaries = statistics.median(r["summary_ms"] for r in results)
        print(f"median {name:>7}: import {imports:.2f} s ({rows / imports:.0f} rows/s), "
              f"summary {summaries:.1f} ms")


def measure(binary: str, env: dict, csv: bytes, rows: int, account_name: str) -> dict:
    port = 18_000 + os.getpid() % 1000
    url = f"http://127.0.0.1:{port}"
    log = open(f".data/bench-profiles-{port}.log", "ab")
    server = subprocess.Popen([binary, "serve"], env=dict(env, KAKEIBO_SERVER__PORT=str(port)),
                              stdout=log, stderr=log)
    try:
        wait_ready(url, server)
        token = request(url, "POST", "/api/v1/auth/login",
                        {"email": DEMO[0], "password": DEMO[1]})["access_token"]
        account = request(url, "POST", "/api/v1/accounts",
                          {"name": account_name, "kind": "checking", "currency": "EUR"}, token)["id"]
        started = time.monotonic()
        report = upload(url, token, account, csv)
        took = time.monotonic() - started
        if report.get("rows_added") != rows:
            raise SystemExit(f"the import added {report.get('rows_added')} rows, not {rows}")
        timings = []
        for _ in range(20):
            started = time.monotonic()
            request(url, "GET", "/api/v1/analytics/summary", None, token)
            timings.append((time.monotonic() - started) * 1000)
        return {"import_s": took, "summary_ms": statistics.median(timings)}
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def wait_ready(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"kakeibo serve exited with {server.returncode}; see .data/bench-profiles-*.log")
        try:
            with urllib.request.urlopen(f"{url}/ready", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise SystemExit(f"{url}/ready did not answer within 60 s")


def request(url: str, method: str, path: str, body, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url + path, data=data, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=120) as answer:
        return json.loads(answer.read() or b"{}")


def upload(url: str, token: str, account: str, csv: bytes) -> dict:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"account_id\"\r\n\r\n"
            f"{account}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"statement.csv\"\r\nContent-Type: text/csv\r\n\r\n").encode()
    body += csv + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(f"{url}/api/v1/imports", data=body, method="POST", headers={
        "Authorization": f"Bearer {token}",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    })
    with urllib.request.urlopen(req, timeout=600) as answer:
        return json.loads(answer.read())


def csv_file(rows: int) -> bytes:
    """The rows of bench-import-api: across 2025, several a day, amounts from a small set."""
    lines = ["Date,Description,Amount"]
    start = time.mktime((2025, 1, 1, 12, 0, 0, 0, 0, -1))
    for i in range(rows):
        day = time.strftime("%Y-%m-%d", time.localtime(start + (i * 365 // rows) * 86400))
        cents = i * 7919 % 20_000 + 100  # spent: written negative
        lines.append(f"{day},{PAYEES[i % 6]} card payment {i},-{cents // 100}.{cents % 100:02d}")
    return ("\n".join(lines) + "\n").encode()


def with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def psql(url: str, sql: str) -> None:
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", with_database(url, "postgres"), "-c", sql],
                   check=True)


if __name__ == "__main__":
    main()
