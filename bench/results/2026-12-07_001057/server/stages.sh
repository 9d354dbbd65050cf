#!/bin/bash
# usage: stages.sh before.txt after.txt vmstat.txt
b=$1; a=$2
get() { grep -E "^$2" $1 | awk '{print $NF}' | head -1; }
tb=$(get $b 'leadrouter_writer_tasks_total '); ta=$(get $a 'leadrouter_writer_tasks_total ')
n=$(echo "$ta - $tb" | bc)
printf "tasks %s; µs per task:" "$n"
for s in queued running waiting_for_committer committing syncing answering; do
  vb=$(get $b "leadrouter_writer_stage_seconds_total\\{stage=\"$s\"\\}"); va=$(get $a "leadrouter_writer_stage_seconds_total\\{stage=\"$s\"\\}")
  printf " %s %.0f" $s $(echo "($va - $vb) * 1000000 / $n" | bc -l)
done
echo
[ -n "$3" ] && awk 'NR>2 && $1 ~ /^[0-9]+$/ {n++; us+=$13; sy+=$14; id+=$15; wa+=$16; bo+=$10} END {printf "vmstat: user %.0f%% system %.0f%% idle %.0f%% iowait %.0f%% blocks out/s %.0f\n", us/n, sy/n, id/n, wa/n, bo/n}' $3
