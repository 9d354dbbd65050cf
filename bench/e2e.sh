#!/usr/bin/env bash
# End to end: LeadRouter itself against the bare-HTTP ceiling, with the same client in one run.
#
#   bench/e2e.sh
#   DURATION=60s RATES="1000" STL=0 bench/e2e.sh
#   STORE=postgresql bench/e2e.sh       # the same run on a fresh PostgreSQL database (one node)
#
# 1. builds LeadRouter (target/leadrouter.jar + target/lib/), the load generator and the ceiling;
# 2. starts `leadrouter serve` on bench/bench-config.yaml with a fresh data dir and waits for /health;
# 3. starts the ceiling server on another port;
# 4. runs: ceiling saturation (at every count of CONNECTIONS), the ceiling at CEILING_RATES (1,000/s),
#    LeadRouter's JIT warm-up (JIT_WARMUP through /api/v1/simulate, not recorded),
#    LeadRouter saturation (at every count of CONNECTIONS), LeadRouter at fixed rates (500 / 1,000 / 5,000
#    leads/s, open loop, latency from the intended send time);
# 5. speed to lead (STL=1, the default): restarts LeadRouter on a copy of the config whose buyers
#    deliver to a sink (the ceiling's POST /sink/<buyer>), sends STL_RATE leads/s and measures, per
#    lead, the first delivery minus the intended send time;
# 6. writes the JSON results to bench/results/<date>/ and prints a Markdown table for BENCHMARKS.md,
#    with the server's and the load generator's CPU per answered request over each measured period
#    and, for LeadRouter's saturation rows, the most its server may spend for one third of the ceiling.
#
# Every lead is unique (phone and email): each run starts where the previous one stopped
# (--start from its "nextStart"), so the campaign's dedupe never rejects a benchmark lead.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-20s}"
# The first saturation run of each server warms it this long instead: on 2 cores the JIT takes
# 30 s or more of full load before either server reaches its steady rate (LeadRouter starts near
# 1,000 leads/s), and a shorter warm-up measures the compiler, not the server.
FIRST_WARMUP="${FIRST_WARMUP:-60s}"
# LeadRouter's JIT is warmed this long through POST /api/v1/simulate (the same bodies, normalised
# and routed, nothing stored) before that: at 32 connections, 60 s of leads alone left it still
# speeding up (9,900 to 11,300 leads/s over the next 20 s).
JIT_WARMUP="${JIT_WARMUP:-60s}"
# Saturation runs, for each of these connection counts: the ceiling and LeadRouter each do best
# at a different count, so each LeadRouter run is compared with the ceiling at as many.
CONNECTIONS="${CONNECTIONS:-32 256}"
RATES="${RATES:-500 1000 5000}"
# The bare endpoint at these fixed rates too: on a VM whose scheduling is slow, even the ceiling
# misses a latency target, and a LeadRouter p99 means little without the ceiling's beside it.
CEILING_RATES="${CEILING_RATES:-1000}"
CONFIG="${CONFIG:-$BENCH_DIR/bench-config.yaml}"
STL="${STL:-1}"
# sqlite (the embedded default) or postgresql (a fresh database on 127.0.0.1:5432, dropped afterwards)
STORE="${STORE:-sqlite}"
DATABASES=()
STL_RATE="${STL_RATE:-500}"
# The speed-to-lead server starts cold: warm it longer than the others before measuring.
STL_WARMUP="${STL_WARMUP:-60s}"
# LR_JAVA_OPTS: the LeadRouter server's JVM options, default in lib.sh.
# Extra arguments of `leadrouter serve`, e.g. LR_ARGS="--durability normal".
LR_ARGS="${LR_ARGS:-}"
# How a buyer endpoint is written in the config; %s is the sink URL.
DEFAULT_STL_ENDPOINT='{type: http, url: "%s", mapping: {phone: "{{phone}}", lead: "{{lead.id}}"}}'
STL_ENDPOINT="${STL_ENDPOINT:-$DEFAULT_STL_ENDPOINT}"

log "building LeadRouter"
(cd "$REPO_DIR" && mvn -B -q -DskipTests package >&2)
[ -f "$REPO_DIR/target/leadrouter.jar" ] || { echo "target/leadrouter.jar was not built" >&2; exit 1; }
build loadgen
build ceiling

