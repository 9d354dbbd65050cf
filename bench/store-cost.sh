#!/usr/bin/env bash
# What the embedded store's committer thread spends on one routed lead, apart from HTTP, routing
# and the load generator: bench/store/StageCost.java stages batches of bench-like leads (the rows
# and audit events a routed lead writes) into a fresh store and prints, per round, wall time and
# CPU per lead of the staging thread and of the whole process (the store's flush and checkpoint
# threads included). For store changes too small to see end to end on a shared 2-core VM.
#
#   bench/store-cost.sh                          # this checkout: 10 rounds of 40,000 leads, batches of 16
#   ROUNDS=12 BATCH=32 bench/store-cost.sh
#   WITHOUT=events,dedupe bench/store-cost.sh    # leave rows out: lead, assignment, dedupe, counters, rotation, events
#                                                # (or one of them: received, routed), received-fields (lead.received
#                                                # without the fields), type-index (no index of events by type)
#   LR_JARS="/tmp/a /tmp/b" RUNS=4 bench/store-cost.sh   # A/B: directories each holding leadrouter.jar and lib/, run alternately
#
# Prints one line per run: medians over the last six rounds. The raw output goes to bench/results/<date>/.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS="${ROUNDS:-10}"
BATCH="${BATCH:-16}"
WITHOUT="${WITHOUT:-none}"
RUNS="${RUNS:-1}"
LR_JARS="${LR_JARS:-}"
if [ -z "$LR_JARS" ]; then
  log "building LeadRouter"
  (cd "$REPO_DIR" && mvn -B -q -DskipTests package >&2)
  LR_JARS="$REPO_DIR/target"
fi
OUT="$(new_results_dir)"
report_load

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {printf "%.2f", (a[int((NR+1)/2)]+a[int(NR/2)+1])/2}'; }
column() { grep '^round' "$1" | tail -6 | awk -v f="$2" '{print $f}' | tr '\n' ' '; }

for run in $(seq 1 "$RUNS"); do
  i=0
  for dir in $LR_JARS; do
    i=$((i + 1))
    raw="$OUT/run$run-jar$i.txt"
    "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$dir/leadrouter.jar:$dir/lib/*" "$BENCH_DIR/store/StageCost.java" \
      "$ROUNDS" "$BATCH" "$WITHOUT" >"$raw" 2>&1
    printf '%s run %d: µs per lead: wall %s, committer CPU %s, process CPU %s; %s\n' "$dir" "$run" \
      "$(column "$raw" 3 | median)" "$(column "$raw" 7 | median)" "$(column "$raw" 10 | median)" \
      "$(grep 'database file' "$raw")" | tee -a "$OUT/summary.txt"
  done
done
echo "results in $OUT"
