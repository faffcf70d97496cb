#!/usr/bin/env bash
# Local single-node Apache Kafka broker (KRaft mode) for development and tests.
#
# The broker's jars come from Maven Central through deploy/kafka/pom.xml and are
# cached outside the repository; the broker's data, config and log live in a
# data directory, also outside the repository. No Docker and no Kafka install
# are needed: only Java 17+ and Maven.
#
# Usage: deploy/kafka/kafka.sh <command>
#   start    fetch the jars if missing, make the TLS certificates if missing, format
#            storage once, start the broker in the background and wait until the
#            admin can list topics
#   console-producer ARGS...
#            Apache Kafka's console producer (bin/kafka-console-producer.sh of a Kafka
#            download) from the cached jars, e.g. for a facility system's reports
#   certs    only make the TLS certificates (CA and broker) if missing or expiring
#   scram-user NAME
#            create or change the SCRAM-SHA-512 credentials of principal NAME; the
#            password is read from standard input (deploy/kafka/provision.mjs uses it)
#   stop     stop the broker (SIGTERM, then SIGKILL after KAFKA_STOP_TIMEOUT s)
#   status   say whether the broker is running (exit 0) or not (exit 3)
#   reset    stop the broker if running and wipe its data (topics, offsets, ...)
#   fetch    only fetch the jars into the cache
#   logs     follow the broker's log
#   help     show this text
#
# Security: no listener is plaintext and every client authenticates.
#   - clients (services, facility systems): SASL SCRAM-SHA-512 over TLS on KAFKA_PORT;
#     the principals and their ACLs come from deploy/kafka/provision.mjs
#   - the admin (provisioning, tests) and the broker itself: SASL PLAIN over TLS on
#     KAFKA_INTERNAL_PORT, bound to 127.0.0.1 only
#   - the KRaft controller: SASL PLAIN over TLS on KAFKA_CONTROLLER_PORT, 127.0.0.1 only
#   KRaft's StandardAuthorizer denies whatever no ACL allows; admin, broker and
#   controller are its super users. The certificates come from tls-certs.sh.
#
# Environment (defaults in brackets):
#   KAFKA_PORT              clients' SASL_SSL port on 127.0.0.1 [9092]
#   KAFKA_CONTROLLER_PORT   KRaft controller port on 127.0.0.1 [9093]
#   KAFKA_INTERNAL_PORT     admin and inter-broker port on 127.0.0.1 [controller port + 1]
#   KAFKA_ADMIN_PASSWORD    the admin's password [a new random one each start, written
#                           to <data dir>/config/admin.password, readable by the owner only]
#   KAFKA_TLS_DIR           CA and broker certificate [$HOME/.cache/sud-referral/kafka-tls]
#   KAFKA_CACHE_DIR         jar cache [$HOME/.cache/sud-referral/kafka]
#   KAFKA_DATA_DIR          data, config, pid and log [$HOME/.cache/sud-referral/kafka-data]
#   KAFKA_VERSION           Kafka release to run [the kafka.version pinned in pom.xml]
#   KAFKA_HEAP_OPTS         JVM heap options [-Xms256m -Xmx512m]
#   KAFKA_JVM_OPTS          extra JVM options [none]
#   KAFKA_LOG_LEVEL         root log level of the broker [INFO]
#   KAFKA_START_TIMEOUT     seconds to wait for the broker to serve clients [90]
#   KAFKA_STOP_TIMEOUT      seconds to wait after SIGTERM before SIGKILL [30]
#   JAVA_HOME               Java 17+ to use [the java on PATH]
#   MVN                     Maven command [mvn]
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$SCRIPT_DIR/pom.xml"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_INTERNAL_PORT="${KAFKA_INTERNAL_PORT:-$((KAFKA_CONTROLLER_PORT + 1))}"
KAFKA_TLS_DIR="${KAFKA_TLS_DIR:-$HOME/.cache/sud-referral/kafka-tls}"
KAFKA_CACHE_DIR="${KAFKA_CACHE_DIR:-$HOME/.cache/sud-referral/kafka}"
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$HOME/.cache/sud-referral/kafka-data}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:-}"
KAFKA_LOG_LEVEL="${KAFKA_LOG_LEVEL:-INFO}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
MVN="${MVN:-mvn}"
if [[ -n "${JAVA_HOME:-}" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi

HOST=127.0.0.1
BOOTSTRAP="$HOST:$KAFKA_PORT"
INTERNAL_BOOTSTRAP="$HOST:$KAFKA_INTERNAL_PORT"

CONFIG_DIR="$KAFKA_DATA_DIR/config"
LOG_DIRS="$KAFKA_DATA_DIR/data"
SERVER_PROPS="$CONFIG_DIR/server.properties"
LOG4J_CONFIG="$CONFIG_DIR/log4j2.properties"
ADMIN_PROPS="$CONFIG_DIR/admin-client.properties"
ADMIN_PASSWORD_FILE="$CONFIG_DIR/admin.password"
CLUSTER_ID_FILE="$KAFKA_DATA_DIR/cluster.id"
PID_FILE="$KAFKA_DATA_DIR/broker.pid"
LOG_FILE="$KAFKA_DATA_DIR/broker.log"

log() { echo "[kafka] $*"; }
die() { echo "[kafka] ERROR: $*" >&2; exit 1; }

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

pinned_version() {
  sed -n 's:.*<kafka\.version>\([^<]*\)</kafka\.version>.*:\1:p' "$POM" | head -n 1
}

KAFKA_VERSION="${KAFKA_VERSION:-$(pinned_version)}"
[[ -n "$KAFKA_VERSION" ]] || die "cannot read <kafka.version> from $POM"

# One jar directory per Kafka version. Its .complete marker records a digest of the
# POM's dependencies (comments and whitespace ignored): editing them refetches.
pom_digest() {
  local pom_text sum
  if command -v perl > /dev/null 2>&1; then
    pom_text="$(perl -0pe 's/<!--.*?-->//gs; s/\s+//g' "$POM")"
  else
    pom_text="$(cat "$POM")"
  fi
  if command -v sha256sum > /dev/null 2>&1; then
    sum="$(printf '%s\n%s\n' "$pom_text" "$KAFKA_VERSION" | sha256sum)"
  else
    sum="$(printf '%s\n%s\n' "$pom_text" "$KAFKA_VERSION" | shasum -a 256)"
  fi
  echo "${sum:0:16}"
}
LIB_DIR="$KAFKA_CACHE_DIR/kafka-$KAFKA_VERSION/libs"
CLASSPATH_GLOB="$LIB_DIR/*"

with_lock() {
  # Runs "$@" holding an exclusive lock on the given file (fd 9) when flock exists.
  local lock_file="$1"; shift
  if command -v flock > /dev/null 2>&1; then
    mkdir -p "$(dirname "$lock_file")"
    exec 9> "$lock_file"
    flock 9
  fi
  "$@"
}

# ---------------------------------------------------------------- jars

jars_present() {
  [[ -f "$LIB_DIR/.complete" ]] && [[ "$(cat "$LIB_DIR/.complete")" == "$(pom_digest)" ]]
}

fetch_jars() {
  if jars_present; then
    return 0
  fi
  command -v "$MVN" > /dev/null 2>&1 || die "Maven ('$MVN') is not on PATH; it is needed once to fetch the Kafka jars"
  local tmp="$LIB_DIR.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  log "Fetching Kafka $KAFKA_VERSION jars from Maven Central into $LIB_DIR (one time)..."
  if ! "$MVN" -B -ntp -Dstyle.color=never -f "$POM" \
      -Dkafka.version="$KAFKA_VERSION" \
      dependency:copy-dependencies \
      -DincludeScope=runtime \
      -DoutputDirectory="$tmp"; then
    rm -rf "$tmp"
    die "Maven could not fetch the Kafka $KAFKA_VERSION jars (see the output above)"
  fi
  compgen -G "$tmp/kafka_2.13-*.jar" > /dev/null || { rm -rf "$tmp"; die "kafka_2.13 jar missing after fetch"; }
  pom_digest > "$tmp/.complete"
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
  log "Fetched $(find "$LIB_DIR" -name '*.jar' | wc -l | tr -d ' ') jars."
}

# ---------------------------------------------------------------- process helpers

check_java() {
  command -v "$JAVA" > /dev/null 2>&1 || die "java not found (set JAVA_HOME or put Java 17+ on PATH)"
  local v major
  v="$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
  major="${v%%.*}"
  if [[ "$major" =~ ^[0-9]+$ ]] && (( major < 17 )); then
    die "Kafka $KAFKA_VERSION needs Java 17 or newer, found $v ($JAVA)"
  fi
}

# Prints the broker's pid if the pid file names a live Kafka process of this data dir.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid args
  pid="$(tr -dc '0-9' < "$PID_FILE")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2> /dev/null || return 1
  args="$(ps -ww -p "$pid" -o args= 2> /dev/null || true)"
  [[ "$args" == *kafka.Kafka* && "$args" == *"$SERVER_PROPS"* ]] || return 1
  echo "$pid"
}

# Runs "$@" for at most $1 seconds where coreutils' timeout exists.
with_timeout() {
  local secs="$1"; shift
  if command -v timeout > /dev/null 2>&1; then timeout "$secs" "$@"; else "$@"; fi
}

port_open() {
  with_timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2> /dev/null
}

java_tool() {
  # Runs a Kafka command-line class with a small heap and quiet logging.
  "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -Xshare:auto \
    -Dlog4j2.configurationFile="$LOG4J_CONFIG" -Dkafka.log.level=WARN \
    -cp "$CLASSPATH_GLOB" "$@"
}

clients_served() {
  # A real client round trip: the admin client lists topics. It retries on its own
  # while the broker is still starting, so it is started without waiting for the port.
  local limit="${1:-30}"
  (( limit < 3 )) && limit=3
  (( limit > 30 )) && limit=30
  with_timeout "$limit" "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -Xshare:auto \
    -Dlog4j2.configurationFile="$LOG4J_CONFIG" -Dkafka.log.level=ERROR \
    -cp "$CLASSPATH_GLOB" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$INTERNAL_BOOTSTRAP" --command-config "$ADMIN_PROPS" --list > /dev/null 2>&1
}

# ---------------------------------------------------------------- config

random_password() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }

