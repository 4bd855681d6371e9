"""The fault cases of issue 25 §1, run by deploy/local/chaos.sh (which builds the binaries,
makes a throwaway database cluster and passes everything through the environment).

Each case runs the real `kakeibo all` (or `kakeibo worker`) against that cluster, hurts it
(kill -9, a Postgres restart, a second process, a full or read-only outbox, a skewed clock),
lets it recover, and then counts, against the source (the uploaded file, the demo bank's
own rows, the job queue): rows lost and rows duplicated. A case fails when either is not 0,
when a job did not complete, or when /ready said the wrong thing.
"""

import collections
import datetime
import decimal
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import zipfile

import requests

WORK = os.environ["CHAOS_WORK"]
BIN = os.environ["CHAOS_BIN"]
EXPECTED_BIN = os.environ["CHAOS_EXPECTED_BIN"]
PG_BIN = os.environ["CHAOS_PG_BIN"]
PGDATA = os.environ["CHAOS_PGDATA"]
PG_LOG = os.environ["CHAOS_PG_LOG"]
DB_URL = os.environ["KAKEIBO_DATABASE__URL"]
ROWS = int(os.environ.get("CHAOS_ROWS", "100000"))
SEED = int(os.environ.get("CHAOS_SEED", str(random.randrange(1 << 30))))
BASE_PORT = int(os.environ.get("CHAOS_APP_PORT", "18480"))
FAKETIME_LIB = os.environ.get("CHAOS_FAKETIME_LIB", "")
LOGS = os.path.join(WORK, "logs")
PASSWORD = "chaos-run-password-1"  # made up for this run's throwaway users
rng = random.Random(SEED)
ROWS_CAT = 20000  # the categorize cases' file
BASELINE = {"import_secs": 20.0}  # measured by the first case when it runs
results = []  # (case, what was done, lost, duplicated, ok, note)


def say(msg):
    print(f"==> {msg}", flush=True)


def info(msg):
    print(f"    {msg}", flush=True)


# ------------------------------------------------------------------ database ---

_url = urllib.parse.urlsplit(DB_URL)
PG_ENV = dict(os.environ, PGHOST=_url.hostname, PGPORT=str(_url.port), PGUSER=_url.username,
              PGPASSWORD=urllib.parse.unquote(_url.password or ""), PGDATABASE=_url.path.lstrip("/"),
              PGTZ="UTC", PGCONNECT_TIMEOUT="3")


def sql(query, *, retry=True):
    """Rows of a query (psql, tab-separated), as lists of strings."""
    for attempt in range(60 if retry else 1):
        done = subprocess.run([f"{PG_BIN}/psql", "-XAtq", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", query],
                              env=PG_ENV, capture_output=True, text=True)
        if done.returncode == 0:
            return [line.split("\t") for line in done.stdout.splitlines()]
        if not retry or "could not connect" not in done.stderr and "shutting down" not in done.stderr \
                and "starting up" not in done.stderr and "recovery" not in done.stderr:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}")
        time.sleep(0.5)
    raise RuntimeError("the database did not come back within 30 s")


def one(query):
    rows = sql(query)
    return rows[0][0] if rows else None


def pg_ctl(*args):
    cmd = [f"{PG_BIN}/pg_ctl", "-D", PGDATA, "-l", PG_LOG, "-w", "-t", "90", "-s", *args]
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    subprocess.run(cmd, check=True, cwd="/")


# ---------------------------------------------------------------- processes ---

