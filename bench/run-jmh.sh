#!/usr/bin/env bash
# Router.decide throughput (decisions/s, one thread) and latency percentiles on a synthetic
# campaign: 10 / 50 / 500 rules x pools of 10 / 100 / 1,000 buyers.
#
#   bench/run-jmh.sh                 # the whole grid: -f 1 -wi 8 -w 2s -i 5 -r 2s (about 13 minutes)
#   bench/run-jmh.sh quick           # the whole grid, fewer measured: -f 1 -wi 8 -w 2s -i 3 -r 2s (about 11 minutes)
#
# Warm-up is long on purpose: on a 2-core machine the compiler shares the cores with the
# benchmark, and 50 x 100 reaches its steady speed only after 12-16 s (shorter warm-ups measured
# a fifth to a third too low).
#   bench/run-jmh.sh profile         # rules=50 buyers=100 with -prof gc and JFR; prints the hot methods
#   bench/run-jmh.sh -- -p rules=50  # any JMH options after --
#
# Results: bench/results/<date>/jmh.json, jmh.txt, table.md (and shape.md, the workload's shape).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MODE="full"
if [ $# -gt 0 ] && [ "$1" != "--" ]; then MODE="$1"; shift; fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
EXTRA=("$@")

build jmh
OUT="$(new_results_dir)"
JAR="$BENCH_DIR/jmh/target/routing-jmh.jar"
report_load

log "workload shape"
"$JAVA" -cp "$JAR" leadrouter.bench.routing.WorkloadShape | tee "$OUT/shape.md"

case "$MODE" in
  full)
    log "JMH: whole grid"
    "$JAVA" --sun-misc-unsafe-memory-access=allow -jar "$JAR" DecideBenchmark -f 1 -wi 8 -w 2s -i 5 -r 2s -rf json -rff "$OUT/jmh.json" "${EXTRA[@]}" | tee "$OUT/jmh.txt"
    ;;
  quick)
    log "JMH: whole grid, short"
    "$JAVA" --sun-misc-unsafe-memory-access=allow -jar "$JAR" DecideBenchmark -f 1 -wi 8 -w 2s -i 3 -r 2s -rf json -rff "$OUT/jmh.json" "${EXTRA[@]}" | tee "$OUT/jmh.txt"
    ;;
  profile)
    log "JMH: rules=50 buyers=100 with the GC and JFR profilers"
    "$JAVA" --sun-misc-unsafe-memory-access=allow -jar "$JAR" 'DecideBenchmark.throughput' -p rules=50 -p buyers=100 -f 1 -wi 8 -w 2s -i 5 -r 2s \
      -prof gc -prof "jfr:dir=$OUT/jfr;configName=profile" -rf json -rff "$OUT/jmh.json" "${EXTRA[@]}" | tee "$OUT/jmh.txt"
    JFR_FILE="$(find "$OUT/jfr" -name '*.jfr' | head -n 1)"
    log "hot methods (top frames of the execution samples)"
    "$JAVA_HOME/bin/jfr" view --width 200 hot-methods "$JFR_FILE" | tee "$OUT/hot-methods.txt"
    log "allocations by class"
    "$JAVA_HOME/bin/jfr" view --width 200 allocation-by-class "$JFR_FILE" | tee "$OUT/allocations.txt"
    ;;
  *) echo "unknown mode '$MODE' (full, quick, profile)" >&2; exit 2 ;;
esac

log "summary"
"$JAVA" -cp "$JAR" leadrouter.bench.routing.JmhReport "$OUT/jmh.json" | tee "$OUT/table.md"
echo "results in $OUT" >&2
