#!/usr/bin/env bash
# CPU samples of a running LeadRouter server (async-profiler), and where they went: per thread,
# the top frames of each busy thread, and LeadRouter's own methods. Run it while a load runs,
# e.g. during the measured period of `RATE=sat CONNECTIONS=256 DURATION=40s bench/probe.sh`.
#
#   bench/profile.sh                        # the newest `leadrouter.jar serve` on this machine, 20 s
#   PROFILE_SECONDS=30 bench/profile.sh <pid>
#   EVENT=alloc bench/profile.sh            # allocations instead of CPU (any async-profiler event)
#
# Fetches async-profiler from Maven Central on first use (tools.profiler:async-profiler) and
# attaches through the JDK's attach API. Writes bench/results/<date>-profile/collapsed.txt (one
# line per distinct stack, for flame-graph tools) and shares.txt (the summary it prints).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

AP_VERSION="${AP_VERSION:-4.1}"
PROFILE_SECONDS="${PROFILE_SECONDS:-20}"
EVENT="${EVENT:-cpu}"
# A CPU sample each millisecond of CPU time; other events keep async-profiler's own default.
if [ "$EVENT" = cpu ]; then SAMPLING="event=cpu,interval=1ms"; else SAMPLING="event=$EVENT"; fi
PID="${1:-$(pgrep -n -f 'java .*leadrouter.jar serve' || true)}"
[ -n "$PID" ] || { echo "no running 'leadrouter.jar serve' found; give its pid" >&2; exit 2; }

LIB="$BENCH_DIR/profile/target/async-profiler-$AP_VERSION/libasyncProfiler.so"
if [ ! -f "$LIB" ]; then
  log "fetching async-profiler $AP_VERSION"
  mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$AP_VERSION" >&2
  mkdir -p "$(dirname "$LIB")"
  unzip -q -o -j "$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar" \
    linux-x64/libasyncProfiler.so -d "$(dirname "$LIB")"
fi

OUT="$BENCH_DIR/results/$(date -u +%Y-%m-%d_%H%M%S)-profile"
mkdir -p "$OUT"
log "profiling pid $PID: $EVENT for ${PROFILE_SECONDS}s"
"$JAVA" "$BENCH_DIR/profile/Attach.java" "$PID" "$LIB" "start,$SAMPLING,threads"
sleep "$PROFILE_SECONDS"
"$JAVA" "$BENCH_DIR/profile/Attach.java" "$PID" "$LIB" "stop,file=$OUT/collapsed.txt,collapsed"
"$JAVA" "$BENCH_DIR/profile/Shares.java" "$OUT/collapsed.txt" | tee "$OUT/shares.txt"
echo "results in $OUT" >&2