class App:
    """One `kakeibo` process (role `all` unless told), on its own port, logging to LOGS."""

    def __init__(self, name, port, role="all", env=None, faketime=None):
        self.name, self.port, self.role = name, port, role
        self.url = f"http://127.0.0.1:{port}"
        self.env = dict(os.environ, KAKEIBO_SERVER__PORT=str(port), **(env or {}))
        if faketime:
            self.env.update(LD_PRELOAD=FAKETIME_LIB, FAKETIME=faketime, FAKETIME_DONT_FAKE_MONOTONIC="1",
                            FAKETIME_NO_CACHE="1")
        self.proc = None
        self.log = os.path.join(LOGS, f"{name}.log")

    def start(self, wait=True):
        log = open(self.log, "a")
        log.write(f"\n==== started {datetime.datetime.now(datetime.UTC).isoformat()} ====\n")
        log.flush()
        self.proc = subprocess.Popen([BIN, self.role], env=self.env, cwd=WORK, stdout=log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        if wait:
            self.wait_ready()
        return self

    def ready_status(self):
        try:
            return requests.get(self.url + "/ready", timeout=3).status_code
        except requests.RequestException:
            return None

    def wait_ready(self, timeout=180):
        deadline = time.time() + timeout
        while self.ready_status() != 200:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode}); see {self.log}")
            if time.time() > deadline:
                raise RuntimeError(f"{self.name}: /ready not 200 within {timeout} s")
            time.sleep(0.2)

    def kill9(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill9()


# ---------------------------------------------------------------------- API ---

class User:
    def __init__(self, app, email):
        self.email = email
        r = requests.post(app.url + "/api/v1/auth/register", json={"email": email, "password": PASSWORD}, timeout=60)
        assert r.status_code == 201, f"register {email}: {r.status_code} {r.text}"
        body = r.json()
        self.id, self.token = body["user_id"], body["access_token"]

    def call(self, app, method, path, timeout=60, **kw):
        return requests.request(method, app.url + "/api/v1" + path, timeout=timeout,
                                headers={"Authorization": f"Bearer {self.token}"}, **kw)

    def account(self, app, name):
        r = self.call(app, "POST", "/accounts", json={"name": name, "kind": "checking", "currency": "EUR"})
        assert r.status_code == 201, r.text
        return r.json()["id"]


PAYEES = ["REWE", "Lidl", "Shell", "Amazon", "Cafe Noir", "Apotheke"]


def statement(rows):
    """A Date,Description,Amount CSV (the shape of bench-import-api) and its rows. Few distinct
    descriptions, so the categorizer's model has little to embed in a debug build; the
    (date, amount) pairs are unique within any matching window, so every line is its own row."""
    start = datetime.date(2025, 1, 1)
    lines, keys = ["Date,Description,Amount"], []
    for i in range(rows):
        date = start + datetime.timedelta(days=i * 365 // rows)
        cents = -((i * 7919) % 20000) - 100
        amount = decimal.Decimal(cents).scaleb(-2)
        lines.append(f"{date},{PAYEES[i % len(PAYEES)]},{amount}")
        keys.append((str(date), amount, PAYEES[i % len(PAYEES)]))
    return ("\n".join(lines) + "\n").encode(), collections.Counter(keys)


def send_import(app, user, account, data, timeout=600):
    """POST /imports as bench-import-api sends it: the status and rows_added (None when the
    connection broke)."""
    try:
        r = user.call(app, "POST", "/imports", timeout=timeout,
                      files={"file": ("statement.csv", data)}, data={"account_id": account})
    except requests.RequestException as e:
        return None, type(e).__name__
    try:
        return r.status_code, r.json().get("rows_added", r.text[:200])
    except ValueError:
        return r.status_code, r.text[:200]


def import_until_done(app, user, account, data):
    """A client that retries until the server says 201: what it finally got."""
    for _ in range(20):
        status, added = send_import(app, user, account, data)
        if status == 201:
            return added
        info(f"import answered {status} {added}; the client sends the file again")
        time.sleep(1)
    raise RuntimeError("the import never succeeded")


def stored_rows(user, account):
    rows = sql(f"""SELECT (booked_at AT TIME ZONE 'UTC')::date, amount, payee, count(*)
                   FROM transactions WHERE user_id = '{user.id}' AND account_id = '{account}' AND deleted_at IS NULL
                   GROUP BY 1, 2, 3""")
    return collections.Counter({(d, decimal.Decimal(a).normalize(), s): int(n) for d, a, s, n in rows})


def compare(expected, stored):
    """(lost, duplicated) of a multiset of rows against the one it should equal."""
    expected = collections.Counter({(d, a.normalize(), s): n for (d, a, s), n in expected.items()})
    lost = sum((expected - stored).values())
    duplicated = sum((stored - expected).values())
    return lost, duplicated


# --------------------------------------------------------------------- jobs ---

UNFINISHED = """status IN ('Pending', 'Queued', 'Running')
                OR (status = 'Failed' AND attempts < max_attempts)"""


def wait_quiet(timeout=300, what="the job queue"):
    """Waits until no job is waiting, running or failed with attempts left."""
    deadline = time.time() + timeout
    while True:
        left = sql(f"SELECT job_type, status, count(*) FROM apalis.jobs WHERE {UNFINISHED} GROUP BY 1, 2")
        if not left:
            return
        if time.time() > deadline:
            raise RuntimeError(f"{what} did not drain within {timeout} s: {left}")
        time.sleep(0.5)


def dead_jobs():
    return sql("""SELECT job_type, count(*) FROM apalis.jobs
                  WHERE status = 'Killed' OR (status = 'Failed' AND attempts >= max_attempts) GROUP BY 1""")


def wait_running(queue, since_ids, timeout=300):
    """The id of a job on `queue` (not in since_ids) once it runs, or None when one finished
    before we saw it run."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        rows = sql(f"SELECT id, status FROM apalis.jobs WHERE job_type = '{queue}' ORDER BY id")
        for job_id, status in rows:
            if job_id in since_ids:
                continue
            if status == "Running":
                return job_id
            if status == "Done":
                return None
        time.sleep(0.01)
    raise RuntimeError(f"no job ran on {queue} within {timeout} s")


def job_ids(queue):
    return {r[0] for r in sql(f"SELECT id FROM apalis.jobs WHERE job_type = '{queue}'")}


def record(case, done, lost, dup, ok, note=""):
    results.append((case, done, lost, dup, ok and lost == 0 and dup == 0, note))
    verdict = "ok" if results[-1][4] else "FAILED"
    info(f"{case}: lost {lost}, duplicated {dup} -> {verdict} {note}")


# -------------------------------------------------------------------- cases ---

def common_env():
    return {
        "KAKEIBO_LOG__FORMAT": "json",
        "KAKEIBO_WORKER__HEARTBEAT_SECS": "1",
        "KAKEIBO_SERVER__SHUTDOWN_GRACE_SECS": "3",
        "KAKEIBO_AUTH__SECURE_COOKIES": "false",
    }


def case_kill_import(app, data, expected):
    say(f"kill -9 during a {ROWS}-row API import, then the client sends the file again")
    user = User(app, "import-kill@chaos.example")
    warm = user.account(app, "baseline")
    started = time.time()
    added = import_until_done(app, user, warm, data)
    took = time.time() - started
    BASELINE["import_secs"] = took
    info(f"baseline import without faults: {added} rows in {took:.1f} s")
    wait_quiet()
    account = user.account(app, "killed")
    kills = []
    for k in range(3):
        delay = rng.uniform(0.05, 1.1) * took
        box = {}
        t = threading.Thread(target=lambda: box.update(r=send_import(app, user, account, data)))
        t.start()
        time.sleep(delay)
        app.kill9()
        t.join()
        n = int(one(f"SELECT count(*) FROM transactions WHERE account_id = '{account}'"))
        kills.append(f"{delay:.1f}s")
        info(f"kill {k + 1} at {delay:.1f} s: the client got {box['r']}; the account holds {n} rows (all or nothing: {n in (0, ROWS)})")
        app.start()
    added = import_until_done(app, user, account, data)
    again = import_until_done(app, user, account, data)
    info(f"after restart: the re-sent file added {added}, the same file once more {again}")
    lost, dup = compare(expected, stored_rows(user, account))
    record("kill -9 during a 100,000-row API import", f"3 kills at {', '.join(kills)}; restart; file re-sent",
           lost, dup, again == 0)
    return user


def kill_during(app, queue, trigger, label, tries=5, max_delay=1.0):
    """Triggers work, kills the process while a job of `queue` runs (at a random point), restarts
    it, and waits for the queue to drain. Answers (job id, killed mid-job?)."""
    for attempt in range(tries):
        before = job_ids(queue)
        trigger()
        job = wait_running(queue, before)
        if job is None:
            info(f"{label}: the job finished before it was seen running (try {attempt + 1}); again")
            wait_quiet()
            continue
        # Sooner on each try: a job that finished before the kill did not test anything.
        time.sleep(rng.uniform(0, max_delay / 2 ** attempt))
        app.kill9()
        status = one(f"SELECT status FROM apalis.jobs WHERE id = '{job}'")
        info(f"{label}: killed while job {job} was {status}")
        app.start()
        wait_quiet()
        if status == "Running" or attempt == tries - 1:
            return job, status == "Running"
    return None, False


def job_line(job):
    status, attempts, last = sql(f"SELECT status, attempts, coalesce(left(last_result::text, 80), '') FROM apalis.jobs WHERE id = '{job}'")[0]
    return status, int(attempts), last


def demo_rows_check(user, connection=None):
    """(lost, duplicated, extra) of the user's demo-bank rows against the demo bank itself;
    with `connection`, of that connection's accounts only (a second connection to the same
    bank holds the same rows again, by design)."""
    of_connection = f"AND id = '{connection}'" if connection else ""
    in_connection = (f"AND account_id IN (SELECT id FROM accounts WHERE connection_id = '{connection}')"
                     if connection else "")
    last = one(f"SELECT to_char(max(last_synced_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM bank_connections WHERE user_id = '{user.id}' {of_connection}")
    as_of = datetime.datetime.fromisoformat(last.replace("Z", "+00:00"))
    since = (as_of - datetime.timedelta(days=730)).date()

    def shown(at):
        out = subprocess.run([EXPECTED_BIN, user.id, str(since), at.isoformat().replace("+00:00", "Z")],
                             capture_output=True, text=True, check=True).stdout
        return collections.Counter(out.split())

    stored = collections.Counter(r[0] for r in sql(
        f"SELECT provider_transaction_id FROM transactions WHERE user_id = '{user.id}' AND provider_transaction_id IS NOT NULL {in_connection}"))
    early, late = shown(as_of), shown(as_of + datetime.timedelta(minutes=3))
    lost = sum((early - stored).values())
    duplicated = sum(n - 1 for n in stored.values() if n > 1)
    extra = sum((collections.Counter(set(stored)) - late).values())
    return lost, duplicated, extra, sum(early.values())


def case_kill_jobs(app):
    say("kill -9 during a demo-bank sync, a categorize job, a budget check and an export")
    user = User(app, "jobs-kill@chaos.example")
    r = user.call(app, "POST", "/budgets", json={"name": "Everything", "period": "monthly", "amount": "50", "currency": "EUR"})
    assert r.status_code == 201, r.text
    conn = {}

    def connect():
        r = user.call(app, "POST", "/connections", json={"provider": "demo"})
        assert r.status_code == 201, r.text
        conn["id"] = r.json()["connection"]["id"]
        r = user.call(app, "POST", f"/connections/{conn['id']}/complete", json={})
        assert r.status_code == 200, r.text

    # The sync's import queues the categorize job, which queues the budget check: one chain.
    # A try whose sync ended before the kill connects the bank again: the last connection's
    # rows are the ones checked.
    sync_job, mid = kill_during(app, "kakeibo.bank_sync", connect, "demo-bank sync")
    lost, dup, extra, shown = demo_rows_check(user, conn["id"])
    status, attempts, _ = job_line(sync_job)
    syncs = sql(f"SELECT status, count(*) FROM apalis.jobs WHERE job_type = 'kakeibo.bank_sync' GROUP BY 1")
    info(f"demo bank shows {shown} rows; stored: lost {lost}, duplicated {dup}, never shown {extra}; sync jobs {syncs}")
    record("kill -9 during a demo-bank sync", f"killed mid-job: {mid}; the job ended {status} after {attempts} attempts",
           lost, dup + extra, mid and status == "Done")

    def patch_one():
        tid = one(f"SELECT id FROM transactions WHERE user_id = '{user.id}' ORDER BY booked_at DESC LIMIT 1")
        r = user.call(app, "PATCH", f"/transactions/{tid}", json={"notes": f"chaos {time.time()}"})
        assert r.status_code == 200, r.text

    # A new import's categorize job: a fresh account and a small file of its own.
    small, small_rows = statement(20000)
    acct = user.account(app, "categorize")

    def import_small():
        threading.Thread(target=lambda: send_import(app, user, acct, small)).start()

    cat_job, mid = kill_during(app, "kakeibo.categorize", import_small, "categorize", max_delay=1.0)
    uncategorized = int(one(f"SELECT count(*) FROM transactions WHERE user_id = '{user.id}' AND categorized_at IS NULL AND deleted_at IS NULL"))
    status, attempts, _ = job_line(cat_job)
    per_import = sql(f"""SELECT count(*) FROM apalis.jobs WHERE job_type = 'kakeibo.categorize'
                         GROUP BY idempotency_key HAVING count(*) > 1""")
    lost, dup = compare(small_rows, stored_rows(user, acct))
    info(f"categorize: job {status} after {attempts} attempts; rows never categorized {uncategorized}; keys queued twice {len(per_import)}")
    record("kill -9 during a categorize job", f"killed mid-job: {mid}; job {status}, {attempts} attempts; {uncategorized} rows left uncategorized",
           lost + uncategorized, dup + len(per_import), mid and status == "Done")

    budget_job, mid = kill_during(app, "kakeibo.budget_check", patch_one, "budget check", tries=15, max_delay=0.05)
    alerts = sql(f"""SELECT dedupe_key, channel, count(*) FROM notifications WHERE user_id = '{user.id}'
                     GROUP BY 1, 2 HAVING count(*) > 1""")
    n_alerts = one(f"SELECT count(*) FROM notifications WHERE user_id = '{user.id}' AND kind LIKE 'budget%'")
    if budget_job:
        status, attempts, _ = job_line(budget_job)
    else:
        status, attempts = "never caught running", 0
    info(f"budget check: job {status} after {attempts} attempts; budget notifications {n_alerts}; duplicated {len(alerts)}")
    record("kill -9 during a budget check", f"killed mid-job: {mid}; job {status}, {attempts} attempts; {n_alerts} budget alerts",
           0, len(alerts), mid and status == "Done")

    def export():
        r = user.call(app, "POST", "/privacy/export")
        assert r.status_code in (200, 202), r.text

    export_job, mid = kill_during(app, "kakeibo.privacy_export", export, "export", max_delay=0.4)
    exports = sql(f"SELECT id, status FROM privacy_exports WHERE user_id = '{user.id}' ORDER BY created_at DESC")
    status, attempts, _ = job_line(export_job)
    ready = [e for e in exports if e[1] == "ready"]
    # One per channel (in-app, e-mail): a second on one channel would be a duplicate.
    notes = int(one(f"""SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM notifications
                         WHERE user_id = '{user.id}' AND dedupe_key LIKE 'export_ready:%' GROUP BY channel, dedupe_key) c"""))
    stored = int(one(f"SELECT count(*) FROM transactions WHERE user_id = '{user.id}' AND deleted_at IS NULL"))
    in_zip, zip_dups = None, 0
    if ready:
        path = os.path.join(WORK, "exports")
        files = [f for f in os.listdir(path) if ready[0][0] in f]
        with zipfile.ZipFile(os.path.join(path, files[0])) as z:
            records = [json.loads(line) for line in z.read("data.ndjson").decode().splitlines() if line]
        ids = [r.get("id") for r in records if r.get("type") in ("transaction", "transactions")]
        in_zip = len(set(ids))
        zip_dups = len(ids) - len(set(ids))
    info(f"export: {exports}; job {status} after {attempts} attempts; 'ready' notifications {notes}; transactions stored {stored}, in the zip {in_zip}")
    lost = 0 if in_zip is None else max(0, stored - in_zip)
    record("kill -9 during an export", f"killed mid-job: {mid}; export {[e[1] for e in exports]}, job {status}; {notes} ready notice(s) per channel",
           lost if ready else 1, max(0, (in_zip or 0) - stored) + zip_dups + max(0, notes - 1), mid and status == "Done" and len(ready) == len(exports))


def stop_pg_now(mode):
    """What `pg_ctl stop -m mode` does (SIGINT for fast, SIGQUIT for immediate to the
    postmaster), without pg_ctl's own start-up time (tens of milliseconds, longer than a
    budget check): then waits, as `pg_ctl -w` does, until the postmaster is gone."""
    with open(os.path.join(PGDATA, "postmaster.pid")) as f:
        pid = int(f.readline())
    os.kill(pid, signal.SIGINT if mode == "fast" else signal.SIGQUIT)
    deadline = time.time() + 90
    while os.path.exists(f"/proc/{pid}"):
        assert time.time() < deadline, "Postgres did not stop within 90 s"
        time.sleep(0.05)


def restart_pg_during(app, mode, action, wait_for, max_delay=0.5, now=False):
    """Stops the cluster (-m mode) once wait_for() is true, checks /ready meanwhile, starts it.
    `now`: signal the postmaster directly (see stop_pg_now), for work that lasts milliseconds.
    Answers whether /ready said 503 throughout, and the database's clock at the stop."""
    deadline = time.time() + 300
    while not wait_for():
        assert time.time() < deadline, "the work never started"
        time.sleep(0.02)
    time.sleep(rng.uniform(0, max_delay))
    stopped_at = datetime.datetime.now(datetime.UTC)
    if now:
        stop_pg_now(mode)
    else:
        pg_ctl("stop", "-m", mode)
    down = []
    for _ in range(6):
        down.append(app.ready_status())
        time.sleep(0.5)
    pg_ctl("start")
    t0 = time.time()
    app.wait_ready(120)
    info(f"{action}: Postgres stopped -m {mode}; /ready answered {sorted(set(down), key=str)} while down, 200 again {time.time() - t0:.1f} s after start")
    return all(s == 503 for s in down), stopped_at


