#!/usr/bin/env bash
# Scale-out of a delivery service: throughput with 1, 2 and 4 processes of local-delivery (KIND
# local) or outbound-relay (KIND relay) consuming the same topic, and a rebalance check (an
# instance stopped and one added mid-run: every accepted message arrives exactly once).
# Usage: bench/scale.sh [local|relay] [messages-per-step]      (defaults: local 600; relay 800)
# Each delivery is made slow on purpose, so that the figure is the instances' and not the two
# cores': local-delivery writes with one thread and postfleet.delivery.bench-delay (DELAY, 50ms)
# before each file; outbound-relay's next hops are smtp-sinks that wait SINK_DELAY seconds (1)
# before answering DATA (smtp-sink -w). A fresh stack with PARTITIONS (4) partitions per topic runs
# under /var/tmp/postfleet-scale/<time>/ (not ./var, whose topics keep one partition); SMTP on 2525
# and HTTP on 8080-8083 and 8091-8095, so run it in a network namespace of its own on a shared
# machine (bench/README.md). It runs in the foreground from start to end.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
KIND=${1:-local}
[[ $KIND == local || $KIND == relay ]] || { echo "KIND is local or relay, not $KIND" >&2; exit 2; }
if [[ $KIND == local ]]; then MESSAGES=${2:-600}; SERVICE=local-delivery; else MESSAGES=${2:-800}; SERVICE=outbound-relay; fi
PARTITIONS=${PARTITIONS:-4}
DELAY=${DELAY:-50ms}
SINK_DELAY=${SINK_DELAY:-1}
SINK_PORT=2529
ROOT=/var/tmp/postfleet-scale/$(date +%Y%m%dT%H%M%S)
LIBS=$(ls "$REPO"/devstack/target/lib/*.jar | tr '\n' ':')
CLASSES=$ROOT/classes
mkdir -p "$ROOT/var/log" "$CLASSES"
log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

# The stack runs from ROOT (LocalStack's data is <cwd>/var), on this checkout's builds.
for module in devstack queue-manager smtp-ingress local-delivery outbound-relay; do
  ln -s "$REPO/$module" "$ROOT/$module"
done
javac -d "$CLASSES" bench/SmtpLoad.java

declare -A INSTANCE_PID
SINK_PIDS=()
stop_all() {
  local pid
  for pid in "${INSTANCE_PID[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${INSTANCE_PID[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n ${STACK_PID:-} ]]; then kill -TERM "$STACK_PID" 2>/dev/null || true; wait "$STACK_PID" 2>/dev/null || true; fi
  for pid in "${SINK_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT

if [[ $KIND == local ]]; then
  # Read by every local-delivery, the launcher's and the extra ones (env is inherited).
  export POSTFLEET_DELIVERY_BENCH_DELAY=$DELAY POSTFLEET_DELIVERY_WRITER_THREADS=1
fi
export POSTFLEET_TOPIC_PARTITIONS=$PARTITIONS
log "starting a stack in $ROOT ($PARTITIONS partitions per topic)"
(cd "$ROOT" && exec java -cp "$REPO/devstack/target/postfleet-devstack-0.1.0-SNAPSHOT.jar:$REPO/devstack/target/lib/*" \
  io.postfleet.devstack.LocalStack) >"$ROOT/stack.log" 2>&1 &
STACK_PID=$!
# A loaded machine can take minutes to start the four services.
deadline=$(( $(date +%s) + 600 ))
until grep -qs "Postfleet is up" "$ROOT/stack.log"; do
  if (( $(date +%s) > deadline )) || ! kill -0 "$STACK_PID" 2>/dev/null; then
    log "the stack did not come up within 600 s"; tail -30 "$ROOT/stack.log" >&2; exit 1
  fi
  sleep 1
done
source "$ROOT/var/local.env"
AUTH="Authorization: Bearer $POSTFLEET_ADMIN_TOKEN"
api() {
  curl -sf -o /dev/null -H "$AUTH" -H 'Content-Type: application/json' -d "$2" "$POSTFLEET_ADMIN_URL$1" \
    || { log "POST $1 $2 failed"; return 1; }
}
keys() { java -cp "$LIBS" bench/PartitionKeys.java "$PARTITIONS" "$1" "$2" "$3" 2>/dev/null; }

# Recipients whose keys (mailbox, or next hop) are spread evenly over the partitions.
RECIPIENTS=()
if [[ $KIND == local ]]; then
  for mailbox in $(keys 2 'bench%03d@mail.example.test' 0); do
    api /api/v1/mailboxes "{\"address\":\"$mailbox\"}"
    RECIPIENTS+=("$mailbox")
  done
  arrived() { find "$ROOT/var/mail/mail.example.test" -path '*/Maildir/new/*' -type f -newer "$ROOT/var/local.env" | wc -l; }
  delivered_files() { find "$ROOT/var/mail/mail.example.test" -path '*/Maildir/new/*' -type f; }
else
  n=0
  for hop in $(keys 1 '[127.0.0.%d]:2529' 2); do
    address=${hop#[}; address=${address%%]*}
    mkdir -p "$ROOT/sink/$address"; chown nobody "$ROOT/sink/$address"
    # -d: every transaction in a file of its own, to count Message-IDs; -w: the slow next hop.
    smtp-sink -u nobody -w "$SINK_DELAY" -d "$ROOT/sink/$address/m%H%M%S." "$address:$SINK_PORT" 1024 \
      >"$ROOT/var/log/sink-$address.log" 2>&1 &
    SINK_PIDS+=($!)
    api /api/v1/transports "{\"pattern\":\"relay$n.bench.test\",\"kind\":\"SMTP\",\"nexthop\":\"$hop\"}"
    RECIPIENTS+=("sink@relay$n.bench.test")
    n=$(( n + 1 ))
  done
  arrived() { find "$ROOT/sink" -type f -name 'm*' | wc -l; }
  delivered_files() { find "$ROOT/sink" -type f -name 'm*'; }
fi
sleep 1.5 # queue-manager reloads its maps every 500 ms
log "recipients: ${RECIPIENTS[*]}"
TO=$(IFS=,; echo "${RECIPIENTS[*]}")

# Extra instance i of SERVICE, on HTTP port 8090+i, configured as LocalStack configures its own;
# launch_instance returns at once, await_instance waits until it is ready.
launch_instance() {
  local i=$1 port=$(( 8090 + $1 ))
  (
    cd "$REPO/$SERVICE/target/quarkus-app"
    export KAFKA_BOOTSTRAP_SERVERS QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$port
    if [[ $SERVICE == local-delivery ]]; then
      export POSTFLEET_MAILDIR_ROOT=$ROOT/var/mail
    else
      export QUARKUS_DATASOURCE_JDBC_URL=$POSTFLEET_POSTGRES_JDBC_URL QUARKUS_DATASOURCE_USERNAME=$POSTFLEET_POSTGRES_USER \
        QUARKUS_DATASOURCE_PASSWORD=$POSTFLEET_POSTGRES_PASSWORD POSTFLEET_DKIM_MASTER_KEY=$(cat "$ROOT/var/dkim-master-key")
    fi
    exec java -jar quarkus-run.jar
  ) >"$ROOT/var/log/$SERVICE-$i.log" 2>&1 &
  INSTANCE_PID[$i]=$!
}

await_instance() {
  local i=$1 port=$(( 8090 + $1 )) deadline=$(( $(date +%s) + 180 ))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
    if (( $(date +%s) > deadline )) || ! kill -0 "${INSTANCE_PID[$i]}" 2>/dev/null; then
      tail -20 "$ROOT/var/log/$SERVICE-$i.log" >&2; return 1
    fi
    sleep 1
  done
}

start_instance() { launch_instance "$1"; await_instance "$1"; }

stop_instance() {
  kill "-${STOP_SIGNAL:-TERM}" "${INSTANCE_PID[$1]}" 2>/dev/null || true
  wait "${INSTANCE_PID[$1]}" 2>/dev/null || true
  unset "INSTANCE_PID[$1]"
}

# Sends COUNT messages over 10 sessions (20 per connection); SmtpLoad's output goes to smtpload.log.
send() {
  java -cp "$CLASSES" SmtpLoad --port 2525 --sessions 10 --reuse 20 --messages "$1" --to "$TO" \
    >>"$ROOT/smtpload.log" 2>&1 || true
}

# Every message answered 250 so far, by SmtpLoad's RESULT lines.
accepted() { sed -n 's/^RESULT accepted=\([0-9]*\).*/\1/p' "$ROOT/smtpload.log" | awk '{ n += $1 } END { print n + 0 }'; }

await_arrived() {
  local want=$1 deadline=$(( $(date +%s) + 900 ))
  while (( $(arrived) < want )); do
    (( $(date +%s) < deadline )) || { log "gave up: $(arrived) of $want arrived"; return 1; }
    sleep 0.2
  done
}

# Sends MESSAGES with the instances running now; sets RATE[$1] to the delivered msg/s.
step() {
  local before start end n=$1
  before=$(arrived)
  start=$(date +%s.%N)
  send "$MESSAGES"
  await_arrived $(( before + MESSAGES ))
  end=$(date +%s.%N)
  RATE[$n]=$(awk -v n="$MESSAGES" -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", n / (b - a) }')
}

# The consumer group settles after a member joins (a rebalance takes a few seconds).
settle() { sleep "${SETTLE_SECONDS:-10}"; }

log "warm-up: 200 messages with one $SERVICE"
send 200
await_arrived 200
declare -A RATE
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "1 instance"; step 1
start_instance 1; settle
log "2 instances"; step 2
launch_instance 2; launch_instance 3; await_instance 2; await_instance 3; settle
log "4 instances"; step 4

total=$(( 3 * MESSAGES ))
log "rebalance: $total messages; after a quarter arrived one instance is stopped (SIG${STOP_SIGNAL:-TERM}) and another started"
before=$(arrived)
send "$total" &
SENDER=$!
await_arrived $(( before + total / 4 ))
stop_instance 1
log "stopped instance 1 ($(( $(arrived) - before )) of $total arrived)"
launch_instance 4
await_instance 4
JOINED=$(( $(arrived) - before ))
log "instance 4 ready ($JOINED of $total arrived)"
wait "$SENDER"
ACCEPTED=$(accepted)
await_arrived "$ACCEPTED" || true
sleep 5 # anything delivered twice would arrive late
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# Every file's Message-ID (SmtpLoad makes each unique): lost = accepted - distinct, doubled = ids in more than one file.
delivered_files | xargs -r grep -h -m1 -i '^Message-ID:' | sort >"$ROOT/message-ids.txt"
distinct=$(uniq "$ROOT/message-ids.txt" | wc -l)
doubled=$(uniq -d "$ROOT/message-ids.txt" | wc -l)
files=$(wc -l <"$ROOT/message-ids.txt")

printf '\n%s scale-out, %s partitions per topic, %s messages per step, %s\n' "$SERVICE" "$PARTITIONS" "$MESSAGES" \
  "$([[ $KIND == local ]] && echo "bench-delay $DELAY, 1 writer thread" || echo "smtp-sink -w $SINK_DELAY, consumer.parallelism 20")"
printf '%-10s %14s %8s\n' instances "delivered msg/s" "x 1"
for n in 1 2 4; do
  printf '%-10s %14s %8s\n' "$n" "${RATE[$n]}" "$(awk -v a="${RATE[$n]}" -v b="${RATE[1]}" 'BEGIN { printf "%.2fx", a / b }')"
done
echo "rebalance check over the whole run: accepted $ACCEPTED, files $files, distinct Message-IDs $distinct," \
  "lost $(( ACCEPTED - distinct )), doubled $doubled (instance 1 stopped with SIG${STOP_SIGNAL:-TERM};" \
  "instance 4 ready with $JOINED of $total arrived$( (( JOINED < total )) || echo ': TOO LATE, it joined an idle group'))"
echo "load average before / after: $LOAD_BEFORE / $LOAD_AFTER; data and logs in $ROOT"
