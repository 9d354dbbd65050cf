#!/usr/bin/env bash
# What serve --warm-up buys: LeadRouter started cold and started with --warm-up, each loaded at
# saturation the moment /health first answers 200; leads/s in each 5-s window of the first
# DURATION. Alternates cold and warmed starts RUNS times.
#
#   bench/warm-up.sh                            # --warm-up 30s, 32 connections, 30 s measured, 2 runs each
#   WARM=45s CONNECTIONS=256 RUNS=1 bench/warm-up.sh
#
# Prints one line per start (readiness time, leads/s per 5 s); raw files go to bench/results/<date>/.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WARM="${WARM:-30s}"
CONNECTIONS="${CONNECTIONS:-32}"
DURATION="${DURATION:-30s}"
RUNS="${RUNS:-2}"

log "building LeadRouter"
(cd "$REPO_DIR" && mvn -B -q -DskipTests package >&2)
build loadgen
OUT="$(new_results_dir)"
report_load

LR_PID=""
DATA=""
cleanup() {
  stop_pid "$LR_PID"
  [ -n "$DATA" ] && rm -rf "$DATA"
}
trap cleanup EXIT

one_start() {
  local label="$1" warm="$2" port started ready
  DATA="$(mktemp -d -t leadrouter-warm.XXXXXX)"
  port="$(free_port)"
  started=$SECONDS
  (
    cd "$REPO_DIR"
    exec "$JAVA" --enable-native-access=ALL-UNNAMED $LR_JAVA_OPTS -jar target/leadrouter.jar serve \
      --config "$BENCH_DIR/bench-config.yaml" --data "$DATA" --port "$port" --warm-up "$warm"
  ) >"$OUT/$label.log" 2>&1 &
  LR_PID=$!
  wait_healthy "$port" /health "$LR_PID" 300 "$OUT/$label.log"
  ready=$((SECONDS - started))
  loadgen --url "http://127.0.0.1:$port/api/v1/leads" --header "Authorization: Bearer bench-key" \
    --connections "$CONNECTIONS" --warmup 0s --duration "$DURATION" --label "$label" --json "$OUT/$label.json" \
    >"$OUT/$label.txt" 2>&1
  printf '%-10s ready after %3d s; leads/s per 5 s from then: %s\n' "$label" "$ready" \
    "$(sed -n 's/^\[measure *[0-9.]*s\] \([0-9,]*\) responses\/s/\1/p' "$OUT/$label.txt" | tr '\n' ' ')" | tee -a "$OUT/summary.txt"
  grep -h "Warmed up" "$OUT/$label.log" | tee -a "$OUT/summary.txt" || true
  stop_pid "$LR_PID"
  LR_PID=""
  rm -rf "$DATA"
  DATA=""
}

for run in $(seq 1 "$RUNS"); do
  one_start "cold-$run" 0s
  one_start "warmed-$run" "$WARM"
done
echo "results in $OUT"