make_certificates() {
  sh "$SCRIPT_DIR/tls-certs.sh" "$KAFKA_TLS_DIR" || die "could not make the TLS certificates in $KAFKA_TLS_DIR (keytool is part of Java)"
}

write_config() {
  mkdir -p "$CONFIG_DIR" "$LOG_DIRS"
  chmod 700 "$CONFIG_DIR"
  # Passwords of the broker's own identities change every start; the admin's is kept for this run's tools.
  local admin_password="${KAFKA_ADMIN_PASSWORD:-$(random_password)}"
  local broker_password controller_password store_password
  broker_password="$(random_password)"
  controller_password="$(random_password)"
  store_password="$(cat "$KAFKA_TLS_DIR/store.password")"
  (umask 077 && printf '%s' "$admin_password" > "$ADMIN_PASSWORD_FILE")
  (umask 077 && cat > "$SERVER_PROPS") <<EOF
# Written by deploy/kafka/kafka.sh on every start: edit the script, not this file.
# Single-node KRaft cluster: this process is both broker and controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER
listeners=CLIENTS://$HOST:$KAFKA_PORT,INTERNAL://$HOST:$KAFKA_INTERNAL_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=CLIENTS://$HOST:$KAFKA_PORT,INTERNAL://$HOST:$KAFKA_INTERNAL_PORT
inter.broker.listener.name=INTERNAL
listener.security.protocol.map=CLIENTS:SASL_SSL,INTERNAL:SASL_SSL,CONTROLLER:SASL_SSL

# Clients prove who they are with SCRAM-SHA-512; the credentials live in the cluster metadata.
listener.name.clients.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.clients.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
# The broker, the admin and the controller use PLAIN with passwords written here each start, on
# loopback-only listeners: SCRAM credentials cannot exist before the cluster's metadata does.
sasl.mechanism.inter.broker.protocol=PLAIN
listener.name.internal.sasl.enabled.mechanisms=PLAIN
listener.name.internal.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="$broker_password" user_broker="$broker_password" user_admin="$admin_password";
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="$controller_password" user_controller="$controller_password";

# TLS on every listener, with the certificate tls-certs.sh made.
ssl.keystore.type=PKCS12
ssl.keystore.location=$KAFKA_TLS_DIR/broker.p12
ssl.keystore.password=$store_password
ssl.key.password=$store_password
ssl.truststore.type=PEM
ssl.truststore.location=$KAFKA_TLS_DIR/ca.crt
ssl.client.auth=none

# Whatever no ACL allows is denied (allow.everyone.if.no.acl.found=false is the default).
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin;User:broker;User:controller
allow.everyone.if.no.acl.found=false

log.dirs=$LOG_DIRS

# One broker: every replication factor is 1.
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# Few partitions for the internal topics keep a fresh broker fast and small.
offsets.topic.num.partitions=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.num.partitions=1

# Consumer groups form at once; topics are created explicitly by the application.
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true

# Modest resources for a development machine.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.cleaner.dedupe.buffer.size=33554432
log.retention.hours=168
EOF

  cat > "$LOG4J_CONFIG" <<'EOF'
# Written by deploy/kafka/kafka.sh. Everything goes to standard output, which the
# script redirects to broker.log in the data directory.
status = warn
name = kafka-local
# Kafka logs its own shutdown; log4j's hook would stop logging too early.
shutdownHook = disable

appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.target = SYSTEM_OUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n

rootLogger.level = ${sys:kafka.log.level:-INFO}
rootLogger.appenderRef.stdout.ref = STDOUT

logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.authorizer.name = kafka.authorizer.logger
logger.authorizer.level = WARN
EOF

  (umask 077 && cat > "$ADMIN_PROPS") <<EOF
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin_password";
ssl.truststore.type=PEM
ssl.truststore.location=$KAFKA_TLS_DIR/ca.crt
request.timeout.ms=5000
default.api.timeout.ms=8000
retry.backoff.ms=100
retry.backoff.max.ms=200
reconnect.backoff.ms=50
reconnect.backoff.max.ms=200
EOF
}

