#!/usr/bin/env bash
# rt.sh PID POLICY PRIO NAMES-REGEX
pid=$1; pol=$2; prio=$3; re=$4
for t in /proc/$pid/task/*; do n=$(cat $t/comm); if [[ $n =~ $re ]]; then chrt $pol -p $prio $(basename $t) && echo "set $n $(chrt -p $(basename $t) | tr '\n' ' ')"; fi; done
