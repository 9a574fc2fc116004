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
# Relay mode: both servers hand the mail on over SMTP to Postfix's smtp-sink on another loopback
# address, reached through a transport entry (no MX lookup), so the figure includes each one's
# SMTP client.
SINK_ADDR=127.0.0.2
SINK_PORT=${SINK_PORT:-2529}
RELAY_DOMAIN=relay.bench.test
RELAY_RCPT=sink@$RELAY_DOMAIN
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
    "virtual_gid_maps=static:5000" "virtual_minimum_uid=100" "maillog_file=/var/log/postfix-bench.log" \
    "transport_maps=inline:{$RELAY_DOMAIN=smtp:[$SINK_ADDR]:$SINK_PORT}"
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

# bench/BenchDns.java on loopback: the records the sender checks look up, a fresh DKIM key in
# $DKIM_KEY. Sets BENCH_DNS to its host:port.
start_bench_dns() {
  local jars=smtp-ingress/target/quarkus-app/lib/main deadline=$(( $(date +%s) + 120 ))
  log "starting bench/BenchDns.java (log in $WORK/bench-dns.log)"
  : >"$WORK/bench-dns.log"
  # The testkit's server, with the dnsjava and SLF4J API that smtp-ingress itself runs with.
  java -cp "testkit/target/postfleet-testkit-0.1.0-SNAPSHOT.jar:$(echo $jars/dnsjava.dnsjava-*.jar):$(echo $jars/org.slf4j.slf4j-api-*.jar)" \
    bench/BenchDns.java --key-out "$DKIM_KEY" --client "$OUTSIDE_CLIENT" \
    --domain "${OUTSIDE_SENDER#*@}" --helo "$OUTSIDE_HELO" --ttl-seconds "${DNS_TTL:-60}" >"$WORK/bench-dns.log" 2>&1 &
  BENCH_DNS_PID=$!
  until BENCH_DNS=$(sed -n 's/^BENCH_DNS //p' "$WORK/bench-dns.log") && [[ -n $BENCH_DNS ]]; do
    if (( $(date +%s) > deadline )) || ! kill -0 "$BENCH_DNS_PID" 2>/dev/null; then
      cat "$WORK/bench-dns.log" >&2
      return 1
    fi
    sleep 0.5
  done
}

stop_bench_dns() {
  if [[ -n ${BENCH_DNS_PID:-} ]]; then
    kill -TERM "$BENCH_DNS_PID" 2>/dev/null || true
    wait "$BENCH_DNS_PID" 2>/dev/null || true
    BENCH_DNS_PID=
  fi
}

# smtp-sink on SINK_ADDR:SINK_PORT (extra options, such as -w 1, in "$@"), counting what it receives
# (-c: "sess=N quit=N mesg=N" after every session, QUIT and final dot); sink_count reads the count.
start_sink() {
  : >"$WORK/smtp-sink.out"
  # -u: smtp-sink refuses to run as root without a user to switch to.
  smtp-sink -c -u nobody "$@" "$SINK_ADDR:$SINK_PORT" 1024 >"$WORK/smtp-sink.out" 2>&1 &
  SINK_PID=$!
  sleep 0.5
  kill -0 "$SINK_PID" 2>/dev/null || { cat "$WORK/smtp-sink.out" >&2; return 1; }
}

sink_count() {
  local n
  n=$(tail -c 200 "$WORK/smtp-sink.out" | tr '\r' '\n' | sed -n 's/.*mesg=\([0-9]*\).*/\1/p' | tail -n 1)
  echo "${n:-0}"
}

stop_sink() {
  if [[ -n ${SINK_PID:-} ]]; then
    kill -TERM "$SINK_PID" 2>/dev/null || true
    wait "$SINK_PID" 2>/dev/null || true
    SINK_PID=
  fi
}

# Postfleet's transport for RELAY_DOMAIN through the admin API (transport(5)'s
# "relay.bench.test smtp:[127.0.0.2]:2529"): a bracketed next hop, connected to without MX lookup.
postfleet_relay_transport() {
  local body code
  body="{\"pattern\":\"$RELAY_DOMAIN\",\"kind\":\"SMTP\",\"nexthop\":\"[$SINK_ADDR]:$SINK_PORT\"}"
  code=$( (
    source var/local.env
    auth="Authorization: Bearer $POSTFLEET_ADMIN_TOKEN"
    c=$(curl -s -o "$WORK/transport.json" -w '%{http_code}' -H "$auth" -H 'Content-Type: application/json' \
      -d "$body" "$POSTFLEET_ADMIN_URL/api/v1/transports")
    if [[ $c == 409 ]]; then
      c=$(curl -s -o "$WORK/transport.json" -w '%{http_code}' -X PUT -H "$auth" -H 'Content-Type: application/json' \
        -d "$body" "$POSTFLEET_ADMIN_URL/api/v1/transports/$RELAY_DOMAIN")
    fi
    echo "$c"
  ) )
  [[ $code == 20? ]] || { log "transport not set (HTTP $code): $(cat "$WORK/transport.json")"; return 1; }
  # queue-manager reloads its maps every 500 ms (postfleet.maps.refresh-interval).
  sleep 1.5
}

# Memory of each side: every process of the tree, RSS (VmRSS) and PSS (smaps_rollup, which splits
# shared pages among the processes sharing them, so the sum does not count shared code twice).
descendants() {
  ps -e -o pid=,ppid= | awk -v roots="$*" '
    BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1 }
    { parent[$1] = $2 }
    END {
      do { grown = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; grown = 1 } } while (grown)
      for (p in keep) print p
    }'
}

# The launcher of ./postfleet up and everything under it (its four services, Kafka), and
# PostgreSQL, which pg_ctl starts detached (so not under the launcher), with its children.
postfleet_pids() {
  local roots=${POSTFLEET_PID:-}
  [[ -f var/postgres/postmaster.pid ]] && roots+=" $(sed -n 1p var/postgres/postmaster.pid)"
  descendants $roots
}

postfix_pids() {
  local master
  master=$(tr -d ' ' </var/spool/postfix/pid/master.pid 2>/dev/null) || return 0
  descendants "$master"
}

# Prints "rss_kib pss_kib processes" for the pids on stdin (a process gone meanwhile counts nothing).
memory_of() {
  local files=() pid
  while read -r pid; do
    [[ -r /proc/$pid/status ]] && files+=("/proc/$pid/status" "/proc/$pid/smaps_rollup")
  done
  (( ${#files[@]} )) || { echo "0 0 0"; return; }
  awk '/^VmRSS:/ { rss += $2; n++ } /^Pss:/ { pss += $2 } END { print rss + 0, pss + 0, n + 0 }' "${files[@]}" 2>/dev/null
}

# Samples a side ("postfix" or "postfleet") every half second into $WORK/memory-<side>.txt until
# stop_memory_sampler; memory_peak prints the largest sample as "rss_kib pss_kib processes".
start_memory_sampler() {
  local side=$1
  : >"$WORK/memory-$side.txt"
  ( while :; do "${side}_pids" | memory_of >>"$WORK/memory-$side.txt"; sleep 0.5; done ) &
  SAMPLER_PID=$!
}

stop_memory_sampler() {
  if [[ -n ${SAMPLER_PID:-} ]]; then
    kill -TERM "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
    SAMPLER_PID=
  fi
}

memory_peak() {
  awk 'BEGIN { r = p = n = 0 } $1 > r { r = $1 } $2 > p { p = $2 } $3 > n { n = $3 } END { print r, p, n }' "$WORK/memory-$1.txt"
}

mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