format_storage() {
  if [[ -f "$LOG_DIRS/meta.properties" ]]; then
    return 0
  fi
  local cluster_id
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    cluster_id="$(tr -d '[:space:]' < "$CLUSTER_ID_FILE")"
  else
    cluster_id="$(java_tool kafka.tools.StorageTool random-uuid 2> /dev/null | tail -n 1 | tr -d '[:space:]')"
    [[ -n "$cluster_id" ]] || die "could not generate a cluster id with kafka.tools.StorageTool"
    echo "$cluster_id" > "$CLUSTER_ID_FILE"
  fi
  log "Formatting storage in $LOG_DIRS (cluster id $cluster_id)..."
  local out
  if ! out="$(java_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$SERVER_PROPS" --ignore-formatted 2>&1)"; then
    echo "$out" >&2
    die "formatting storage failed; try '$0 reset' and start again"
  fi
}

# ---------------------------------------------------------------- commands

wait_ready() {
  # Waits until a client can list topics, or the process dies, or the timeout.
  local pid="$1" deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  local hint="Look at the broker log: $LOG_FILE (if the data is damaged, '$0 reset' wipes it)."
  while :; do
    if ! kill -0 "$pid" 2> /dev/null; then
      rm -f "$PID_FILE"
      echo "----- last lines of $LOG_FILE -----" >&2
      tail -n 30 "$LOG_FILE" >&2 || true
      die "the Kafka broker exited during startup. $hint"
    fi
    if clients_served $((deadline - SECONDS)); then
      return 0
    fi
    if (( SECONDS >= deadline )); then
      die "the Kafka broker (pid $pid) did not serve clients on $BOOTSTRAP within ${KAFKA_START_TIMEOUT}s. $hint It is still running: '$0 stop' stops it; KAFKA_START_TIMEOUT sets the wait."
    fi
    sleep 0.5
  done
}

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    if port_open "$KAFKA_PORT"; then
      log "Kafka broker already running (pid $pid) on $BOOTSTRAP."
      return 0
    fi
    log "Kafka broker already started (pid $pid); waiting until it serves clients on $BOOTSTRAP..."
    wait_ready "$pid"
    log "Kafka broker ready on $BOOTSTRAP (pid $pid). Log: $LOG_FILE"
    return 0
  fi
  rm -f "$PID_FILE"
  local port
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$KAFKA_INTERNAL_PORT"; do
    if port_open "$port"; then
      die "port $port on $HOST is already in use by another process (not a broker started with KAFKA_DATA_DIR=$KAFKA_DATA_DIR). Stop it, or set KAFKA_PORT/KAFKA_CONTROLLER_PORT/KAFKA_INTERNAL_PORT to free ports."
    fi
  done

  check_java
  with_lock "$KAFKA_CACHE_DIR/.fetch.lock" fetch_jars
  exec 9>&-

  local t0=$SECONDS
  with_lock "$KAFKA_TLS_DIR.lock" make_certificates
  exec 9>&-
  write_config
  format_storage

  if [[ -f "$LOG_FILE" ]]; then mv -f "$LOG_FILE" "$LOG_FILE.prev"; fi
  log "Starting Kafka $KAFKA_VERSION on $BOOTSTRAP (controller $HOST:$KAFKA_CONTROLLER_PORT)..."
  # Own session (setsid): a Ctrl-C in the calling terminal does not reach the broker.
  local detach=()
  if command -v setsid > /dev/null 2>&1; then detach=(setsid); fi
  # shellcheck disable=SC2086 # heap and JVM options are word lists
  nohup ${detach[@]+"${detach[@]}"} "$JAVA" $KAFKA_HEAP_OPTS \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$LOG4J_CONFIG" -Dkafka.log.level="$KAFKA_LOG_LEVEL" \
    $KAFKA_JVM_OPTS \
    -cp "$CLASSPATH_GLOB" kafka.Kafka "$SERVER_PROPS" \
    > "$LOG_FILE" 2>&1 < /dev/null 8>&- 9>&- &
  pid=$!
  echo "$pid" > "$PID_FILE"

  wait_ready "$pid"
  log "Kafka broker ready on $BOOTSTRAP (SASL_SSL; admin on $INTERNAL_BOOTSTRAP; pid $pid, $((SECONDS - t0))s). Log: $LOG_FILE"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "Kafka broker is not running."
    return 0
  fi
  log "Stopping Kafka broker (pid $pid)..."
  kill -TERM "$pid" 2> /dev/null || true
  local deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2> /dev/null; do
    if (( SECONDS >= deadline )); then
      log "Still running after ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL."
      kill -KILL "$pid" 2> /dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
  rm -f "$PID_FILE"
  log "Kafka broker stopped."
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if port_open "$KAFKA_PORT"; then
      log "running: pid $pid, $BOOTSTRAP, Kafka $KAFKA_VERSION, data $KAFKA_DATA_DIR, log $LOG_FILE"
    else
      log "starting or unhealthy: pid $pid is alive but $BOOTSTRAP does not accept connections; log $LOG_FILE"
    fi
    return 0
  fi
  log "not running (data $KAFKA_DATA_DIR, jars $(jars_present && echo cached || echo 'not fetched yet'))"
  return 3
}