def case_pg_restart(app, data, expected):
    for mode in ("fast", "immediate"):
        say(f"Postgres restarted (-m {mode}) during an API import, a demo-bank sync and an export")
        user = User(app, f"pg-{mode}@chaos.example")
        account = user.account(app, "import")
        box = {}
        t = threading.Thread(target=lambda: box.update(r=send_import(app, user, account, data)))
        t.start()
        sent = time.time()
        point = rng.uniform(0.1, 0.9) * BASELINE["import_secs"]
        ready_ok, _ = restart_pg_during(app, mode, f"import ({point:.1f} s in)", lambda: time.time() - sent > point)
        t.join()
        info(f"the client got {box['r']}; it sends the file again")
        import_until_done(app, user, account, data)
        again = import_until_done(app, user, account, data)
        lost, dup = compare(expected, stored_rows(user, account))
        record(f"Postgres stop -m {mode} during a 100,000-row API import", f"/ready 503 while down: {ready_ok}; file re-sent",
               lost, dup, ready_ok and again == 0)
        wait_quiet()

        before = job_ids("kakeibo.bank_sync")
        r = user.call(app, "POST", "/connections", json={"provider": "demo"})
        cid = r.json()["connection"]["id"]
        user.call(app, "POST", f"/connections/{cid}/complete", json={})
        seen = {}
        ready_ok, _ = restart_pg_during(app, mode, "demo-bank sync",
                                     lambda: seen.setdefault("job", wait_running("kakeibo.bank_sync", before, 300)) or True)
        wait_quiet()
        sync_state = job_line(seen["job"]) if seen["job"] else ("finished before the stop", 0, "")
        info(f"the sync job: {sync_state}")
        lost, dup, extra, shown = demo_rows_check(user)
        state = one(f"SELECT status || ' ' || coalesce(last_error, '') FROM bank_connections WHERE id = '{cid}'")
        jobs = sql("SELECT status, count(*) FROM apalis.jobs WHERE job_type = 'kakeibo.bank_sync' GROUP BY 1")
        info(f"demo bank shows {shown} rows; connection {state}; sync jobs {jobs}")
        if lost:
            # A sync that failed on the restart is retried by the connection's own backoff, or by hand.
            r = user.call(app, "POST", f"/connections/{cid}/sync")
            info(f"a sync by hand: {r.status_code}")
            wait_quiet()
            lost, dup, extra, shown = demo_rows_check(user)
        record(f"Postgres stop -m {mode} during a demo-bank sync", f"/ready 503 while down: {ready_ok}; sync job {sync_state[0]} after {sync_state[1]} attempts; connection {state.strip()}",
               lost, dup + extra, ready_ok)

        before = job_ids("kakeibo.privacy_export")
        user.call(app, "POST", "/privacy/export")
        seen = {}
        ready_ok, _ = restart_pg_during(app, mode, "export",
                                     lambda: seen.setdefault("job", wait_running("kakeibo.privacy_export", before)) or True)
        wait_quiet()
        export_state = job_line(seen["job"]) if seen["job"] else ("finished before the stop", 0, "")
        info(f"the export job: {export_state}")
        exports = [r[0] for r in sql(f"SELECT status FROM privacy_exports WHERE user_id = '{user.id}'")]
        info(f"export after the restart: {exports}")
        if exports == ["failed"]:
            user.call(app, "POST", "/privacy/export")
            wait_quiet()
            exports = [r[0] for r in sql(f"SELECT status FROM privacy_exports WHERE user_id = '{user.id}' ORDER BY created_at")]
        record(f"Postgres stop -m {mode} during an export", f"/ready 503 while down: {ready_ok}; export job {export_state[0]} after {export_state[1]} attempts; exports {exports}",
               0 if "ready" in exports else 1, 0, ready_ok)

        say(f"Postgres restarted (-m {mode}) during a categorize job and a budget check")
        pg_restart_categorize(app, user, mode)
        pg_restart_budget(app, user, mode)


