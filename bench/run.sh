#!/usr/bin/env bash
# Postfleet against Postfix on this machine, in one run: accept rate (smtp-source's own timing)
# and delivery rate (until every message is a file in the Maildir), same load for both.
# Usage: bench/run.sh [messages] [sessions] [size-bytes]     (defaults: 20000 10 1024)
# It installs Debian's postfix (for postfix, smtp-source) when missing, and reconfigures the
# machine's Postfix to listen on 127.0.0.1:2526 with virtual Maildir delivery: run it on a bench
# machine, not on a mail server. It runs in the foreground from start to end (see DESIGN.md, "How fast").
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${1:-20000}
SESSIONS=${2:-10}
SIZE=${3:-1024}
source bench/lib.sh

# Sends MESSAGES and waits until they are all files in NEWDIR; prints "accept_seconds deliver_seconds".
measure() {
  local port=$1 rcpt=$2 newdir=$3 before start accepted now
  before=$(maildir_count "$newdir")
  start=$(date +%s.%N)
  smtp-source -s "$SESSIONS" -l "$SIZE" -m "$MESSAGES" -f bench@client.test -t "$rcpt" \
    -M bench.client.test "127.0.0.1:$port"
  accepted=$(date +%s.%N)
  local deadline=$(( $(date +%s) + 900 ))
  while (( $(maildir_count "$newdir") - before < MESSAGES )); do
    if (( $(date +%s) > deadline )); then
      log "gave up: $(( $(maildir_count "$newdir") - before )) of $MESSAGES delivered"
      return 1
    fi
    sleep 0.2
  done
  now=$(date +%s.%N)
  echo "$(echo "$accepted - $start" | bc -l) $(echo "$now - $start" | bc -l)"
}

trap stop_postfleet EXIT

command -v bc >/dev/null || apt-get install -y bc >/dev/null 2>&1
install_postfix
configure_postfix
start_postfleet
DURABILITY_POSTFLEET=$(postfleet_durability)
log "$DURABILITY_POSTFIX"
log "$DURABILITY_POSTFLEET"

log "warm-up: 5000 messages to each (the JVMs compile their hot paths)"
MESSAGES_SAVED=$MESSAGES
MESSAGES=5000
measure "$POSTFIX_PORT" "$POSTFIX_RCPT" "$POSTFIX_NEW" >/dev/null
measure "$POSTFLEET_PORT" "$POSTFLEET_RCPT" "$POSTFLEET_NEW" >/dev/null
MESSAGES=$MESSAGES_SAVED

log "Postfix: $MESSAGES messages of $SIZE bytes over $SESSIONS sessions"
read -r pf_accept pf_deliver < <(measure "$POSTFIX_PORT" "$POSTFIX_RCPT" "$POSTFIX_NEW")
log "Postfleet: $MESSAGES messages of $SIZE bytes over $SESSIONS sessions"
read -r pl_accept pl_deliver < <(measure "$POSTFLEET_PORT" "$POSTFLEET_RCPT" "$POSTFLEET_NEW")

rate() { echo "scale=0; $MESSAGES / $1" | bc -l; }
ratio() { echo "scale=2; $2 / $1" | bc -l; }
printf '\n%-10s %14s %16s\n' "" "accepted msg/s" "delivered msg/s"
printf '%-10s %14s %16s\n' Postfix "$(rate "$pf_accept")" "$(rate "$pf_deliver")"
printf '%-10s %14s %16s\n' Postfleet "$(rate "$pl_accept")" "$(rate "$pl_deliver")"
printf '%-10s %13sx %15sx\n' ratio "$(ratio "$pl_accept" "$pf_accept")" "$(ratio "$pl_deliver" "$pf_deliver")"
echo "(ratio = Postfleet rate / Postfix rate; targets in DESIGN.md: accept 2.5x, delivery 1.5x)"
echo "$DURABILITY_POSTFIX"
echo "$DURABILITY_POSTFLEET"
if [[ $DURABILITY_POSTFLEET != "Postfleet FSYNC BEFORE ACK"* ]]; then
  echo "NOT AT EQUAL DURABILITY: do not quote this ratio against Postfix"
fi