cmd_reset() {
  if running_pid > /dev/null; then
    cmd_stop
  fi
  log "Wiping Kafka data in $KAFKA_DATA_DIR ..."
  # Only what this script creates, in case KAFKA_DATA_DIR points somewhere shared.
  rm -rf "$LOG_DIRS" "$CONFIG_DIR" "$CLUSTER_ID_FILE" "$PID_FILE" "$LOG_FILE" "$LOG_FILE.prev" "$KAFKA_DATA_DIR/.lock"
  rmdir "$KAFKA_DATA_DIR" 2> /dev/null || true
  log "Done. The next start formats a fresh cluster."
}

cmd_scram_user() {
  # The password comes on standard input and reaches the tool in a private file, never in argv.
  local name="${1:-}"
  [[ "$name" =~ ^[a-z0-9][a-z0-9._-]{0,63}$ ]] || die "scram-user needs a principal name (lower-case letters, digits, . _ -)"
  running_pid > /dev/null || die "the broker is not running; '$0 start' first"
  local password file
  IFS= read -r password || true
  # The tool's file format splits on , and = so the password keeps to a safe alphabet.
  [[ "$password" =~ ^[A-Za-z0-9._~+/-]{16,}$ ]] ||
    die "the password for $name must come on standard input: 16 or more letters, digits or . _ ~ + / -"
  file="$(umask 077 && mktemp "$CONFIG_DIR/scram.XXXXXX")"
  printf 'SCRAM-SHA-512=iterations=8192,password=%s\n' "$password" > "$file"
  local status=0
  java_tool kafka.admin.ConfigCommand --bootstrap-server "$INTERNAL_BOOTSTRAP" --command-config "$ADMIN_PROPS" \
    --alter --entity-type users --entity-name "$name" --add-config-file "$file" > /dev/null || status=$?
  rm -f "$file"
  (( status == 0 )) || die "could not set the SCRAM credentials of $name (see above)"
}