def restart_pg_during_job(app, mode, queue, prepare, trigger, label, tries=5, max_delay=0.5, under_way=lambda: True):
    """prepare(try) sets the work up, trigger(try) starts it; Postgres is stopped (-m mode, the
    postmaster signalled at once) while a job of `queue` runs and under_way() says it has got
    far enough, and started again. A job that
    finished before the stop tested nothing: then again, sooner. Answers (job id, /ready said
    503 throughout every stop, stopped mid-job?, the last stop's time, what was left unfinished
    after 180 s)."""
    ready_all, job = True, None
    for attempt in range(tries):
        prepare(attempt)
        before = job_ids(queue)
        trigger(attempt)
        seen = {}

        def started():
            if "job" not in seen:
                seen["job"] = wait_running(queue, before)
            return seen["job"] is None or under_way()

        ready_ok, stopped_at = restart_pg_during(
            app, mode, f"{label}, try {attempt + 1}", started,
            max_delay=max_delay / 2 ** attempt, now=True)
        ready_all = ready_all and ready_ok
        try:
            wait_quiet(180)
        except RuntimeError as e:
            return seen["job"], ready_all, True, stopped_at, str(e)
        job = seen["job"]
        # Finished after the stop: the job was running (or its result unrecorded) when the database went.
        if job and one(f"SELECT done_at > '{stopped_at.isoformat()}' FROM apalis.jobs WHERE id = '{job}'") == "t":
            return job, ready_all, True, stopped_at, ""
        info(f"{label}: the job finished before the stop (try {attempt + 1}); again")
    return job, ready_all, False, stopped_at, ""


