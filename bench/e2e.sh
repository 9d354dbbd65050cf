#!/usr/bin/env bash
# End to end: LeadRouter itself against the bare-HTTP ceiling, with the same client in one run.
#
#   bench/e2e.sh
#   DURATION=60s bench/e2e.sh
#
# 1. builds LeadRouter (target/leadrouter.jar + target/lib/), the load generator and the ceiling;
# 2. starts `leadrouter serve` on bench/bench-config.yaml with a fresh data dir and waits for /health;
# 3. starts the ceiling server on another port;
# 4. runs: ceiling saturation, LeadRouter saturation, LeadRouter at fixed rates (500 / 1,000 / 5,000
#    leads/s, open loop, latency from the intended send time);
# 5. writes the JSON results to bench/results/<date>/ and prints a Markdown table for BENCHMARKS.md.
#
# Every lead is unique (phone and email): each run starts where the previous one stopped
# (--start from its "nextStart"), so the campaign's dedupe never rejects a benchmark lead.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-20s}"
CONNECTIONS="${CONNECTIONS:-32}"
RATES="${RATES:-500 1000 5000}"
CONFIG="${CONFIG:-$BENCH_DIR/bench-config.yaml}"

log "building LeadRouter"
(cd "$REPO_DIR" && mvn -B -q -DskipTests package >&2)
[ -f "$REPO_DIR/target/leadrouter.jar" ] || { echo "target/leadrouter.jar was not built" >&2; exit 1; }
build loadgen
build ceiling

OUT="$(new_results_dir)"
DATA="$(mktemp -d -t leadrouter-bench.XXXXXX)"
LR_PID=""
CEILING_PID=""
cleanup() {
  stop_pid "$LR_PID"
  stop_pid "$CEILING_PID"
  rm -rf "$DATA"
}
trap cleanup EXIT
report_load

LR_PORT="$(free_port)"
ADMIN_TOKEN="bench-admin-$RANDOM$RANDOM"
log "starting LeadRouter on port $LR_PORT (data in $DATA)"
(
  cd "$REPO_DIR"
  LEADROUTER_ADMIN_TOKEN="$ADMIN_TOKEN" exec "$JAVA" --enable-native-access=ALL-UNNAMED -Xms1g -Xmx4g \
    -jar target/leadrouter.jar serve --config "$CONFIG" --data "$DATA" --port "$LR_PORT"
) >"$OUT/leadrouter.log" 2>&1 &
LR_PID=$!
wait_healthy "$LR_PORT" /health "$LR_PID" 120 "$OUT/leadrouter.log"

CEILING_PORT="$(free_port)"
while [ "$CEILING_PORT" = "$LR_PORT" ]; do CEILING_PORT="$(free_port)"; done
log "starting the ceiling server on port $CEILING_PORT"
CEILING_PID="$(start_ceiling "$CEILING_PORT" "$OUT/ceiling.log")"
wait_healthy "$CEILING_PORT" /health "$CEILING_PID" 60 "$OUT/ceiling.log"

AUTH="Authorization: Bearer bench-key"
LR_URL="http://127.0.0.1:$LR_PORT/api/v1/leads"
CEILING_URL="http://127.0.0.1:$CEILING_PORT/api/v1/leads"

log "1/$((2 + $(wc -w <<<"$RATES"))) ceiling saturation: $CONNECTIONS connections"
loadgen --url "$CEILING_URL" --header "$AUTH" --connections "$CONNECTIONS" --warmup "$WARMUP" --duration "$DURATION" \
  --label ceiling --json "$OUT/ceiling-saturation.json"
# The ceiling is idle from here on: stop it so that it takes no CPU from LeadRouter.
stop_pid "$CEILING_PID"
CEILING_PID=""

log "2/$((2 + $(wc -w <<<"$RATES"))) LeadRouter saturation: $CONNECTIONS connections"
loadgen --url "$LR_URL" --header "$AUTH" --connections "$CONNECTIONS" --warmup "$WARMUP" --duration "$DURATION" \
  --label leadrouter --start 0 --json "$OUT/leadrouter-saturation.json"
files=("$OUT/ceiling-saturation.json" "$OUT/leadrouter-saturation.json")

step=3
for rate in $RATES; do
  log "$step/$((2 + $(wc -w <<<"$RATES"))) LeadRouter at $rate leads/s"
  loadgen --url "$LR_URL" --header "$AUTH" --rate "$rate" --warmup 10s --duration "$DURATION" \
    --label "leadrouter-$rate" --start "$(next_start "${files[-1]}")" --json "$OUT/leadrouter-rate-$rate.json"
  files+=("$OUT/leadrouter-rate-$rate.json")
  step=$((step + 1))
done

if ! kill -0 "$LR_PID" 2>/dev/null; then
  echo "LeadRouter exited during the run; see $OUT/leadrouter.log" >&2
  exit 1
fi

log "results ($OUT)"
loadgen table "${files[@]}" | tee "$OUT/table.md"