cmd_logs() {
  [[ -f "$LOG_FILE" ]] || die "no log yet at $LOG_FILE"
  exec tail -n 100 -F "$LOG_FILE"
}

lock_data_dir() {
  # One start/stop/reset at a time per data dir (the broker itself does not inherit the lock).
  if command -v flock > /dev/null 2>&1; then
    mkdir -p "$KAFKA_DATA_DIR"
    exec 8> "$KAFKA_DATA_DIR/.lock"
    flock 8
  fi
}

main() {
  local cmd="${1:-help}"
  case "$cmd" in
    start | stop | reset) lock_data_dir ;;
  esac
  case "$cmd" in
    start)  cmd_start ;;
    stop)   cmd_stop ;;
    status) cmd_status ;;
    reset)  cmd_reset ;;
    scram-user) cmd_scram_user "${2:-}" ;;
    certs)  with_lock "$KAFKA_TLS_DIR.lock" make_certificates ;;
    console-producer)
      shift
      check_java
      with_lock "$KAFKA_CACHE_DIR/.fetch.lock" fetch_jars
      exec 9>&-
      # Quiet logging: the tool's own errors still reach standard error.
      exec "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -Xshare:auto -Dlog4j2.level=WARN \
        -cp "$CLASSPATH_GLOB" org.apache.kafka.tools.ConsoleProducer "$@" ;;
    fetch)  with_lock "$KAFKA_CACHE_DIR/.fetch.lock" fetch_jars; log "Jars in $LIB_DIR" ;;
    logs)   cmd_logs ;;
    help | -h | --help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
