#!/usr/bin/env bash
# Growth: does LeadRouter slow down as history piles up? One server, one data dir; the store is
# filled to each level in turn (10,000 / 100,000 / 1,000,000 leads, all within the 30-day dedupe
# window, each with 2 dedupe keys and 2 audit events), and at each level the same two runs are made:
# saturation (closed loop) and a fixed 1,000 leads/s (open loop, p99).
#
#   bench/growth.sh
#   LEVELS="10000 100000" DURATION=20s bench/growth.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LEVELS="${LEVELS:-10000 100000 1000000}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-32}"
FILL_CONNECTIONS="${FILL_CONNECTIONS:-64}"
# Before the first fill, the JIT is warmed this long through POST /api/v1/simulate (the same lead
# bodies, normalised and routed, nothing stored): warmed by stored leads instead, the first level
# would be measured halfway through a ramp of 30 s or more, and a later level's slowdown hidden.
JIT_WARMUP="${JIT_WARMUP:-60s}"
CONFIG="${CONFIG:-$BENCH_DIR/bench-config.yaml}"

log "building LeadRouter"
(cd "$REPO_DIR" && mvn -B -q -DskipTests package >&2)
build loadgen

OUT="$(new_results_dir)"
DATA="$(mktemp -d -t leadrouter-growth.XXXXXX)"
LR_PID=""
cleanup() {
  stop_pid "$LR_PID"
  rm -rf "$DATA"
}
trap cleanup EXIT
report_load

PORT="$(free_port)"
ADMIN_TOKEN="growth-$RANDOM$RANDOM"
log "starting LeadRouter on port $PORT (data in $DATA)"
(
  cd "$REPO_DIR"
  LEADROUTER_ADMIN_TOKEN="$ADMIN_TOKEN" exec "$JAVA" --enable-native-access=ALL-UNNAMED $LR_JAVA_OPTS -Xlog:gc:file="$OUT/gc.log" \
    -jar target/leadrouter.jar serve --config "$CONFIG" --data "$DATA" --port "$PORT"
) >"$OUT/leadrouter.log" 2>&1 &
LR_PID=$!
wait_healthy "$PORT" /health "$LR_PID" 120 "$OUT/leadrouter.log"

URL="http://127.0.0.1:$PORT/api/v1/leads"
AUTH="Authorization: Bearer bench-key"
log "warming the JIT: $JIT_WARMUP of POST /api/v1/simulate (nothing stored)"
loadgen --url "http://127.0.0.1:$PORT/api/v1/simulate" --header "Authorization: Bearer $ADMIN_TOKEN" \
  --connections "$CONNECTIONS" --warmup 0s --duration "$JIT_WARMUP" --quiet --label jit-warmup --json "$OUT/jit-warmup.json"
stored=0
files=()
for level in $LEVELS; do
  fill_to "$URL" "$AUTH" "$level" "$OUT"
  log "at $stored stored leads ($(du -sh "$DATA" | cut -f1) on disk): saturation"
  loadgen --url "$URL" --header "$AUTH" --connections "$CONNECTIONS" --warmup 5s --duration "$DURATION" \
    --label "stored-$level-saturation" --start "$stored" --json "$OUT/stored-$level-saturation.json"
  stored="$(next_start "$OUT/stored-$level-saturation.json")"
  log "at $stored stored leads: 1,000 leads/s"
  loadgen --url "$URL" --header "$AUTH" --rate 1000 --warmup 5s --duration "$DURATION" \
    --label "stored-$level-1000" --start "$stored" --json "$OUT/stored-$level-1000.json"
  stored="$(next_start "$OUT/stored-$level-1000.json")"
  files+=("$OUT/stored-$level-saturation.json" "$OUT/stored-$level-1000.json")
done
if ! kill -0 "$LR_PID" 2>/dev/null; then
  echo "LeadRouter exited during the run; see $OUT/leadrouter.log" >&2
  exit 1
fi
echo "disk: $(du -sh "$DATA" | cut -f1) for $stored leads" | tee "$OUT/disk.txt"

log "results ($OUT)"
loadgen table "${files[@]}" | tee "$OUT/table.md"