def pg_restart_categorize(app, user, mode):
    """Postgres restarted while the categorize job of a 20,000-row import runs, after its first
    batch of rows was committed."""
    small, small_rows = statement(ROWS_CAT)
    accounts = []

    def prepare(attempt):
        accounts.append(user.account(app, f"categorize {attempt + 1}"))

    def trigger(attempt):
        threading.Thread(target=lambda: send_import(app, user, accounts[-1], small)).start()

    def first_batch_in():
        # The pipeline commits in batches of 10,000: stopped after the first, a retry that
        # redid those rows would show.
        return int(one(f"""SELECT count(*) FROM transactions WHERE user_id = '{user.id}' AND account_id = '{accounts[-1]}'
                           AND categorized_at IS NOT NULL""")) > 0

    job, ready_ok, mid, stopped_at, stuck = restart_pg_during_job(app, mode, "kakeibo.categorize", prepare, trigger, "categorize",
                                                                  tries=4, max_delay=0.2, under_way=first_batch_in)
    acct = accounts[-1]
    # The upload itself may have met the stop: the client sends it again (0 added when it had committed).
    again = import_until_done(app, user, acct, small)
    wait_quiet()
    lost, dup = compare(small_rows, stored_rows(user, acct))
    uncategorized = int(one(f"""SELECT count(*) FROM transactions WHERE user_id = '{user.id}' AND account_id = '{acct}'
                               AND categorized_at IS NULL AND deleted_at IS NULL"""))
    # A row the retry categorized again would carry a time after the stop.
    done_before = int(one(f"""SELECT count(*) FROM transactions WHERE user_id = '{user.id}' AND account_id = '{acct}'
                              AND categorized_at < '{stopped_at.isoformat()}'"""))
    twice = int(one("""SELECT count(*) FROM (SELECT 1 FROM apalis.jobs WHERE job_type = 'kakeibo.categorize'
                       GROUP BY idempotency_key HAVING count(*) > 1) k"""))
    # Every line of one payee has the same description, so each gets the one category the
    # pipeline gives it: rows of a payee that differ (or differ from the rows of other
    # accounts the same user imported without a fault) were categorized another way. Rows the
    # import linked as a transfer (an amount that another account received) are the
    # transfer detector's, not the categorizer's: left out, and counted.
    cats = sql(f"""SELECT payee, coalesce(category_id::text, '-'), count(*) FROM transactions
                   WHERE user_id = '{user.id}' AND account_id = '{acct}' AND deleted_at IS NULL
                     AND transfer_id IS NULL GROUP BY 1, 2""")
    transfers = int(one(f"""SELECT count(*) FROM transactions WHERE user_id = '{user.id}' AND account_id = '{acct}'
                            AND deleted_at IS NULL AND transfer_id IS NOT NULL"""))
    others = dict(sql(f"""SELECT DISTINCT ON (payee) payee, coalesce(category_id::text, '-') FROM transactions
                          WHERE user_id = '{user.id}' AND account_id <> '{acct}' AND categorized_at IS NOT NULL
                            AND payee IS NOT NULL AND deleted_at IS NULL AND transfer_id IS NULL
                          GROUP BY payee, category_id ORDER BY payee, count(*) DESC"""))
    by_payee = collections.defaultdict(dict)
    for payee, cat, n in cats:
        by_payee[payee][cat] = int(n)
    odd = 0
    for payee, counts in by_payee.items():
        usual = others.get(payee) or max(counts, key=counts.get)
        odd += sum(n for cat, n in counts.items() if cat != usual)
    status, attempts, last = job_line(job) if job else ("never caught running", 0, "")
    info(f"categorize: job {status} after {attempts} attempts ({last}); re-sent upload added {again}; "
         f"categorized before the stop {done_before} (kept), after it {ROWS_CAT - done_before - uncategorized}; rows never categorized {uncategorized}; rows categorized unlike their payee {odd} (transfers left out: {transfers}); keys queued twice {twice}"
         + (f"; STUCK: {stuck}" if stuck else ""))
    record(f"Postgres stop -m {mode} during a categorize job",
           f"/ready 503 while down: {ready_ok}; stopped mid-job: {mid}; job {status} after {attempts} attempts; "
           f"{done_before} rows categorized before the stop, the rest after; {uncategorized} uncategorized, {odd} categorized unlike their payee ({transfers} linked as transfers)",
           lost + uncategorized, dup + twice, ready_ok and mid and status == "Done" and odd == 0 and not stuck)


