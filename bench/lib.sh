# Shared by bench/run.sh and bench/accept.sh (source it from the repository root): Debian's Postfix
# set up on 127.0.0.1:2526 with virtual Maildir delivery, and Postfleet started by ./postfleet up.
# Both scripts reconfigure the machine's Postfix: run them on a bench machine, not on a mail server.

WORK=$PWD/bench/work
POSTFIX_PORT=2526
POSTFIX_MAIL=/var/tmp/postfleet-bench/postfix-mail
POSTFIX_RCPT=sink@bench.example.test
POSTFIX_NEW=$POSTFIX_MAIL/sink/Maildir/new
POSTFLEET_PORT=2525
POSTFLEET_RCPT=request@mail.example.test
POSTFLEET_NEW=$PWD/var/mail/mail.example.test/request/Maildir/new
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

start_postfleet() {
  log "starting Postfleet (./postfleet up; logs in $WORK/postfleet.log)"
  ./postfleet up >"$WORK/postfleet.log" 2>&1 &
  POSTFLEET_PID=$!
  local deadline=$(( $(date +%s) + 300 ))
  until grep -qs "Postfleet is up" "$WORK/postfleet.log"; do
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

# What an acknowledgement means on each side, for the results: figures are only compared at equal
# durability. Postfleet's is read back from its running Kafka broker and PostgreSQL (through
# var/local.env), never taken from a setting we meant to give them; Postfix's cleanup(8) fsyncs
# each queue file before smtpd answers 250, and Postfix has no parameter that turns that off.
DURABILITY_POSTFIX="Postfix: FSYNC BEFORE ACK (cleanup(8) fsyncs the queue file before 250)"
postfleet_durability() {
  local line
  line=$( (
    source var/local.env
    java -cp "devstack/target/postfleet-devstack-0.1.0-SNAPSHOT.jar:devstack/target/lib/*" \
      io.postfleet.devstack.Durability "$KAFKA_BOOTSTRAP_SERVERS" "$POSTFLEET_POSTGRES_JDBC_URL" \
      "$POSTFLEET_POSTGRES_USER" "$POSTFLEET_POSTGRES_PASSWORD"
  ) 2>>"$WORK/durability.log" | grep '^durability: ') || line="durability: UNKNOWN (see $WORK/durability.log)"
  echo "Postfleet ${line#durability: }"
}
