#!/usr/bin/env bash
# Checks deploy/observability offline: the alert rules (promtool check rules, then their unit
# tests), the example Prometheus configuration, and that the dashboard is valid JSON.
# promtool comes from Debian's `prometheus` package, unpacked into .data/tools/prometheus
# once (no service is installed or started). Takes a few seconds; run it again at will.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$HERE/../.." && pwd -P)"
TOOLS="$ROOT/.data/tools/prometheus"
PROMTOOL=$(command -v promtool || true)
if [[ -z $PROMTOOL ]]; then
    PROMTOOL="$TOOLS/usr/bin/promtool"
    if [[ ! -x $PROMTOOL ]]; then
        echo "==> promtool: unpacking Debian's prometheus package into .data/tools/prometheus (once)"
        command -v apt-get >/dev/null || { echo "ERROR: no promtool and no apt-get; install Prometheus' promtool" >&2; exit 1; }
        download=$(mktemp -d)
        chmod 755 "$download"  # apt's sandbox user writes here
        if ! (cd "$download" && apt-get download -qq prometheus 2>/dev/null); then
            apt-get update -qq
            (cd "$download" && apt-get download -qq prometheus)
        fi
        mkdir -p "$TOOLS"
        dpkg-deb -x "$download"/prometheus_*.deb "$TOOLS"
        rm -rf "$download"
    fi
fi

cd "$HERE"
"$PROMTOOL" check rules prometheus-rules.yml
"$PROMTOOL" test rules prometheus-rules.test.yml
"$PROMTOOL" check config prometheus.yml
python3 -m json.tool grafana-dashboard.json >/dev/null
echo "deploy/observability: rules, rule tests, config and dashboard OK"
