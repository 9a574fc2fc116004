#!/usr/bin/env bash
# The accept side of smtp-ingress against Postfix's smtpd, in one run: accepted msg/s and latency
# p50/p99 (connect to the 250 after the final dot, measured by bench/SmtpLoad.java) for 1 KiB and
# 100 KiB messages at 1, 10 and 50 concurrent sessions, one message per connection.
# Usage: bench/accept.sh [messages-1KiB] [messages-100KiB] [max-seconds-per-cell]
#        (defaults: 20000 5000 30; a cell stops at whichever bound comes first; 5 to 7 minutes)
# Postfleet answers 250 only after Kafka acknowledged the message (acks=all). Postfix is set up as
# bench/run.sh does it (installed when missing, 127.0.0.1:2526, virtual Maildir delivery): run it on
# a bench machine, not on a mail server. It runs in the foreground from start to end.
# CHECKS=on adds a third side, Postfleet with its sender checks (FCrDNS, SPF, DKIM, DMARC): the same
# stack, with mynetworks narrowed to 127.0.0.1/32 and DNS from bench/BenchDns.java, loaded from
# 127.0.0.2 with DKIM-signed messages; the checks-off side connects from 127.0.0.1 (see README.md).
# SIZES="1024" SESSIONS="10" restrict the cells (defaults: "1024 102400" and "1 10 50"); POSTFIX=no
# leaves Postfix out.
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES_SMALL=${1:-20000}
MESSAGES_LARGE=${2:-5000}
CELL_SECONDS=${3:-30}
read -r -a SIZES <<<"${SIZES:-1024 102400}"
read -r -a SESSIONS <<<"${SESSIONS:-1 10 50}"
CHECKS=${CHECKS:-off}
[[ $CHECKS == on || $CHECKS == off ]] || { echo "CHECKS is on or off, not $CHECKS" >&2; exit 2; }
source bench/lib.sh
RAW=$WORK/accept-raw.log
CLASSES=$WORK/classes
TRUSTED_CLIENT=127.0.0.1
OUTSIDE_CLIENT=127.0.0.2
OUTSIDE_SENDER=bench@client.test
OUTSIDE_HELO=bench.client.test
DKIM_KEY=$WORK/dkim-bench.key

# The side of the bench SERVER is: sets PORT, RCPT, NEWDIR and LOAD_ARGS (SmtpLoad's extra options).
# Both Postfleet sides share one stack: they differ in the client's address, inside or outside
# mynetworks, and so in whether the sender checks run.
side() {
  case $1 in
    postfix) PORT=$POSTFIX_PORT RCPT=$POSTFIX_RCPT NEWDIR=$POSTFIX_NEW LOAD_ARGS=() ;;
    postfleet) PORT=$POSTFLEET_PORT RCPT=$POSTFLEET_RCPT NEWDIR=$POSTFLEET_NEW LOAD_ARGS=()
      if [[ $CHECKS == on ]]; then LOAD_ARGS=(--bind "$TRUSTED_CLIENT"); fi ;;
    checks) PORT=$POSTFLEET_PORT RCPT=$POSTFLEET_RCPT NEWDIR=$POSTFLEET_NEW
      LOAD_ARGS=(--bind "$OUTSIDE_CLIENT" --from "$OUTSIDE_SENDER" --helo "$OUTSIDE_HELO" --dkim-key "$DKIM_KEY") ;;
  esac
}

# Runs SmtpLoad once for the current side(); prints its RESULT line, keeps its whole output in $RAW.
load() {
  local size=$1 sessions=$2 messages=$3 warmup=$4 out
  out=$(java -cp "$CLASSES" SmtpLoad --port "$PORT" --to "$RCPT" --size "$size" \
    --sessions "$sessions" --messages "$messages" --warmup "$warmup" --max-seconds "$CELL_SECONDS" \
    "${LOAD_ARGS[@]}") || true
  printf '=== port %s, %s bytes, %s sessions %s\n%s\n' "$PORT" "$size" "$sessions" "${LOAD_ARGS[*]}" "$out" >>"$RAW"
  grep '^RESULT ' <<<"$out" || echo "RESULT accepted=0 errors=-1"
}

