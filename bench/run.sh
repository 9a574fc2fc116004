#!/usr/bin/env bash
# Postfleet against Postfix on this machine, in one run: accept rate (smtp-source's own timing)
# and delivery rate (until every message is a file in the Maildir), same load for both.
# Usage: bench/run.sh [messages] [sessions] [size-bytes]     (defaults: 20000 10 1024)
# It installs Debian's postfix (for postfix, smtp-source) when missing, and reconfigures the
# machine's Postfix to listen on 127.0.0.1:2526 with virtual Maildir delivery: run it on a bench
# machine, not on a mail server. It runs in the foreground from start to end (see DESIGN.md, "How fast").
# MODE=relay relays instead of delivering locally: both servers hand every message on over SMTP to
# Postfix's smtp-sink on 127.0.0.2:$SINK_PORT (2529), through a transport entry for relay.bench.test,
# and "delivered" is what the sink received. It also prints the memory of both sides (RSS and PSS of
# every process), the peak during each side's run and both idle after.
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${1:-20000}
SESSIONS=${2:-10}
SIZE=${3:-1024}
MODE=${MODE:-local}
WARMUP=${WARMUP:-5000}
[[ $MODE == local || $MODE == relay ]] || { echo "MODE is local or relay, not $MODE" >&2; exit 2; }
source bench/lib.sh

# How many messages have arrived where the mode delivers: files in the Maildir, or at the sink.
arrived() {
  if [[ $MODE == relay ]]; then sink_count; else maildir_count "$1"; fi
}

# Sends MESSAGES and waits until they have all arrived; prints "accept_seconds deliver_seconds".
measure() {
  local port=$1 rcpt=$2 newdir=$3 before start accepted now
  [[ $MODE == relay ]] && rcpt=$RELAY_RCPT
  before=$(arrived "$newdir")
  start=$(date +%s.%N)
  smtp-source -s "$SESSIONS" -l "$SIZE" -m "$MESSAGES" -f bench@client.test -t "$rcpt" \
    -M bench.client.test "127.0.0.1:$port"
  accepted=$(date +%s.%N)
  local deadline=$(( $(date +%s) + 900 ))
  while (( $(arrived "$newdir") - before < MESSAGES )); do
    if (( $(date +%s) > deadline )); then
      log "gave up: $(( $(arrived "$newdir") - before )) of $MESSAGES delivered"
      return 1
    fi
    sleep 0.2
  done
  now=$(date +%s.%N)
  echo "$(echo "$accepted - $start" | bc -l) $(echo "$now - $start" | bc -l)"
}

trap 'stop_memory_sampler; stop_postfleet; stop_sink' EXIT

command -v bc >/dev/null || apt-get install -y bc >/dev/null 2>&1
install_postfix
configure_postfix
[[ $MODE == relay ]] && start_sink
start_postfleet
[[ $MODE == relay ]] && postfleet_relay_transport
DURABILITY_POSTFLEET=$(postfleet_durability)
log "$DURABILITY_POSTFIX"
log "$DURABILITY_POSTFLEET"

log "warm-up: $WARMUP messages to each (the JVMs compile their hot paths)"
MESSAGES_SAVED=$MESSAGES
MESSAGES=$WARMUP
measure "$POSTFIX_PORT" "$POSTFIX_RCPT" "$POSTFIX_NEW" >/dev/null
measure "$POSTFLEET_PORT" "$POSTFLEET_RCPT" "$POSTFLEET_NEW" >/dev/null
MESSAGES=$MESSAGES_SAVED

log "Postfix ($MODE): $MESSAGES messages of $SIZE bytes over $SESSIONS sessions"
start_memory_sampler postfix
read -r pf_accept pf_deliver < <(measure "$POSTFIX_PORT" "$POSTFIX_RCPT" "$POSTFIX_NEW")
stop_memory_sampler
read -r pf_rss pf_pss pf_n < <(memory_peak postfix)
log "Postfleet ($MODE): $MESSAGES messages of $SIZE bytes over $SESSIONS sessions"
start_memory_sampler postfleet
read -r pl_accept pl_deliver < <(measure "$POSTFLEET_PORT" "$POSTFLEET_RCPT" "$POSTFLEET_NEW")
stop_memory_sampler
read -r pl_rss pl_pss pl_n < <(memory_peak postfleet)
log "idle: 10 s without mail, then memory of both"
sleep 10
read -r pf_idle_rss pf_idle_pss pf_idle_n < <(postfix_pids | memory_of)
read -r pl_idle_rss pl_idle_pss pl_idle_n < <(postfleet_pids | memory_of)

rate() { echo "scale=0; $MESSAGES / $1" | bc -l; }
ratio() { echo "scale=2; $2 / $1" | bc -l; }
delivered="delivered msg/s"
[[ $MODE == relay ]] && delivered="relayed msg/s"
printf '\nmode %s: %s messages of %s bytes, %s sessions; load average %s\n' "$MODE" "$MESSAGES" "$SIZE" \
  "$SESSIONS" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %14s %16s\n' "" "accepted msg/s" "$delivered"
printf '%-10s %14s %16s\n' Postfix "$(rate "$pf_accept")" "$(rate "$pf_deliver")"
printf '%-10s %14s %16s\n' Postfleet "$(rate "$pl_accept")" "$(rate "$pl_deliver")"
printf '%-10s %13sx %15sx\n' ratio "$(ratio "$pl_accept" "$pf_accept")" "$(ratio "$pl_deliver" "$pf_deliver")"
echo "(ratio = Postfleet rate / Postfix rate; targets in DESIGN.md: accept 2.5x, delivery 1.5x)"
printf '\n%-10s %22s %22s %22s %22s\n' "memory" "peak RSS MiB (procs)" "peak PSS MiB" "idle RSS MiB (procs)" "idle PSS MiB"
printf '%-10s %15s (%4s) %22s %15s (%4s) %22s\n' Postfix "$(mib "$pf_rss")" "$pf_n" "$(mib "$pf_pss")" \
  "$(mib "$pf_idle_rss")" "$pf_idle_n" "$(mib "$pf_idle_pss")"
printf '%-10s %15s (%4s) %22s %15s (%4s) %22s\n' Postfleet "$(mib "$pl_rss")" "$pl_n" "$(mib "$pl_pss")" \
  "$(mib "$pl_idle_rss")" "$pl_idle_n" "$(mib "$pl_idle_pss")"
echo "(Postfix: master and all its children; Postfleet: ./postfleet up's launcher, its four services,"
echo " Kafka, PostgreSQL and its children; peaks sampled every 0.5 s during each side's measured run)"
echo "$DURABILITY_POSTFIX"
echo "$DURABILITY_POSTFLEET"
if [[ $DURABILITY_POSTFLEET != "Postfleet FSYNC BEFORE ACK"* ]]; then
  echo "NOT AT EQUAL DURABILITY: do not quote this ratio against Postfix"
fi
