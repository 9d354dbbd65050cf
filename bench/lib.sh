# Shared by the bench scripts: toolchain, builds, ports, server start/stop. Source it; do not run it.
set -euo pipefail

export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
export PATH="$JAVA_HOME/bin:$PATH"

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
JAVA="$JAVA_HOME/bin/java"

log() { printf '\n== %s\n' "$*" >&2; }

# Builds a bench sub-project (loadgen, ceiling, jmh) unless its jar is newer than its sources.
build() {
  local name="$1" jar
  case "$name" in
    loadgen) jar="$BENCH_DIR/loadgen/target/loadgen.jar" ;;
    ceiling) jar="$BENCH_DIR/ceiling/target/ceiling.jar" ;;
    jmh) jar="$BENCH_DIR/jmh/target/routing-jmh.jar" ;;
    *) echo "unknown bench project $name" >&2; return 1 ;;
  esac
  local sources=("$BENCH_DIR/$name")
  [ "$name" = jmh ] && sources+=("$REPO_DIR/src/main/java/leadrouter/routing" "$REPO_DIR/src/main/java/leadrouter/ingest"
    "$REPO_DIR/src/main/java/leadrouter/audit" "$REPO_DIR/src/main/java/leadrouter/Json.java")
  if [ -f "$jar" ] && [ -z "$(find "${sources[@]}" -newer "$jar" -type f -not -path '*/target/*' -print -quit)" ]; then
    return 0
  fi
  log "building bench/$name"
  mvn -B -q -f "$BENCH_DIR/$name/pom.xml" -DskipTests package >&2
}

# A TCP port on 127.0.0.1 that nothing listens on, below the kernel's range of ephemeral ports
# (ip_local_port_range, 32768 and up by default): a port in that range could be the local end of one
# of the load generator's connections, and the server's bind would then fail.
free_port() {
  local p low
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "$low" -gt 21000 ] 2>/dev/null || low=32768
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % (low - 20000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# Status code of GET http://127.0.0.1:PORT/PATH, or 000 when nothing answers.
http_status() {
  local port="$1" path="$2" line
  if ! { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then echo 000; return 0; fi
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
  if IFS= read -r -t 5 line <&3; then echo "$line" | awk '{print $2}'; else echo 000; fi
  exec 3<&- 3>&-
}

# Waits until GET PATH answers 200; fails if PID dies or TIMEOUT seconds pass.
wait_healthy() {
  local port="$1" path="$2" pid="$3" timeout="${4:-90}" logfile="${5:-}"
  local deadline=$((SECONDS + timeout))
  while [ "$(http_status "$port" "$path")" != 200 ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "server (pid $pid) exited before answering $path" >&2
      [ -n "$logfile" ] && tail -n 40 "$logfile" >&2
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "no 200 from http://127.0.0.1:$port$path within ${timeout}s" >&2
      [ -n "$logfile" ] && tail -n 40 "$logfile" >&2
      return 1
    fi
    sleep 0.5
  done
}

# Stops a server this script started, by its pid.
stop_pid() {
  local pid="$1"
  [ -z "$pid" ] && return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}

# JVM options of the LeadRouter server in every script (the bare endpoint's: CEILING_JAVA_OPTS).
# G1, as bin/leadrouter (BENCHMARKS.md, "G1 against the parallel collector"), with a larger heap so
# that young collections are rarer. ThreadPriorityPolicy=1 lets the writer, committer, syncer and answerer
# run at a higher OS priority; it needs root or CAP_SYS_NICE, as in bin/leadrouter.
LR_JAVA_OPTS="${LR_JAVA_OPTS:--Xms1g -Xmx4g -XX:+UseG1GC -XX:MaxTenuringThreshold=2 -XX:ThreadPriorityPolicy=1}"

start_ceiling() {
  local port="$1" logfile="$2"
  # shellcheck disable=SC2086
  "$JAVA" --enable-native-access=ALL-UNNAMED ${CEILING_JAVA_OPTS:--Xms512m -Xmx2g} -jar "$BENCH_DIR/ceiling/target/ceiling.jar" --port "$port" >"$logfile" 2>&1 &
  echo $!
}

loadgen() {
  "$JAVA" -Xms256m -Xmx1g -jar "$BENCH_DIR/loadgen/target/loadgen.jar" "$@"
}

# Per thread of process $1: "name|user system runq slices": user and system ticks (fields 14 and 15
# of /proc/<pid>/task/<tid>/stat), then from its schedstat the nanoseconds it spent runnable but
# waiting for a core, and its number of time slices (what "waiting, not CPU" is made of).
# One process for all threads: a few per thread took 3-4 s on a saturated machine, long enough to
# put a snapshot's CPU and its count of requests seconds apart.
thread_ticks() {
  local files=() t
  for t in /proc/"$1"/task/*; do files+=("$t/stat" "$t/schedstat"); done
  awk 'FILENAME ~ /\/stat$/ {i = index($0, "("); j = match($0, /\) [A-Za-z] /); split(substr($0, j + 2), f, " ")
                            name = substr($0, i + 1, j - i - 1); cpu = f[12] " " f[13]; next}
       name != "" {print name "|" cpu, $2, $3; name = ""}' "${files[@]}" 2>/dev/null
}

# The next unused lead sequence number after a result file, so runs against one server never repeat a lead.
next_start() {
  sed -n 's/.*"nextStart" *: *\([0-9]*\).*/\1/p' "$1"
}

# "90s", "2m" or "45" -> whole seconds.
seconds() {
  case "$1" in
    *m) echo $((${1%m} * 60)) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}

new_results_dir() {
  local dir="$BENCH_DIR/results/$(date -u +%Y-%m-%d_%H%M%S)"
  mkdir -p "$dir"
  echo "$dir"
}

# Benchmarks on a 2-core machine are only as good as its quiet: say how busy it is.
report_load() {
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "machine: $(nproc) cores, load average $load" >&2
  if awk -v l="$load" 'BEGIN { exit !(l > 0.5) }'; then
    echo "warning: the machine is busy (load $load): other processes share these cores; figures will be noisy" >&2
  fi
}

# Posts leads to URL until `stored` (a global, the next lead number) reaches LEVEL, in chunks of
# whole seconds at FILL_CONNECTIONS (default 64) connections; each chunk's JSON goes to
# OUT/fill-LEVEL-N.json. The chunks are sized by the rate the last one reached (FILL_RATE, first
# guess 3,000/s; a cold server is slower than it will be, so never planned below that).
fill_to() {
  local url="$1" auth="$2" level="$3" out="$4" chunk=0 secs rate
  FILL_RATE="${FILL_RATE:-3000}"
  while [ "$stored" -lt "$level" ]; do
    chunk=$((chunk + 1))
    secs=$(( (level - stored) / (FILL_RATE > 3000 ? FILL_RATE : 3000) ))
    [ "$secs" -lt 1 ] && secs=1
    [ "$secs" -gt 30 ] && secs=30
    log "filling to $level leads (now $stored, ${secs}s at about $FILL_RATE/s)"
    loadgen --url "$url" --header "$auth" --connections "${FILL_CONNECTIONS:-64}" --warmup 0s --duration "${secs}s" --quiet \
      --label "fill" --start "$stored" --json "$out/fill-$level-$chunk.json"
    stored="$(next_start "$out/fill-$level-$chunk.json")"
    rate="$(sed -n 's/.*"throughput" *: *\([0-9]*\).*/\1/p' "$out/fill-$level-$chunk.json" | head -1)"
    if [ -n "$rate" ] && [ "$rate" -gt 100 ]; then FILL_RATE="$rate"; fi
  done
}
