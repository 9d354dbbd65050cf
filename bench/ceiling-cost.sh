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
# The load generator's own cost per request was higher against LeadRouter (18-22 µs against 15-17
# on one VM); e2e.sh's table uses each run's own figure, and probe.sh prints it.
# Results: bench/results/<date>/ (summary.txt, run.json).
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
trap 'stop_pid "$CEILING_PID"' EXIT
CEILING_PID="$(start_ceiling "$PORT" "$OUT/ceiling-server.log")"
wait_healthy "$PORT" /health "$CEILING_PID" 60 "$OUT/ceiling-server.log"

log "warm-up: $WARMUP (not recorded), then measured: $DURATION at saturation, $CONNECTIONS connections"
# The load generator reads the server's CPU and its own at the start and end of its measured period.
loadgen --url "http://127.0.0.1:$PORT/api/v1/leads" --header "Authorization: Bearer bench-key" \
  --connections "$CONNECTIONS" --warmup "$WARMUP" --duration "$DURATION" --label ceiling-cost \
  --server-pid "$CEILING_PID" --json "$OUT/run.json"

field() { sed -n "s/.*\"$1\" *: *\([0-9.]*\).*/\1/p" "$OUT/run.json" | head -1; }
[ -n "$(field serverMicrosPerOk)" ] || { echo "no CPU figures in $OUT/run.json" >&2; exit 1; }
awk -v rate="$(field throughput)" -v cs="$(field serverMicrosPerOk)" -v cl="$(field clientMicrosPerOk)" -v conn="$CONNECTIONS" 'BEGIN {
  printf "bare endpoint at saturation, %d connections: %.0f requests/s\n", conn, rate
  printf "server CPU: %.1f µs per request\n", cs
  printf "load generator CPU: %.1f µs per request\n", cl
  printf "one third of this ceiling is %.0f leads/s: LeadRouter'"'"'s server may spend at most %.0f µs of CPU per lead\n", rate / 3, 3 * (cs + cl) - cl
}' | tee "$OUT/summary.txt"
echo "results in $OUT" >&2
