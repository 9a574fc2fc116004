#!/usr/bin/env bash
# Where Postfleet's work goes per message, for bench/README.md: starts ./postfleet up, warms up with
# 5000 messages, then sends MESSAGES (smtp-source, 10 sessions, 1 KiB) and prints, per message, the
# broker's requests by type, appends per topic and fsyncs (bench/KafkaCounts.java), and the CPU time
# of each service, the broker and PostgreSQL (/proc/<pid>/stat). PROFILE=1 also records each
# service and the broker with JFR (settings=profile) into bench/work/jfr-<time>/; JFR adds CPU.
# Usage: bench/profile.sh [messages]   (default 10000). Run it alone, in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
source bench/lib.sh
OUT=$WORK/jfr-$(date +%H%M%S)
mkdir -p "$OUT"
trap stop_postfleet EXIT
start_postfleet
send() { smtp-source -s 10 -l 1024 -m "$1" -f bench@client.test -t "$POSTFLEET_RCPT" -M bench.client.test "127.0.0.1:$POSTFLEET_PORT"; }
delivered() { # waits until the Maildir holds $1 files
  local deadline=$(( $(date +%s) + 900 ))
  while (( $(maildir_count "$POSTFLEET_NEW") < $1 )); do (( $(date +%s) < deadline )) || return 1; sleep 0.2; done
}
cpu() { local p; for p in "$@"; do awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0; done; }
ticks=$(getconf CLK_TCK)
before=$(maildir_count "$POSTFLEET_NEW"); send 5000; delivered $((before + 5000))
SERVICES=(smtp-ingress queue-manager local-delivery)
PIDS=()
for s in "${SERVICES[@]}"; do PIDS+=("$(pgrep -f "$PWD/$s/target/quarkus-app/quarkus-run.jar" | head -1)"); done
BROKER=$(pgrep -f "BrokerMain .*$PWD/var/kafka" | head -1)
PG=$(pgrep -f "$PWD/var/postgres" | head -1)
PG_ALL=("$PG" $(pgrep -P "$PG"))
if [[ -n ${PROFILE:-} ]]; then
  for p in "${PIDS[@]}" "$BROKER"; do jcmd "$p" JFR.start name=bench settings=profile >/dev/null; done
fi
c0=($(cpu "${PIDS[@]}" "$BROKER" "${PG_ALL[@]}")); java bench/KafkaCounts.java "$BROKER" >"$OUT/kafka-before.txt"
before=$(maildir_count "$POSTFLEET_NEW"); t0=$(date +%s.%N)
send "$N"; t1=$(date +%s.%N); delivered $((before + N)); t2=$(date +%s.%N)
c1=($(cpu "${PIDS[@]}" "$BROKER" "${PG_ALL[@]}")); java bench/KafkaCounts.java "$BROKER" >"$OUT/kafka-after.txt"
if [[ -n ${PROFILE:-} ]]; then
  names=("${SERVICES[@]}" kafka)
  for i in "${!names[@]}"; do jcmd "${PIDS[$i]:-$BROKER}" JFR.dump name=bench filename="$OUT/${names[$i]}.jfr" >/dev/null; done
fi
echo "accepted $(echo "$N / ($t1 - $t0)" | bc) msg/s, delivered $(echo "$N / ($t2 - $t0)" | bc) msg/s"
join -a2 -e0 -o '0,1.2,2.2' <(sed 's/ \([0-9.]*\)$/|\1/' "$OUT/kafka-before.txt" | tr ' ' '_' | tr '|' ' ' | sort) \
  <(sed 's/ \([0-9.]*\)$/|\1/' "$OUT/kafka-after.txt" | tr ' ' '_' | tr '|' ' ' | sort) |
  awk -v n="$N" '$1 !~ /meanMs/ && $3 - $2 > 0 { printf "%8d  %6.3f per message  %s\n", $3 - $2, ($3 - $2) / n, $1 }'
names=(smtp-ingress queue-manager local-delivery kafka)
total=0
for i in "${!c0[@]}"; do
  d=$(( c1[i] - c0[i] )); total=$(( total + d ))
  (( i < 4 )) && printf 'cpu %-15s %6.3f ms per message\n' "${names[$i]}" "$(echo "$d * 1000 / $ticks / $N" | bc -l)"
done
pg=$total; for i in 0 1 2 3; do pg=$(( pg - (c1[i] - c0[i]) )); done
printf 'cpu %-15s %6.3f ms per message\n' postgresql "$(echo "$pg * 1000 / $ticks / $N" | bc -l)"
printf 'cpu %-15s %6.3f ms per message\n' total "$(echo "$total * 1000 / $ticks / $N" | bc -l)"
