#!/usr/bin/env bash
# One server, one load, and where it goes: per-thread CPU per lead, bytes written per lead, GC
# pauses and the server's own latency histograms over the measured period. For tuning; the
# figures in BENCHMARKS.md come from e2e.sh.
#
#   bench/probe.sh                     # 1,000 leads/s: 60 s warm-up, 20 s measured
#   RATE=sat CONNECTIONS=64 bench/probe.sh
#   RATE=500 DURATION=30s LR_JAVA_OPTS="-Xms1g -Xmx4g -XX:+UseZGC" LR_ARGS="--durability normal" bench/probe.sh
#   LR_JAR=/tmp/before.jar bench/probe.sh   # a jar built elsewhere (A/B runs against another commit)
#   FILL=1000000 RATE=sat CONNECTIONS=32 bench/probe.sh   # on a store that already holds a million leads
#
# Prints a summary; the raw files (per-thread CPU before/after, /proc/<pid>/io, metrics, GC log,
# the load generator's JSON) go to bench/results/<date>/.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RATE="${RATE:-1000}"
WARMUP="${WARMUP:-60s}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-64}"
LR_ARGS="${LR_ARGS:-}"
LR_ENV="${LR_ENV:-}"
# Leads stored before the warm-up (as growth.sh fills), so that the probe sees a store with history.
FILL="${FILL:-0}"

LR_JAR="${LR_JAR:-}"
if [ -z "$LR_JAR" ]; then
  log "building LeadRouter"
  (cd "$REPO_DIR" && mvn -B -q -DskipTests package >&2)
  LR_JAR="$REPO_DIR/target/leadrouter.jar"
fi
build loadgen
OUT="$(new_results_dir)"
report_load

DATA="$(mktemp -d -t leadrouter-probe.XXXXXX)"
PORT="$(free_port)"
LR_PID=""
VMSTAT_PID=""
LOADGEN_PID=""
cleanup() {
  [ -n "$VMSTAT_PID" ] && kill "$VMSTAT_PID" 2>/dev/null
  [ -n "$LOADGEN_PID" ] && kill "$LOADGEN_PID" 2>/dev/null
  stop_pid "$LR_PID"
  rm -rf "$DATA"
}
trap cleanup EXIT
(
  cd "$REPO_DIR"
  LEADROUTER_ADMIN_TOKEN="probe-$RANDOM$RANDOM" exec env $LR_ENV "$JAVA" --enable-native-access=ALL-UNNAMED $LR_JAVA_OPTS \
    -Xlog:gc:file="$OUT/gc.log" -jar "$LR_JAR" serve --config "$BENCH_DIR/bench-config.yaml" \
    --data "$DATA" --port "$PORT" $LR_ARGS
) >"$OUT/leadrouter.log" 2>&1 &
LR_PID=$!
wait_healthy "$PORT" /health "$LR_PID" 120 "$OUT/leadrouter.log"

URL="http://127.0.0.1:$PORT/api/v1/leads"
stored=0
if [ "$FILL" -gt 0 ]; then
  fill_to "$URL" "Authorization: Bearer bench-key" "$FILL" "$OUT"
  log "$stored leads stored ($(du -sh "$DATA" | cut -f1) on disk)"
fi
if [ "$RATE" = sat ]; then mode=(--connections "$CONNECTIONS"); else mode=(--rate "$RATE" --connections "$CONNECTIONS"); fi

snapshot() {
  thread_ticks "$LR_PID" >"$OUT/threads-$1.txt"
  cp /proc/"$LR_PID"/io "$OUT/io-$1.txt"
  curl -s "http://127.0.0.1:$PORT/metrics" >"$OUT/metrics-$1.txt"
  wc -l <"$OUT/gc.log" >"$OUT/gc-lines-$1.txt"
}

# Sleeps until $2 seconds after $1 (date +%s%N): the scrapes and snapshots take time (seconds,
# when the JIT is still cold), and sleeping for fixed spans after them put the last snapshot
# after the end of the load.
sleep_until() {
  sleep "$(awk -v from="$1" -v at="$2" -v now="$(date +%s%N)" 'BEGIN {s = at - (now - from) / 1e9; printf "%.3f", (s > 0 ? s : 0)}')"
}

# One load generator run for the warm-up and the measured period: between two runs its
# connections would close and reopen, and the server's JIT recompiles Jetty's connection paths
# (hundreds of compilations, 5 s at two thirds of the rate) inside the measured period. The
# snapshots are taken by the clock instead, and per-lead figures use the server's own count of
# leads between them.
log "warm-up: $WARMUP (not recorded), then measured: $DURATION at ${RATE} (leads/s, or sat = closed loop)"
started=$(date +%s%N)
loadgen --url "$URL" --header "Authorization: Bearer bench-key" "${mode[@]}" --warmup "$WARMUP" --duration "$DURATION" \
  --label "probe-$RATE" --start "$stored" --server-pid "$LR_PID" --json "$OUT/run.json" &
LOADGEN_PID=$!
# A scrape of /metrics, the first request of another shape, made the JIT throw away and redo
# ~100 compilations of Jetty's request path (a third of the rate for 5 s): done twice in the
# warm-up, as a monitoring system would, so that the snapshots' own scrapes change nothing.
warm="$(seconds "$WARMUP")"
for i in 1 2; do
  sleep_until "$started" $((i * warm / 3))
  curl -s "http://127.0.0.1:$PORT/metrics" >/dev/null
done
# The load generator's clock starts once its JVM is up, a little after $started: the measured
# period below lies inside its run.
sleep_until "$started" "$warm"
snapshot before
# The whole machine's CPU (server, load generator, kernel) each second: idle CPU at saturation
# means the server waits on something other than CPU.
vmstat -n 1 >"$OUT/vmstat.txt" &
VMSTAT_PID=$!
sleep_until "$started" $((warm + $(seconds "$DURATION")))
snapshot after
kill "$VMSTAT_PID" 2>/dev/null || true
VMSTAT_PID=""
wait "$LOADGEN_PID"
LOADGEN_PID=""
"$JAVA" "$BENCH_DIR/probe/Summary.java" "$OUT" | tee "$OUT/summary.txt"
# vmstat's first line is the average since boot; the last may be cut short.
awk 'NR>3 && $1 ~ /^[0-9]+$/ {n++; us+=$13; sy+=$14; id+=$15; wa+=$16}
     END {if (n) printf "machine CPU over the measured period (vmstat, %d samples): user %.0f%%, system %.0f%%, idle %.0f%%, I/O wait %.0f%%\n", n, us/n, sy/n, id/n, wa/n}' \
  "$OUT/vmstat.txt" | tee -a "$OUT/summary.txt"
echo "results in $OUT" >&2