def pg_restart_budget(app, user, mode, budgets_per_try=30):
    """Postgres restarted while a budget check writes its alerts: each try adds monthly
    budgets that the spending so far leaves under 80 %, then one expense that takes all of
    them past 120 % at once (so this check writes 3 alerts per budget, in-app and by e-mail)."""
    r = user.call(app, "PUT", "/notifications/preferences", json={"channels": {"budget_threshold": {"email": True}}})
    assert r.status_code == 200, r.text
    cat = next(c["id"] for c in user.call(app, "GET", "/categories").json() if c["kind"] == "expense")
    acct = user.account(app, "budget")
    budgets = []

    def spend(attempt):
        # 10^5, 10^6, ...: each try's expense dwarfs the earlier ones together.
        return decimal.Decimal(10) ** (attempt + 5)

    def prepare(attempt):
        for i in range(budgets_per_try):
            amount = (spend(attempt) * (decimal.Decimal("0.5") + decimal.Decimal(i) / budgets_per_try / 4)).quantize(decimal.Decimal("0.01"))
            r = user.call(app, "POST", "/budgets", json={"name": f"pg {mode} {attempt + 1}.{i + 1}", "period": "monthly",
                                                         "amount": str(amount), "currency": "EUR"})
            assert r.status_code == 201, r.text
            budgets.append(r.json()["id"])
        wait_quiet()  # the checks the new budgets queued: nothing crossed yet

    def trigger(attempt):
        r = user.call(app, "POST", "/transactions", json={
            "account_id": acct, "booked_on": str(datetime.datetime.now(datetime.UTC).date()),
            "amount": str(-spend(attempt)), "description": f"chaos budget spend {attempt + 1}", "category_id": cat})
        assert r.status_code == 201, r.text

    job, ready_ok, mid, _, stuck = restart_pg_during_job(app, mode, "kakeibo.budget_check", prepare, trigger, "budget check",
                                                      tries=4, max_delay=0.05)
    wait_quiet()
    expected = set()
    for b in budgets:
        p = user.call(app, "GET", f"/budgets/{b}/progress").json()
        p = p.get("progress", p)
        expected |= {f"budget:{b}:{p['period_start']}:{t['percent']}" for t in p["thresholds"] if t["crossed"]}
    rows = sql(f"""SELECT channel, dedupe_key, status FROM notifications WHERE user_id = '{user.id}'
                   AND kind = 'budget_threshold' AND dedupe_key LIKE ANY (ARRAY[{', '.join(f"'budget:{b}:%'" for b in budgets)}])""")
    per = collections.Counter((c, k) for c, k, _ in rows)
    lost = sum(1 for c in ("in_app", "email") for k in expected if (c, k) not in per)
    dup = sum(n - 1 for n in per.values()) + len({k for _, k in per} - expected)
    # Each e-mail row has one delivery job naming it: none is a lost alert (the release tick
    # requeues it only after 10 minutes), two a duplicate.
    jobs_per_row = collections.Counter(dict(sql(f"""
        SELECT n.id, (SELECT count(*) FROM apalis.jobs j WHERE j.job_type = 'kakeibo.notify_email'
                        AND convert_from(j.job, 'UTF8') LIKE '%' || n.id::text || '%')
        FROM notifications n WHERE n.user_id = '{user.id}' AND n.kind = 'budget_threshold' AND n.channel = 'email'
          AND n.dedupe_key LIKE ANY (ARRAY[{', '.join(f"'budget:{b}:%'" for b in budgets)}])""")))
    undelivered = sum(1 for n in jobs_per_row.values() if n == "0")
    dup += sum(int(n) - 1 for n in jobs_per_row.values() if int(n) > 1)
    statuses = collections.Counter(st for c, _, st in rows if c == "email")
    status, attempts, last = job_line(job) if job else ("never caught running", 0, "")
    info(f"budget check: job {status} after {attempts} attempts ({last}); {len(budgets)} budgets, {len(expected)} alerts due; "
         f"rows {len(rows)}, lost {lost}, duplicated {dup}; e-mail rows {dict(statuses)}, without a delivery job {undelivered}"
         + (f"; STUCK: {stuck}" if stuck else ""))
    record(f"Postgres stop -m {mode} during a budget check",
           f"/ready 503 while down: {ready_ok}; stopped mid-job: {mid}; job {status} after {attempts} attempts; "
           f"{len(expected)} alerts x 2 channels; {undelivered} e-mails left without a delivery job",
           lost + undelivered, dup, ready_ok and mid and status == "Done" and not stuck)