# What the checks found for this run's messages: smtp-ingress's "checks:" lines counted by verdict,
# its warnings and errors, and the Authentication-Results of the last message delivered.
check_verdicts() {
  local last
  tail -n "+$INGRESS_LOG_START" var/log/smtp-ingress.log \
    | { grep -o 'checks: client=\[[^]]*\] iprev=.* dmarc=[^ ]*' || true; } | sed 's/^checks: //' | sort | uniq -c
  echo " smtp-ingress's WARN and ERROR lines (ids and numbers as *), most frequent first:"
  tail -n "+$INGRESS_LOG_START" var/log/smtp-ingress.log | { grep -E ' (WARN|ERROR) ' || true; } | cut -c 25- \
    | sed 's/[0-9A-Za-z]\{10,\}/*/g' | sort | uniq -c | sort -rn | sed -n 1,10p
  # sed, not head: head would end the listing early, and pipefail would count ls's SIGPIPE.
  last=$(ls -t "$POSTFLEET_NEW" | sed -n 1p)
  echo " Authentication-Results of the last message delivered:"
  sed -n '/^Authentication-Results:/,/^[^ \t]/p' "$POSTFLEET_NEW/$last" | sed '$d'
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

# One cell for one side: sends, waits for delivery, prints "rate p50 p99 errors".
cell() {
  local size=$2 sessions=$3 messages=$4 before result warmup
  side "$1"
  before=$(maildir_count "$NEWDIR")
  warmup=$(( sessions * 4 > 50 ? sessions * 4 : 50 ))
  result=$(load "$size" "$sessions" "$messages" "$warmup")
  drain "$NEWDIR" $(( before + $(field accepted "$result") + $(field warmup_accepted "$result") ))
  echo "$(field rate "$result") $(field p50_ms "$result") $(field p99_ms "$result") $(field errors "$result")"
}

trap 'stop_postfleet; stop_bench_dns' EXIT
STARTED=$(date +%s)
javac -d "$CLASSES" bench/SmtpLoad.java
HAVE_POSTFIX=yes
if [[ ${POSTFIX:-yes} == no ]]; then
  HAVE_POSTFIX=
  log "POSTFIX=no: Postfleet only"
elif ! install_postfix; then
  HAVE_POSTFIX=
  log "no Postfix on this machine: Postfleet only"
else
  configure_postfix
fi
if [[ $CHECKS == on ]]; then
  start_bench_dns
  # Inherited by every service through ./postfleet up (devstack's ServiceProcess passes its
  # environment on): only 127.0.0.1 is mynetworks, 127.0.0.2 is an outside client.
  export POSTFLEET_SMTP_DNS_SERVERS=$BENCH_DNS POSTFLEET_SMTP_TRUSTED_NETWORKS="$TRUSTED_CLIENT/32,::1/128"
fi
start_postfleet
INGRESS_LOG_START=$(( $(wc -l <var/log/smtp-ingress.log) + 1 ))
DURABILITY_POSTFLEET=$(postfleet_durability)
[[ -z $HAVE_POSTFIX ]] || log "$DURABILITY_POSTFIX"
log "$DURABILITY_POSTFLEET"
: >"$RAW"

log "warm-up: 5000 x 1 KiB and 500 x 100 KiB to each, 10 sessions (the JVMs compile their hot paths)"
servers=(postfleet)
[[ -n $HAVE_POSTFIX ]] && servers=(postfix postfleet)
[[ $CHECKS == on ]] && servers+=(checks)
for server in "${servers[@]}"; do
  cell "$server" 1024 10 5000 >/dev/null
  cell "$server" 102400 10 500 >/dev/null
done

declare -A RESULT
for size in "${SIZES[@]}"; do
  for sessions in "${SESSIONS[@]}"; do
    messages=$MESSAGES_SMALL
    (( size > 1024 )) && messages=$MESSAGES_LARGE
    # The sides take turns cell by cell, so that other load on the machine hits them alike.
    for server in "${servers[@]}"; do
      log "$server: up to $messages messages of $size bytes over $sessions sessions"
      RESULT[$server,$size,$sessions]=$(cell "$server" "$size" "$sessions" "$messages")
    done
  done
done

# Stopped here, not in the output's subshell, so that its count of questions is written when read.
stop_bench_dns
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
  if [[ $CHECKS == on ]]; then
    printf '\n%-7s %4s | %-30s | %-30s | %-21s\n' "" "" "Postfleet, checks off" "Postfleet, checks on" "checks on / off"
    printf '%-7s %4s | %8s %7s %7s %5s | %8s %7s %7s %5s | %7s %6s %6s\n' size sess msg/s p50ms p99ms err \
      msg/s p50ms p99ms err msg/s p50 p99
    for size in "${SIZES[@]}"; do
      for sessions in "${SESSIONS[@]}"; do
        read -r off_rate off_p50 off_p99 off_err <<<"${RESULT[postfleet,$size,$sessions]}"
        read -r on_rate on_p50 on_p99 on_err <<<"${RESULT[checks,$size,$sessions]}"
        printf '%-7s %4s | %8s %7s %7s %5s | %8s %7s %7s %5s | %7s %6s %6s\n' "$(( size / 1024 ))KiB" "$sessions" \
          "$off_rate" "$off_p50" "$off_p99" "$off_err" "$on_rate" "$on_p50" "$on_p99" "$on_err" \
          "$(ratio "$on_rate" "$off_rate")" "$(ratio "$on_p50" "$off_p50")" "$(ratio "$on_p99" "$off_p99")"
      done
    done
    echo "(checks off: client 127.0.0.1, in mynetworks; on: client $OUTSIDE_CLIENT, FCrDNS, SPF, DKIM, DMARC;"
    echo " the verdicts smtp-ingress logged during the run, with their counts:)"
    check_verdicts
    echo " the questions bench/BenchDns.java was asked (smtp-ingress caches answers up to their TTL, ${DNS_TTL:-60} s):"
    sed -n '/^queries received/,$p' "$WORK/bench-dns.log"
  fi
  if [[ -n $HAVE_POSTFIX ]]; then
    echo "$DURABILITY_POSTFIX"
  fi
  echo "$DURABILITY_POSTFLEET"
  if [[ $DURABILITY_POSTFLEET != "Postfleet FSYNC BEFORE ACK"* ]]; then
    echo "NOT AT EQUAL DURABILITY: do not quote these ratios against Postfix"
  fi
} | tee "$WORK/accept-$(date +%Y%m%dT%H%M).txt"
