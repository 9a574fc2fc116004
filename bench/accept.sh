#!/usr/bin/env bash
# The accept side of smtp-ingress against Postfix's smtpd, in one run: accepted msg/s and latency
# p50/p99 (connect to the 250 after the final dot, measured by bench/SmtpLoad.java) for 1 KiB and
# 100 KiB messages at 1, 10 and 50 concurrent sessions, one message per connection.
# Usage: bench/accept.sh [messages-1KiB] [messages-100KiB] [max-seconds-per-cell]
#        (defaults: 20000 5000 30; a cell stops at whichever bound comes first; 5 to 7 minutes)
# Postfleet answers 250 only after Kafka acknowledged the message (acks=all). Postfix is set up as
# bench/run.sh does it (installed when missing, 127.0.0.1:2526, virtual Maildir delivery): run it on
# a bench machine, not on a mail server. It runs in the foreground from start to end.
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES_SMALL=${1:-20000}
MESSAGES_LARGE=${2:-5000}
CELL_SECONDS=${3:-30}
SIZES=(1024 102400)
SESSIONS=(1 10 50)
source bench/lib.sh
RAW=$WORK/accept-raw.log
CLASSES=$WORK/classes

# Runs SmtpLoad once; prints its RESULT line, keeps its whole output in $RAW.
load() {
  local port=$1 rcpt=$2 size=$3 sessions=$4 messages=$5 warmup=$6 out
  out=$(java -cp "$CLASSES" SmtpLoad --port "$port" --to "$rcpt" --size "$size" \
    --sessions "$sessions" --messages "$messages" --warmup "$warmup" --max-seconds "$CELL_SECONDS") || true
  printf '=== port %s, %s bytes, %s sessions\n%s\n' "$port" "$size" "$sessions" "$out" >>"$RAW"
  grep '^RESULT ' <<<"$out" || echo "RESULT accepted=0 errors=-1"
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

# Waits until NEWDIR holds WANT files, so that the next cell starts with nothing left to deliver.
drain() {
  local newdir=$1 want=$2 deadline=$(( $(date +%s) + 180 ))
  while (( $(maildir_count "$newdir") < want )); do
    if (( $(date +%s) > deadline )); then
      log "still delivering after 180 s ($(maildir_count "$newdir") of $want): going on"
      return
    fi
    sleep 0.5
  done
}

# One cell for one server: sends, waits for delivery, prints "rate p50 p99 errors".
cell() {
  local port=$1 rcpt=$2 newdir=$3 size=$4 sessions=$5 messages=$6 before result warmup
  before=$(maildir_count "$newdir")
  warmup=$(( sessions * 4 > 50 ? sessions * 4 : 50 ))
  result=$(load "$port" "$rcpt" "$size" "$sessions" "$messages" "$warmup")
  drain "$newdir" $(( before + $(field accepted "$result") + $(field warmup_accepted "$result") ))
  echo "$(field rate "$result") $(field p50_ms "$result") $(field p99_ms "$result") $(field errors "$result")"
}

trap stop_postfleet EXIT
STARTED=$(date +%s)
javac -d "$CLASSES" bench/SmtpLoad.java
HAVE_POSTFIX=yes
install_postfix || HAVE_POSTFIX=
if [[ -n $HAVE_POSTFIX ]]; then
  configure_postfix
else
  log "no Postfix on this machine: Postfleet only"
fi
start_postfleet
DURABILITY_POSTFLEET=$(postfleet_durability)
log "$DURABILITY_POSTFIX"
log "$DURABILITY_POSTFLEET"
: >"$RAW"

log "warm-up: 5000 x 1 KiB and 500 x 100 KiB to each, 10 sessions (the JVMs compile their hot paths)"
servers=(postfleet)
[[ -n $HAVE_POSTFIX ]] && servers=(postfix postfleet)
for server in "${servers[@]}"; do
  if [[ $server == postfix ]]; then set -- "$POSTFIX_PORT" "$POSTFIX_RCPT" "$POSTFIX_NEW"
  else set -- "$POSTFLEET_PORT" "$POSTFLEET_RCPT" "$POSTFLEET_NEW"; fi
  cell "$1" "$2" "$3" 1024 10 5000 >/dev/null
  cell "$1" "$2" "$3" 102400 10 500 >/dev/null
done

declare -A RESULT
for size in "${SIZES[@]}"; do
  for sessions in "${SESSIONS[@]}"; do
    messages=$MESSAGES_SMALL
    (( size > 1024 )) && messages=$MESSAGES_LARGE
    # Postfix and Postfleet take turns cell by cell, so that other load on the machine hits both alike.
    if [[ -n $HAVE_POSTFIX ]]; then
      log "Postfix: up to $messages messages of $size bytes over $sessions sessions"
      RESULT[postfix,$size,$sessions]=$(cell "$POSTFIX_PORT" "$POSTFIX_RCPT" "$POSTFIX_NEW" "$size" "$sessions" "$messages")
    fi
    log "Postfleet: up to $messages messages of $size bytes over $sessions sessions"
    RESULT[postfleet,$size,$sessions]=$(cell "$POSTFLEET_PORT" "$POSTFLEET_RCPT" "$POSTFLEET_NEW" "$size" "$sessions" "$messages")
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2fx", a / b; else print "-" }'; }
{
  printf '\n%-7s %4s | %-30s | %-30s | %-21s\n' "" "" "Postfix smtpd" "Postfleet smtp-ingress" "Postfleet / Postfix"
  printf '%-7s %4s | %8s %7s %7s %5s | %8s %7s %7s %5s | %7s %6s %6s\n' size sess msg/s p50ms p99ms err \
    msg/s p50ms p99ms err msg/s p50 p99
  for size in "${SIZES[@]}"; do
    for sessions in "${SESSIONS[@]}"; do
      read -r pf_rate pf_p50 pf_p99 pf_err <<<"${RESULT[postfix,$size,$sessions]:-- - - -}"
      read -r pl_rate pl_p50 pl_p99 pl_err <<<"${RESULT[postfleet,$size,$sessions]}"
      printf '%-7s %4s | %8s %7s %7s %5s | %8s %7s %7s %5s | %7s %6s %6s\n' "$(( size / 1024 ))KiB" "$sessions" \
        "$pf_rate" "$pf_p50" "$pf_p99" "$pf_err" "$pl_rate" "$pl_p50" "$pl_p99" "$pl_err" \
        "$(ratio "$pl_rate" "$pf_rate")" "$(ratio "$pl_p50" "$pf_p50")" "$(ratio "$pl_p99" "$pf_p99")"
    done
  done
  echo "(latency: connect to the 250 after the final dot, one message per connection; msg/s ratio:"
  echo " higher is better for Postfleet, latency ratios: lower is better; whole run $(( $(date +%s) - STARTED )) s;"
  echo " SmtpLoad's full output in $RAW)"
  echo "$DURABILITY_POSTFIX"
  echo "$DURABILITY_POSTFLEET"
  if [[ $DURABILITY_POSTFLEET != "Postfleet FSYNC BEFORE ACK"* ]]; then
    echo "NOT AT EQUAL DURABILITY: do not quote these ratios against Postfix"
  fi
} | tee "$WORK/accept-$(date +%Y%m%dT%H%M).txt"