def case_pg_restart_jobs(app, modes=("fast", "immediate"), which=("categorize", "budget")):
    """The categorize and budget cases alone (`pg-categorize`, `pg-budget`), each with a user of its own."""
    for mode in modes:
        user = User(app, f"pg-jobs-{mode}-{'-'.join(which)}@chaos.example")
        if "categorize" in which:
            say(f"Postgres restarted (-m {mode}) during a categorize job")
            pg_restart_categorize(app, user, mode)
        if "budget" in which:
            say(f"Postgres restarted (-m {mode}) during a budget check")
            pg_restart_budget(app, user, mode)


def case_two_importers(app, data, expected):
    say("two kakeibo all processes import the same file into the same account at once")
    other = App("kakeibo-b", BASE_PORT + 1, env=common_env()).start()
    try:
        user = User(app, "two@chaos.example")
        account = user.account(app, "both")
        answers = {}
        threads = [threading.Thread(target=lambda a=a: answers.update({a.name: send_import(a, user, account, data)}))
                   for a in (app, other)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        info(f"answers: {answers}")
        added = sorted(a[1] for a in answers.values() if a[0] == 201)
        lost, dup = compare(expected, stored_rows(user, account))
        record("two processes import the same file at once", f"rows_added {added}", lost, dup, added == [0, ROWS])
    finally:
        other.stop()


def outbox_files(path):
    return sorted(f for f in os.listdir(path) if not f.startswith("fill"))


def case_outbox(app, outbox):
    if os.geteuid() != 0 or subprocess.run(["mountpoint", "-q", outbox]).returncode != 0:
        record("outbox folder full / read-only", "skipped: no tmpfs mount (needs root)", 0, 0, False)
        return
    for fault in ("full", "read-only"):
        say(f"the outbox folder {fault}: a verification e-mail must fail visibly and go out later")
        if fault == "full":
            subprocess.run(["dd", "if=/dev/zero", f"of={outbox}/fill", "bs=4k"], capture_output=True)
        else:
            subprocess.run(["mount", "-o", "remount,ro", outbox], check=True)
        before = job_ids("kakeibo.email")
        log_size = os.path.getsize(app.log)
        email = f"outbox-{fault.replace('-', '')}@chaos.example"
        User(app, email)
        # Broken for half a minute: longer than apalis' immediate retries last.
        time.sleep(30)
        jobs = sql("SELECT id, status, attempts FROM apalis.jobs WHERE job_type = 'kakeibo.email'")
        new = [j for j in jobs if j[0] not in before]
        with open(app.log) as f:
            f.seek(log_size)
            logged = [line for line in f if "outbox" in line and ("ERROR" in line or "WARN" in line or "error" in line)]
        info(f"while {fault}: job {new}; {len(logged)} log line(s) about it, e.g. {logged[0][:220].strip() if logged else '-'}")
        if fault == "full":
            os.remove(f"{outbox}/fill")
        else:
            subprocess.run(["mount", "-o", "remount,rw", outbox], check=True)
        fixed = time.time()
        deadline = fixed + 120
        status = None
        while time.time() < deadline:
            status, attempts = sql(f"SELECT status, attempts >= max_attempts FROM apalis.jobs WHERE id = '{new[0][0]}'")[0]
            if status == "Done" or attempts == "t":
                break
            time.sleep(0.5)
        mails = [f for f in outbox_files(outbox) if email in open(os.path.join(outbox, f), errors="replace").read()]
        empty = [f for f in outbox_files(outbox) if os.path.getsize(os.path.join(outbox, f)) == 0]
        info(f"fixed: job {status} {time.time() - fixed:.1f} s later; {len(mails)} message(s) to {email}; empty files {len(empty)}")
        record(f"outbox folder {fault}", f"failed visibly: {bool(logged)}; delivered after the fix: {status == 'Done'}",
               0 if mails else 1, max(0, len(mails) - 1) + len(empty), bool(logged) and status == "Done")


def case_clock_skew():
    say("three worker processes, clocks at +0 s, +12 s and -7 s: each cron tick queues its job once")
    if not FAKETIME_LIB:
        record("clock skew between two workers", "skipped: libfaketime missing", 0, 0, False)
        return
    env = dict(common_env(), KAKEIBO_WORKER__RETENTION_CRON="*/5 * * * * *",
               KAKEIBO_WORKER__INSIGHTS_REFRESH_CRON="*/5 * * * * *")
    start = int(time.time())
    workers = [App("worker-real-clock", 0, role="worker", env=env).start(wait=False),
               App("worker-clock-plus-12s", 0, role="worker", env=env, faketime="+12s").start(wait=False),
               App("worker-clock-minus-7s", 0, role="worker", env=env, faketime="-7s").start(wait=False)]
    time.sleep(45)
    for w in workers[1:]:
        w.stop()
    # The real-clock worker runs what the fast clock queued ahead, then stops too.
    wait_quiet(120)
    end = int(time.time()) - 1
    workers[0].stop()
    ok = True
    lost = dup = 0
    for queue in ("kakeibo.retention", "kakeibo.insights_refresh"):
        keys = collections.Counter(r[0] for r in sql(f"SELECT idempotency_key FROM apalis.jobs WHERE job_type = '{queue}'"))
        statuses = sql(f"""SELECT status, count(*) FROM apalis.jobs WHERE job_type = '{queue}'
                           AND idempotency_key::bigint <= {end} GROUP BY 1""")
        # Ticks the real-clock process was up for: from start + 10 s (its start-up) to the end.
        wanted = [t for t in range(start + 10, end) if t % 5 == 0]
        missing = [t for t in wanted if str(t) not in keys]
        lost += len(missing)
        dup += sum(n - 1 for n in keys.values() if n > 1)
        ahead = [int(k) for k in keys if int(k) > end]
        by_worker = sql(f"""SELECT split_part(lock_by, '@', 2), count(*) FROM apalis.jobs
                            WHERE job_type = '{queue}' GROUP BY 1""")
        info(f"{queue}: {len(keys)} ticks queued, {len(ahead)} of them ahead of real time; statuses {statuses}; "
             f"run by {len(by_worker)} process(es); missing {missing}")
        ok = ok and all(s == "Done" for s, _ in statuses)
    record("clock skew (+12 s, -7 s) between three worker processes", "cron every 5 s on each for 45 s", lost, dup, ok)


def main():
    os.makedirs(LOGS, exist_ok=True)
    cases = sys.argv[1:] or ["import", "jobs", "pg", "two", "outbox", "skew"]
    say(f"seed {SEED} (CHAOS_SEED={SEED} repeats the kill points)")
    t0 = time.time()
    # First, on the empty database: the cron jobs it runs every 5 s then take milliseconds.
    if "skew" in cases:
        case_clock_skew()
    data, expected = statement(ROWS)
    app = App("kakeibo-a", BASE_PORT, env=common_env()).start()
    try:
        if "import" in cases:
            case_kill_import(app, data, expected)
        if "jobs" in cases:
            case_kill_jobs(app)
        if "pg" in cases:
            case_pg_restart(app, data, expected)
        else:
            jobs = [c.removeprefix("pg-") for c in cases if c in ("pg-categorize", "pg-budget")]
            if jobs:
                case_pg_restart_jobs(app, which=jobs)
        if "two" in cases:
            case_two_importers(app, data, expected)
        if "outbox" in cases:
            case_outbox(app, os.environ["KAKEIBO_EMAIL__OUTBOX_DIR"])
        wait_quiet()
        dead = dead_jobs()
        if dead:
            record("no job left dead in the queue", str(dead), 0, 0, False)
    finally:
        app.stop()
    say(f"results ({time.time() - t0:.0f} s)")
    print(f"    {'case':<58} {'lost':>5} {'dup':>5}  result")
    for case, done, lost, dup, ok, _ in results:
        print(f"    {case:<58} {lost:>5} {dup:>5}  {'ok' if ok else 'FAILED'}  ({done})")
    with open(os.path.join(WORK, "results.json"), "w") as f:
        json.dump(results, f)
    return 0 if results and all(r[4] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
