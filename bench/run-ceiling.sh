#!/usr/bin/env bash
# The bare-HTTP ceiling of this machine, measured with the same client as the end-to-end runs:
# saturation (closed loop) and fixed rates (open loop, latency from the intended send time).
#
#   bench/run-ceiling.sh                 # 15 s warm-up, 30 s per run, rates 1000 and 5000
#   DURATION=10s WARMUP=5s RATES="1000" bench/run-ceiling.sh
#
# Results: bench/results/<date>/ceiling-*.json and table.md.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-40s}"
CONNECTIONS="${CONNECTIONS:-32}"
RATES="${RATES:-1000 5000}"

build loadgen
build ceiling
OUT="$(new_results_dir)"
report_load

PORT="$(free_port)"
CEILING_PID="$(start_ceiling "$PORT" "$OUT/ceiling-server.log")"
trap 'stop_pid "$CEILING_PID"' EXIT
wait_healthy "$PORT" /health "$CEILING_PID" 60 "$OUT/ceiling-server.log"
URL="http://127.0.0.1:$PORT/api/v1/leads"
AUTH="Authorization: Bearer bench-key"

log "ceiling saturation: $CONNECTIONS connections, warm-up $WARMUP, $DURATION"
loadgen --url "$URL" --header "$AUTH" --connections "$CONNECTIONS" --warmup "$WARMUP" --duration "$DURATION" \
  --label ceiling --json "$OUT/ceiling-saturation.json"
files=("$OUT/ceiling-saturation.json")
for rate in $RATES; do
  log "ceiling at $rate req/s"
  # The server is warm from the saturation run; a short warm-up settles the new rate.
  loadgen --url "$URL" --header "$AUTH" --rate "$rate" --warmup 5s --duration "$DURATION" \
    --label "ceiling-$rate" --start "$(next_start "${files[-1]}")" --json "$OUT/ceiling-rate-$rate.json"
  files+=("$OUT/ceiling-rate-$rate.json")
done

loadgen table "${files[@]}" | tee "$OUT/table.md"
echo "results in $OUT" >&2