OUT="$(new_results_dir)"
DATA_DIRS=()
LR_PID=""
CEILING_PID=""
SINK_PID=""
cleanup() {
  stop_pid "$LR_PID"
  stop_pid "$CEILING_PID"
  stop_pid "$SINK_PID"
  for d in "${DATA_DIRS[@]}"; do rm -rf "$d"; done
  for db in "${DATABASES[@]}"; do psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >&2 || true; done
}
trap cleanup EXIT
report_load

# start_leadrouter CONFIG PORT LOGFILE: starts `leadrouter serve` on a fresh data dir; sets LR_PID.
start_leadrouter() {
  local config="$1" port="$2" logfile="$3" data db_args=()
  data="$(mktemp -d -t leadrouter-bench.XXXXXX)"
  DATA_DIRS+=("$data")
  if [ "$STORE" = postgresql ]; then
    local db="lr_bench_$RANDOM$RANDOM"
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $db" >&2
    DATABASES+=("$db")
    db_args=(--db-url "jdbc:postgresql://127.0.0.1:5432/$db?user=postgres")
  fi
  log "starting LeadRouter on port $port (config $(basename "$config"), store $STORE, data in $data)"
  (
    cd "$REPO_DIR"
    LEADROUTER_ADMIN_TOKEN="$ADMIN_TOKEN" exec "$JAVA" --enable-native-access=ALL-UNNAMED $LR_JAVA_OPTS \
      -Xlog:gc:file="${logfile%.log}-gc.log" -jar target/leadrouter.jar serve --config "$config" --data "$data" --port "$port" "${db_args[@]}" $LR_ARGS
  ) >"$logfile" 2>&1 &
  LR_PID=$!
}

ADMIN_TOKEN="bench-admin-$RANDOM$RANDOM"
AUTH="Authorization: Bearer bench-key"
TOTAL=$((2 * $(wc -w <<<"$CONNECTIONS") + $(wc -w <<<"$RATES") + $(wc -w <<<"$CEILING_RATES") + (STL == 1 ? 1 : 0)))

LR_PORT="$(free_port)"
start_leadrouter "$CONFIG" "$LR_PORT" "$OUT/leadrouter.log"
wait_healthy "$LR_PORT" /health "$LR_PID" 120 "$OUT/leadrouter.log"

CEILING_PORT="$(free_port)"
while [ "$CEILING_PORT" = "$LR_PORT" ]; do CEILING_PORT="$(free_port)"; done
log "starting the ceiling server on port $CEILING_PORT"
CEILING_PID="$(start_ceiling "$CEILING_PORT" "$OUT/ceiling.log")"
wait_healthy "$CEILING_PORT" /health "$CEILING_PID" 60 "$OUT/ceiling.log"

LR_URL="http://127.0.0.1:$LR_PORT/api/v1/leads"
CEILING_URL="http://127.0.0.1:$CEILING_PORT/api/v1/leads"

step=1
files=()
# saturation_runs NAME LABEL URL PID: one closed-loop run per count of CONNECTIONS, the first warmed
# for FIRST_WARMUP; each run's leads follow the previous run's, so none is a duplicate. The load
# generator reads the server's CPU (PID) and its own over each measured period.
saturation_runs() {
  local name="$1" label="$2" url="$3" pid="$4" warmup="$FIRST_WARMUP" start=0 c
  for c in $CONNECTIONS; do
    log "$step/$TOTAL $name saturation: $c connections (warm-up $warmup)"
    loadgen --url "$url" --header "$AUTH" --connections "$c" --warmup "$warmup" --duration "$DURATION" \
      --label "$label" --start "$start" --server-pid "$pid" --json "$OUT/$label-saturation-c$c.json"
    files+=("$OUT/$label-saturation-c$c.json")
    start="$(next_start "${files[-1]}")"
    warmup="$WARMUP"
    step=$((step + 1))
  done
}
saturation_runs "the ceiling" ceiling "$CEILING_URL" "$CEILING_PID"
for rate in $CEILING_RATES; do
  log "$step/$TOTAL ceiling at $rate requests/s"
  loadgen --url "$CEILING_URL" --header "$AUTH" --rate "$rate" --warmup 10s --duration "$DURATION" \
    --label "ceiling-$rate" --server-pid "$CEILING_PID" --json "$OUT/ceiling-rate-$rate.json"
  files+=("$OUT/ceiling-rate-$rate.json")
  step=$((step + 1))
