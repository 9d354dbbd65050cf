#!/usr/bin/env bash
# What a request costs the bare endpoint (bench/ceiling) and the load generator, in CPU, at
# saturation; and from that the CPU a lead may cost LeadRouter's server for its throughput to be
# one third of the ceiling, on this machine, at this moment. Compare with the "server CPU" of
# `RATE=sat CONNECTIONS=256 bench/probe.sh`, run next to it.
#
#   bench/ceiling-cost.sh                       # 256 connections, 30 s warm-up, 20 s measured
#   CONNECTIONS=32 DURATION=30s bench/ceiling-cost.sh
#
# The budget assumes both runs get the same CPU: the ceiling serves N requests/s with C_s µs of
# server CPU and C_l of the load generator's each; LeadRouter at N/3 leads/s has three times as
# much CPU per lead, 3 * (C_s + C_l), of which the load generator still takes C_l.
# Results: bench/results/<date>/ (summary.txt, run.json, per-thread ticks before and after).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WARMUP="${WARMUP:-30s}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-256}"

build loadgen
build ceiling
OUT="$(new_results_dir)"
report_load

PORT="$(free_port)"
CEILING_PID=""
LOADGEN_PID=""
cleanup() {
  [ -n "$LOADGEN_PID" ] && kill "$LOADGEN_PID" 2>/dev/null
  stop_pid "$CEILING_PID"
}
trap cleanup EXIT
CEILING_PID="$(start_ceiling "$PORT" "$OUT/ceiling-server.log")"
wait_healthy "$PORT" /health "$CEILING_PID" 60 "$OUT/ceiling-server.log"

log "warm-up: $WARMUP (not recorded), then measured: $DURATION at saturation, $CONNECTIONS connections"
loadgen --url "http://127.0.0.1:$PORT/api/v1/leads" --header "Authorization: Bearer bench-key" \
  --connections "$CONNECTIONS" --warmup "$WARMUP" --duration "$DURATION" --label ceiling-cost --json "$OUT/run.json" &
LOADGEN_PID=$!
# As probe.sh: snapshots by the clock, one load generator run for the warm-up and the measured period.
sleep "$(seconds "$WARMUP")"
LOADGEN_JAVA="$(pgrep -P "$LOADGEN_PID" java | head -1 || true)"
[ -n "$LOADGEN_JAVA" ] || { echo "the load generator is not running" >&2; exit 1; }
thread_ticks "$CEILING_PID" >"$OUT/ceiling-before.txt"
thread_ticks "$LOADGEN_JAVA" >"$OUT/loadgen-before.txt"
sleep "$(seconds "$DURATION")"
thread_ticks "$CEILING_PID" >"$OUT/ceiling-after.txt"
thread_ticks "$LOADGEN_JAVA" >"$OUT/loadgen-after.txt"
wait "$LOADGEN_PID"
LOADGEN_PID=""

ticks() { awk -F'|' '{split($2, t, " "); s += t[1] + t[2]} END {print s + 0}' "$1"; }
server=$(( $(ticks "$OUT/ceiling-after.txt") - $(ticks "$OUT/ceiling-before.txt") ))
client=$(( $(ticks "$OUT/loadgen-after.txt") - $(ticks "$OUT/loadgen-before.txt") ))
# Requests: the load generator's count over its measured period, the same length as the snapshots' window.
ok="$(sed -n 's/.*"ok" *: *\([0-9]*\).*/\1/p' "$OUT/run.json" | head -1)"
seconds_measured="$(seconds "$DURATION")"
awk -v s="$server" -v c="$client" -v n="$ok" -v d="$seconds_measured" -v conn="$CONNECTIONS" 'BEGIN {
  cs = s * 10000 / n; cl = c * 10000 / n
  printf "bare endpoint at saturation, %d connections: %.0f requests/s\n", conn, n / d
  printf "server CPU: %.2f s, %.1f µs per request\n", s / 100, cs
  printf "load generator CPU: %.2f s, %.1f µs per request\n", c / 100, cl
  printf "one third of this ceiling is %.0f leads/s: LeadRouter'"'"'s server may spend at most %.0f µs of CPU per lead\n", n / d / 3, 3 * (cs + cl) - cl
}' | tee "$OUT/summary.txt"
echo "results in $OUT" >&2
