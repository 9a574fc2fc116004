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
WORK=$PWD/bench/work
POSTFIX_PORT=2526
POSTFIX_MAIL=/var/tmp/postfleet-bench/postfix-mail
mkdir -p "$WORK"

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

install_postfix() {
  if ! command -v smtp-source >/dev/null || ! command -v postfix >/dev/null; then
    log "installing Debian's postfix (for postfix, smtp-source)"
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y postfix >"$WORK/apt.log" 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y postfix >"$WORK/apt.log" 2>&1; }
  fi
}

configure_postfix() {
  mkdir -p "$POSTFIX_MAIL"
  chown 5000:5000 "$POSTFIX_MAIL"
  [[ -f /etc/postfix/main.cf ]] || cp /usr/share/postfix/main.cf.debian /etc/postfix/main.cf
  postconf -e "myhostname=bench.postfix.test" "mydestination=" "inet_interfaces=loopback-only" \
    "inet_protocols=ipv4" "mynetworks=127.0.0.0/8" "compatibility_level=3.6" \
    "virtual_mailbox_domains=bench.example.test" "virtual_mailbox_base=$POSTFIX_MAIL" \
    "virtual_mailbox_maps=static:sink/Maildir/" "virtual_uid_maps=static:5000" \
    "virtual_gid_maps=static:5000" "virtual_minimum_uid=100" "maillog_file=/var/log/postfix-bench.log"
  # Only loopback port 2526 (no chroot): the default port-25 listener is removed.
  postconf -MX smtp/inet 2>/dev/null || true
  postconf -M "127.0.0.1:$POSTFIX_PORT/inet=127.0.0.1:$POSTFIX_PORT inet n - n - - smtpd"
  postfix check
  postfix stop >/dev/null 2>&1 || true
  postfix start
}

maildir_count() {
  local dir=$1
  if [[ -d $dir ]]; then
    find "$dir" -maxdepth 1 -type f | wc -l
  else
    echo 0
  fi
}

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

start_postfleet() {
  log "starting Postfleet (./postfleet up; logs in $WORK/postfleet.log)"
  ./postfleet up >"$WORK/postfleet.log" 2>&1 &
  POSTFLEET_PID=$!
  local deadline=$(( $(date +%s) + 300 ))
  until grep -q "Postfleet is up" "$WORK/postfleet.log"; do
    if (( $(date +%s) > deadline )) || ! kill -0 "$POSTFLEET_PID" 2>/dev/null; then
      tail -30 "$WORK/postfleet.log" >&2
      return 1
    fi
    sleep 1
  done
}

stop_postfleet() {
  if [[ -n ${POSTFLEET_PID:-} ]]; then
    kill -TERM "$POSTFLEET_PID" 2>/dev/null || true
    wait "$POSTFLEET_PID" 2>/dev/null || true
  fi
}
trap stop_postfleet EXIT

command -v bc >/dev/null || apt-get install -y bc >/dev/null 2>&1
install_postfix
configure_postfix
start_postfleet

log "warm-up: 5000 messages to each (the JVMs compile their hot paths)"
MESSAGES_SAVED=$MESSAGES
MESSAGES=5000
measure "$POSTFIX_PORT" sink@bench.example.test "$POSTFIX_MAIL/sink/Maildir/new" >/dev/null
measure 2525 request@mail.example.test "$PWD/var/mail/mail.example.test/request/Maildir/new" >/dev/null
MESSAGES=$MESSAGES_SAVED

log "Postfix: $MESSAGES messages of $SIZE bytes over $SESSIONS sessions"
read -r pf_accept pf_deliver < <(measure "$POSTFIX_PORT" sink@bench.example.test "$POSTFIX_MAIL/sink/Maildir/new")
log "Postfleet: $MESSAGES messages of $SIZE bytes over $SESSIONS sessions"
read -r pl_accept pl_deliver < <(measure 2525 request@mail.example.test "$PWD/var/mail/mail.example.test/request/Maildir/new")

rate() { echo "scale=0; $MESSAGES / $1" | bc -l; }
ratio() { echo "scale=2; $2 / $1" | bc -l; }
printf '\n%-10s %14s %16s\n' "" "accepted msg/s" "delivered msg/s"
printf '%-10s %14s %16s\n' Postfix "$(rate "$pf_accept")" "$(rate "$pf_deliver")"
printf '%-10s %14s %16s\n' Postfleet "$(rate "$pl_accept")" "$(rate "$pl_deliver")"
printf '%-10s %13sx %15sx\n' ratio "$(ratio "$pl_accept" "$pf_accept")" "$(ratio "$pl_deliver" "$pf_deliver")"
echo "(ratio = Postfleet rate / Postfix rate; targets in DESIGN.md: accept 2.5x, delivery 1.5x)"
