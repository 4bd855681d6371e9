#!/usr/bin/env bash
# Runs every question's expected-answer SQL for one user and one "today", without the ask
# engine, and reports the questions whose SQL fails, returns no row, returns NULL where a
# figure is expected, or returns a value of the wrong shape; and how many answers are zero.
#
#   services/ask/eval/check.sh [--today YYYY-MM-DD] [--user EMAIL] [--verbose] [FILE...]
#
# Defaults: today in the user's zone, the demo user (demo@kakeibo.local), questions.toml
# beside this script. The database is $KAKEIBO_DATABASE__URL (source .data/env). Exits 1
# when any question is broken.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
today=""
email="demo@kakeibo.local"
verbose=0
files=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --today) today="$2"; shift 2 ;;
    --user) email="$2"; shift 2 ;;
    --verbose|-v) verbose=1; shift ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) files+=("$1"); shift ;;
  esac
done
[[ ${#files[@]} -eq 0 ]] && files=("$here/questions.toml")
: "${KAKEIBO_DATABASE__URL:?source .data/env first (KAKEIBO_DATABASE__URL)}"

psql_q() { psql "$KAKEIBO_DATABASE__URL" -X -q -v ON_ERROR_STOP=1 -At "$@"; }

user_id=$(psql_q -v email="$email" <<'SQL'
SELECT id FROM users WHERE email = :'email'
SQL
)
[[ -n "$user_id" ]] || { echo "no user $email" >&2; exit 2; }
if [[ -z "$today" ]]; then
  today=$(psql_q -c "SELECT (now() AT TIME ZONE time_zone)::date FROM users WHERE id = '$user_id'")
fi
[[ "$today" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || { echo "--today wants YYYY-MM-DD" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The question files are TOML written one key per line, the SQL as a """ block; awk reads
# that much TOML and writes a psql script that prepares and runs each question in turn.
awk -v uid="$user_id" -v today="$today" '
  function flush() {
    if (id == "") return
    printf "\\echo @@ %s %s\n", id, expect
    if (expect == "none") {
      if (sql != "") printf "\\echo ~~sql-for-none\n"
    } else if (sql == "") {
      printf "\\echo ~~no-sql\n"
    } else {
      printf "PREPARE q(uuid, date) AS\n%s;\nEXECUTE q(%c%s%c, %c%s%c);\nDEALLOCATE q;\n", sql, 39, uid, 39, 39, today, 39
    }
    id = ""; expect = ""; sql = ""
  }
  /^\[\[question\]\]/ { flush(); next }
  insql {
    if ($0 ~ /"""[[:space:]]*$/) { line = $0; sub(/"""[[:space:]]*$/, "", line); sql = sql (sql == "" ? "" : "\n") line; insql = 0 }
    else sql = sql (sql == "" ? "" : "\n") $0
    next
  }
  /^id[[:space:]]*=/ { v = $0; sub(/^id[[:space:]]*=[[:space:]]*"/, "", v); sub(/".*$/, "", v); id = v; next }
  /^expect[[:space:]]*=/ { v = $0; sub(/^expect[[:space:]]*=[[:space:]]*"/, "", v); sub(/".*$/, "", v); expect = v; next }
  /^sql[[:space:]]*=[[:space:]]*"""/ {
    v = $0; sub(/^sql[[:space:]]*=[[:space:]]*"""/, "", v)
    if (v ~ /"""[[:space:]]*$/) { sub(/"""[[:space:]]*$/, "", v); sql = v } else { sql = v; insql = 1 }
    next
  }
  /^sql[[:space:]]*=[[:space:]]*""[[:space:]]*$/ { sql = ""; next }
  END { flush() }
' "${files[@]}" > "$work/run.sql"

{
  echo "SET statement_timeout = '30s';"
  # Small queries over one user's rows: compiling them (JIT) costs seconds and saves nothing.
  echo "SET jit = off;"
  echo '\pset null <NULL>'
  echo '\set ON_ERROR_STOP 0'
  cat "$work/run.sql"
} > "$work/all.sql"

psql "$KAKEIBO_DATABASE__URL" -X -q -At -f "$work/all.sql" > "$work/out.txt" 2>&1 || true

awk -v verbose="$verbose" -v today="$today" '
  function judge() {
    if (id == "") return
    total++
    problem = ""
    if (expect == "none") {
      if (nlines > 0 && first == "~~sql-for-none") problem = "out of scope but has SQL"
      none++
    } else if (err != "") problem = err
    else if (first == "~~no-sql") problem = "no SQL"
    else if (nlines == 0) problem = "no row"
    else if (nlines > 1 && expect != "list") problem = "more than one row"
    else if (first == "<NULL>" && expect != "date") problem = "NULL"
    else if (first ~ /\|/) problem = "more than one column"
    else if (expect == "amount" || expect == "percent") { if (first !~ /^-?[0-9]+(\.[0-9]+)?$/) problem = "not a number: " first; else if (first + 0 == 0) zero++ }
    else if (expect == "count") { if (first !~ /^[0-9]+$/) problem = "not a count: " first; else if (first + 0 == 0) zero++ }
    else if (expect == "list") { if (first !~ /^\{.*\}$/) problem = "not a list: " first; else if (first == "{}") zero++ }
    else if (expect == "date") { if (first == "<NULL>") zero++; else if (first !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/) problem = "not a date: " first }
    else problem = "unknown expect \"" expect "\""
    if (problem != "") { bad++; printf "FAIL %-44s %s\n", id, problem }
    else if (verbose) printf "ok   %-44s %-7s %s\n", id, expect, first
  }
  /^@@ / { judge(); id = $2; expect = $3; nlines = 0; first = ""; err = ""; next }
  /^(psql:.*)?ERROR:/ { if (err == "") { e = $0; sub(/^psql:[^E]*/, "", e); err = e }; next }
  /^(psql:.*)?(LINE [0-9]+:|HINT:|DETAIL:|CONTEXT:|QUERY:)/ { next }
  /^[[:space:]]*\^[[:space:]]*$/ { next }
  { if (nlines == 0) first = $0; nlines++ }
  END {
    judge()
    printf "%d questions for %s: %d broken, %d with a zero or empty answer, %d out of scope\n", total, today, bad, zero, none
    exit bad > 0 ? 1 : 0
  }
' "$work/out.txt"
