#!/usr/bin/env bash
# From 250 to the file in Maildir/new, at half of the peak rate, for Postfix and Postfleet in one run.
# Usage: bench/latency.sh [seconds] [postfix-peak postfleet-peak]       (default: 30, peaks measured)
# For each side: a warm-up, then (unless the peaks are given) the peak delivered rate, measured with
# bench/DeliveryLatency.java in closed loop (PEAK_MESSAGES, 3000, as fast as the server answers), then
# an open-loop run at half of it for SECONDS: a message due every 2/peak seconds whatever the server
# does, each one's 250 time kept by its Message-ID and the moment its file appears in Maildir/new
# (inotify), and the p50, p99 and max of the difference printed. Postfix is set up as bench/run.sh does
# (installed when missing, 127.0.0.1:2526, virtual Maildir delivery): run it on a bench machine, not on
# a mail server. It runs in the foreground from start to end.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_AT_HALF=${1:-30}
GIVEN_PEAK_POSTFIX=${2:-}
GIVEN_PEAK_POSTFLEET=${3:-}
PEAK_MESSAGES=${PEAK_MESSAGES:-3000}
SESSIONS=${SESSIONS:-20}
source bench/lib.sh
CLASSES=$WORK/classes
RAW=$WORK/latency-raw.log

# Runs DeliveryLatency against a side; prints its RESULT line, keeps its whole output in $RAW.
latency() {
  local port=$1 rcpt=$2 newdir=$3 rate=$4 messages=$5 out
  out=$(java -cp "$CLASSES" DeliveryLatency --port "$port" --to "$rcpt" --maildir "$newdir" \
    --rate "$rate" --messages "$messages" --sessions "$SESSIONS") || true
  printf '=== port %s, rate %s, %s messages\n%s\n' "$port" "$rate" "$messages" "$out" >>"$RAW"
  grep '^RESULT ' <<<"$out" || echo "RESULT delivered=0"
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

# One side: warm-up, peak (unless given), then half of it; sets RESULT_<side> to "peak rate result".
side() {
  local name=$1 port=$2 rcpt=$3 newdir=$4 peak=$5 result rate
  log "$name: warm-up, 1000 messages"
  latency "$port" "$rcpt" "$newdir" 0 1000 >/dev/null
  if [[ -z $peak ]]; then
    log "$name: peak, $PEAK_MESSAGES messages in closed loop"
    result=$(latency "$port" "$rcpt" "$newdir" 0 "$PEAK_MESSAGES")
    peak=$(field deliver_rate "$result")
  fi
  rate=$(awk -v p="$peak" 'BEGIN { printf "%.1f", p / 2 }')
  log "$name: $rate msg/s (half of $peak) for $SECONDS_AT_HALF s"
  result=$(latency "$port" "$rcpt" "$newdir" "$rate" "$(awk -v r="$rate" -v s="$SECONDS_AT_HALF" 'BEGIN { printf "%d", r * s }')")
  printf -v "RESULT_$name" '%s %s %s' "$peak" "$rate" "$result"
}

trap stop_postfleet EXIT
javac -d "$CLASSES" bench/DeliveryLatency.java
install_postfix
configure_postfix
start_postfleet
DURABILITY_POSTFLEET=$(postfleet_durability)
: >"$RAW"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
side Postfix "$POSTFIX_PORT" "$POSTFIX_RCPT" "$POSTFIX_NEW" "$GIVEN_PEAK_POSTFIX"
side Postfleet "$POSTFLEET_PORT" "$POSTFLEET_RCPT" "$POSTFLEET_NEW" "$GIVEN_PEAK_POSTFLEET"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

printf '\n%-10s %10s %10s | %9s %9s %9s | %10s %8s %8s %6s\n' "" "peak msg/s" "sent msg/s" p50ms p99ms maxms \
  "lag p99ms" missing errors early
for name in Postfix Postfleet; do
  line=RESULT_$name
  read -r peak rate result <<<"${!line}"
  printf '%-10s %10s %10s | %9s %9s %9s | %10s %8s %8s %6s\n' "$name" "$peak" "$rate" "$(field p50_ms "$result")" \
    "$(field p99_ms "$result")" "$(field max_ms "$result")" "$(field lag_p99_ms "$result")" \
    "$(field missing "$result")" "$(field errors "$result")" "$(field early "$result")"
done
echo "(latency: from the 250 after the final dot to the file's appearance in Maildir/new, open loop at half"
echo " of the peak delivered rate; lag: how late messages started after their due time, a rate the client"
echo " could not keep shows there; early: files seen before the client had noted their 250, counted as 0;"
echo " load average before / after $LOAD_BEFORE / $LOAD_AFTER; full output in $RAW)"
echo "$DURABILITY_POSTFIX"
echo "$DURABILITY_POSTFLEET"
if [[ $DURABILITY_POSTFLEET != "Postfleet FSYNC BEFORE ACK"* ]]; then
  echo "NOT AT EQUAL DURABILITY: do not compare these latencies with Postfix's"
fi