done
# The ceiling is idle from here on: stop it so that it takes no CPU from LeadRouter.
stop_pid "$CEILING_PID"
CEILING_PID=""

log "warming LeadRouter's JIT: $JIT_WARMUP of POST /api/v1/simulate (nothing stored)"
loadgen --url "http://127.0.0.1:$LR_PORT/api/v1/simulate" --header "Authorization: Bearer $ADMIN_TOKEN" \
  --connections "${CONNECTIONS%% *}" --warmup 0s --duration "$JIT_WARMUP" --quiet --label jit-warmup \
  --json "$OUT/leadrouter-jit-warmup.json"
saturation_runs LeadRouter leadrouter "$LR_URL" "$LR_PID"

for rate in $RATES; do
  log "$step/$TOTAL LeadRouter at $rate leads/s"
  loadgen --url "$LR_URL" --header "$AUTH" --rate "$rate" --warmup 10s --duration "$DURATION" \
    --label "leadrouter-$rate" --start "$(next_start "${files[-1]}")" --server-pid "$LR_PID" \
    --json "$OUT/leadrouter-rate-$rate.json"
  files+=("$OUT/leadrouter-rate-$rate.json")
  step=$((step + 1))
done

if ! kill -0 "$LR_PID" 2>/dev/null; then
  echo "LeadRouter exited during the run; see $OUT/leadrouter.log" >&2
  exit 1
fi

if [ "$STL" = 1 ]; then
  log "$step/$TOTAL speed to lead at $STL_RATE leads/s"
  stop_pid "$LR_PID"
  LR_PID=""
  SINK_PORT="$(free_port)"
  SINK_PID="$(start_ceiling "$SINK_PORT" "$OUT/sink.log")"
  wait_healthy "$SINK_PORT" /health "$SINK_PID" 60 "$OUT/sink.log"
  # Each buyer's `endpoints: []` becomes one endpoint at the sink, named after the buyer.
  STL_CONFIG="$OUT/bench-config-stl.yaml"
  while IFS= read -r line; do
    if [[ "$line" =~ ^(.*\{id:\ ([A-Za-z0-9_-]+),.*)endpoints:\ \[\](.*)$ ]]; then
      # shellcheck disable=SC2059
      endpoint="$(printf "$STL_ENDPOINT" "http://127.0.0.1:$SINK_PORT/sink/${BASH_REMATCH[2]}")"
      line="${BASH_REMATCH[1]}endpoints: [$endpoint]${BASH_REMATCH[3]}"
    fi
    printf '%s\n' "$line"
  done <"$CONFIG" >"$STL_CONFIG"
  LR_PORT="$(free_port)"
  start_leadrouter "$STL_CONFIG" "$LR_PORT" "$OUT/leadrouter-stl.log"
  if wait_healthy "$LR_PORT" /health "$LR_PID" 120 "$OUT/leadrouter-stl.log"; then
    loadgen --url "http://127.0.0.1:$LR_PORT/api/v1/leads" --header "$AUTH" --rate "$STL_RATE" --warmup "$STL_WARMUP" \
      --duration "$DURATION" --label "leadrouter-stl-$STL_RATE" --start "$(next_start "${files[-1]}")" \
      --sent-log "$OUT/stl-sent.txt" --json "$OUT/leadrouter-stl-$STL_RATE.json"
    loadgen stl --sent "$OUT/stl-sent.txt" --arrivals "http://127.0.0.1:$SINK_PORT/sink/arrivals" --wait 15s \
      --label "speed-to-lead-$STL_RATE" --json "$OUT/speed-to-lead-$STL_RATE.json"
    files+=("$OUT/leadrouter-stl-$STL_RATE.json" "$OUT/speed-to-lead-$STL_RATE.json")
  else
    echo "warning: LeadRouter did not start with buyer endpoints ($STL_CONFIG); speed to lead not measured." >&2
    echo "         Set STL_ENDPOINT to the config's endpoint syntax (printf format, %s = URL), or STL=0." >&2
  fi
fi

log "results ($OUT)"
loadgen table "${files[@]}" | tee "$OUT/table.md"
