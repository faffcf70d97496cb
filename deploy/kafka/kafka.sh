#!/usr/bin/env bash
# Local Apache Kafka for development and tests (KRaft mode): one broker by default, or a cluster
# of three with KAFKA_NODES=3.
#
# The broker's jars come from Maven Central through deploy/kafka/pom.xml and are
# cached outside the repository; the broker's data, config and log live in a
# data directory, also outside the repository. No Docker and no Kafka install
# are needed: only Java 17+ and Maven.
#
# Usage: deploy/kafka/kafka.sh <command>
#   start    fetch the jars if missing, make the TLS certificates if missing, format
#            storage once, start the broker (every node of the cluster) in the background
#            and wait until each serves the admin
#   console-producer ARGS...
#            Apache Kafka's console producer (bin/kafka-console-producer.sh of a Kafka
#            download) from the cached jars, e.g. for a facility system's reports
#   certs    only make the TLS certificates (CA and broker) if missing or expiring
#   scram-user NAME
#            create or change the SCRAM-SHA-512 credentials of principal NAME; the
#            password is read from standard input (deploy/local/system.mjs uses it); they
#            are cluster metadata, so once is enough for every node
#   stop     stop the broker, or every node (SIGTERM, then SIGKILL after KAFKA_STOP_TIMEOUT s, or
#            5 s after a cluster's last controller quorum is gone); stops whatever the data
#            directory holds, whatever KAFKA_NODES says
#   status   say whether the broker (every node) is running (exit 0), some nodes only
#            (exit 1), or none (exit 3)
#   reset    stop the broker (every node) if running and wipe its data (topics, offsets, ...)
#   fetch    only fetch the jars into the cache
#   logs     follow the broker's log (every node's)
#   help     show this text
# Cluster only (KAFKA_NODES=3), to take one node down and bring it back:
#   stop-node N   stop node N (1..3) gracefully: its partitions' leadership moves first
#   kill-node N   kill node N at once (SIGKILL), as a crash would
#   start-node N  start node N again with the cluster's settings and wait until it serves
#
# Cluster mode (KAFKA_NODES=3): three combined broker+controller nodes on 127.0.0.1, node N on
# the ports KAFKA_PORT, KAFKA_CONTROLLER_PORT and KAFKA_INTERNAL_PORT plus (N-1)*KAFKA_PORT_STEP
# (defaults: 9092/9093/9094, 9102/9103/9104, 9112/9113/9114). They share one cluster id and
# form the controller quorum; each keeps its data, config, pid and log in <data dir>/node-N.
# Topics get three replicas (default.replication.factor=3, internal topics too) and a write is
# acknowledged once two have it (min.insync.replicas=2), so one node may be down at a time.
#
# Security: no listener is plaintext and every client authenticates.
#   - clients (services, facility systems): SASL SCRAM-SHA-512 over TLS on KAFKA_PORT;
#     the principals and their ACLs come from deploy/local/system.mjs (provisionKafka)
#   - the admin (provisioning, tests) and the broker itself: SASL PLAIN over TLS on
#     KAFKA_INTERNAL_PORT, bound to 127.0.0.1 only
#   - the KRaft controller: SASL PLAIN over TLS on KAFKA_CONTROLLER_PORT, 127.0.0.1 only
#   KRaft's StandardAuthorizer denies whatever no ACL allows; admin, broker and
#   controller are its super users. The certificates come from tls-certs.sh; the one broker
#   certificate (127.0.0.1, localhost) serves every node.
#
# Environment (defaults in brackets):
#   KAFKA_NODES             1 (one broker) or 3 (a cluster) [1]
#   KAFKA_PORT              clients' SASL_SSL port on 127.0.0.1 (node 1's) [9092]
#   KAFKA_CONTROLLER_PORT   KRaft controller port on 127.0.0.1 (node 1's) [9093]
#   KAFKA_INTERNAL_PORT     admin and inter-broker port on 127.0.0.1 (node 1's) [controller port + 1]
#   KAFKA_PORT_STEP         cluster only: how far each node's ports are from the previous node's [10]
#   KAFKA_ADMIN_PASSWORD    the admin's password [a new random one each start, written
#                           to <data dir>/config/admin.password, readable by the owner only;
#                           a cluster keeps it, and its nodes' own passwords, while any node runs]
#   KAFKA_TLS_DIR           CA and broker certificate [$HOME/.cache/sud-referral/kafka-tls]
#   KAFKA_CACHE_DIR         jar cache [$HOME/.cache/sud-referral/kafka]
#   KAFKA_DATA_DIR          data, config, pid and log [$HOME/.cache/sud-referral/kafka-data]
#   KAFKA_VERSION           Kafka release to run [the kafka.version pinned in pom.xml]
#   KAFKA_HEAP_OPTS         JVM heap options, per node [-Xms256m -Xmx512m]
#   KAFKA_JVM_OPTS          extra JVM options [none]
#   KAFKA_LOG_LEVEL         root log level of the broker [INFO]
#   KAFKA_START_TIMEOUT     seconds to wait for the broker (every node) to serve clients [90; 180 for a cluster]
#   KAFKA_STOP_TIMEOUT      seconds to wait after SIGTERM before SIGKILL [30]
#   JAVA_HOME               Java 17+ to use [the java on PATH]
#   MVN                     Maven command [mvn]
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$SCRIPT_DIR/pom.xml"

KAFKA_NODES="${KAFKA_NODES:-1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_INTERNAL_PORT="${KAFKA_INTERNAL_PORT:-$((KAFKA_CONTROLLER_PORT + 1))}"
KAFKA_PORT_STEP="${KAFKA_PORT_STEP:-10}"
KAFKA_TLS_DIR="${KAFKA_TLS_DIR:-$HOME/.cache/sud-referral/kafka-tls}"
KAFKA_CACHE_DIR="${KAFKA_CACHE_DIR:-$HOME/.cache/sud-referral/kafka}"
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$HOME/.cache/sud-referral/kafka-data}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:-}"
KAFKA_LOG_LEVEL="${KAFKA_LOG_LEVEL:-INFO}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
MVN="${MVN:-mvn}"
if [[ -n "${JAVA_HOME:-}" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi

HOST=127.0.0.1

# Shared by every node: the admin's and the tools' settings, the cluster id.
CONFIG_DIR="$KAFKA_DATA_DIR/config"
LOG4J_CONFIG="$CONFIG_DIR/log4j2.properties"
ADMIN_PROPS="$CONFIG_DIR/admin-client.properties"
PROBE_PROPS="$CONFIG_DIR/admin-probe.properties"
ADMIN_PASSWORD_FILE="$CONFIG_DIR/admin.password"
# A cluster's nodes authenticate to each other with these while any of them runs.
NODE_PASSWORDS_FILE="$CONFIG_DIR/node.passwords"
CLUSTER_ID_FILE="$KAFKA_DATA_DIR/cluster.id"

log() { echo "[kafka] $*"; }
die() { echo "[kafka] ERROR: $*" >&2; exit 1; }

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

# ---------------------------------------------------------------- nodes

# Node N's ports: node 1's plus (N-1) steps.
client_port() { echo $((KAFKA_PORT + ($1 - 1) * KAFKA_PORT_STEP)); }
controller_port() { echo $((KAFKA_CONTROLLER_PORT + ($1 - 1) * KAFKA_PORT_STEP)); }
internal_port() { echo $((KAFKA_INTERNAL_PORT + ($1 - 1) * KAFKA_PORT_STEP)); }

is_cluster() { (( KAFKA_NODES > 1 )); }

# Sets what depends on the number of nodes: the bootstrap lists and the controller quorum.
configure_nodes() {
  [[ "$KAFKA_NODES" =~ ^[13]$ ]] || die "KAFKA_NODES must be 1 (one broker) or 3 (a cluster), not '$KAFKA_NODES'"
  [[ "$KAFKA_PORT_STEP" =~ ^[0-9]+$ ]] || die "KAFKA_PORT_STEP must be a number, not '$KAFKA_PORT_STEP'"
  NODES=()
  local n clients=() internals=() voters=() ports=()
  for ((n = 1; n <= KAFKA_NODES; n++)); do
    NODES+=("$n")
    clients+=("$HOST:$(client_port "$n")")
    internals+=("$HOST:$(internal_port "$n")")
    voters+=("$n@$HOST:$(controller_port "$n")")
    ports+=("$(client_port "$n")" "$(controller_port "$n")" "$(internal_port "$n")")
  done
  if is_cluster && [[ "$(printf '%s\n' "${ports[@]}" | sort -u | wc -l)" -ne "${#ports[@]}" ]]; then
    die "the nodes' ports overlap (${ports[*]}): make KAFKA_PORT_STEP larger than the spread of KAFKA_PORT, KAFKA_CONTROLLER_PORT and KAFKA_INTERNAL_PORT"
  fi
  # Three JVMs starting side by side on a small machine take longer than one.
  if [[ -z "$KAFKA_START_TIMEOUT" ]] || [[ -n "${START_TIMEOUT_DEFAULTED:-}" ]]; then
    START_TIMEOUT_DEFAULTED=1
    if is_cluster; then KAFKA_START_TIMEOUT=180; else KAFKA_START_TIMEOUT=90; fi
  fi
  BOOTSTRAP="$(IFS=,; echo "${clients[*]}")"
  INTERNAL_BOOTSTRAP="$(IFS=,; echo "${internals[*]}")"
  CONTROLLER_VOTERS="$(IFS=,; echo "${voters[*]}")"
  select_node 1
}

# Sets node N's ports and files. One broker keeps the layout it always had; node N of a cluster
# lives in <data dir>/node-N.
select_node() {
  NODE="$1"
  NODE_PORT="$(client_port "$NODE")"
  NODE_CONTROLLER_PORT="$(controller_port "$NODE")"
  NODE_INTERNAL_PORT="$(internal_port "$NODE")"
  if is_cluster; then
    NODE_DIR="$KAFKA_DATA_DIR/node-$NODE"
    SERVER_PROPS="$NODE_DIR/server.properties"
    NODE_NAME="node $NODE"
  else
    NODE_DIR="$KAFKA_DATA_DIR"
    SERVER_PROPS="$CONFIG_DIR/server.properties"
    NODE_NAME="broker"
  fi
  LOG_DIRS="$NODE_DIR/data"
  PID_FILE="$NODE_DIR/broker.pid"
  LOG_FILE="$NODE_DIR/broker.log"
}

# How many nodes the data directory holds: a cluster's count, 1 for one broker's, 0 for none yet.
layout_nodes() {
  local count=0 dir
  for dir in "$KAFKA_DATA_DIR"/node-[0-9]; do
    if [[ -d "$dir" ]]; then count=$((count + 1)); fi
  done
  if (( count > 0 )); then
    echo "$count"
  elif [[ -d "$KAFKA_DATA_DIR/data" || -f "$KAFKA_DATA_DIR/broker.pid" ]]; then
    echo 1
  else
    echo 0
  fi
}

# One data directory holds one kind of cluster: a broker's data and a cluster's never mix.
check_layout() {
  local found
  found="$(layout_nodes)"
  if (( found == 0 || found == KAFKA_NODES )); then return 0; fi
  if (( found == 1 )); then
    die "$KAFKA_DATA_DIR holds a single broker's data, not a cluster's: set KAFKA_NODES=1, or '$0 reset' wipes it, or set KAFKA_DATA_DIR elsewhere"
  fi
  die "$KAFKA_DATA_DIR holds a $found-node cluster's data: set KAFKA_NODES=$found, or '$0 reset' wipes it, or set KAFKA_DATA_DIR elsewhere"
}

# stop, reset and logs act on whatever the data directory holds.
adopt_layout() {
  local found
  found="$(layout_nodes)"
  if (( found > 0 && found != KAFKA_NODES )); then
    KAFKA_NODES="$found"
    configure_nodes
  fi
}

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

# Prints the selected node's pid if its pid file names a live Kafka process of this data dir.
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

# Prints the numbers of the nodes that are running, one a line.
running_nodes() {
  local n
  for n in "${NODES[@]}"; do
    select_node "$n"
    if running_pid > /dev/null; then echo "$n"; fi
  done
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

time_limit() {
  # A readiness probe's time limit: what is left of the wait, kept between 3 and 30 seconds.
  local limit="${1:-30}"
  (( limit < 3 )) && limit=3
  (( limit > 30 )) && limit=30
  echo "$limit"
}

clients_served() {
  # A real client round trip: the admin client lists topics. It retries on its own
  # while the broker is still starting, so it is started without waiting for the port.
  with_timeout "$(time_limit "${1:-30}")" "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -Xshare:auto \
    -Dlog4j2.configurationFile="$LOG4J_CONFIG" -Dkafka.log.level=ERROR \
    -cp "$CLASSPATH_GLOB" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$INTERNAL_BOOTSTRAP" --command-config "$PROBE_PROPS" --list > /dev/null 2>&1
}

nodes_served() {
  # $1: time limit; then the nodes that must serve. One admin round trip to every broker the
  # cluster's metadata lists: a node not yet registered and caught up (fenced) is not listed.
  local limit="$1" out n
  shift
  out="$(with_timeout "$(time_limit "$limit")" "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -Xshare:auto \
    -Dlog4j2.configurationFile="$LOG4J_CONFIG" -Dkafka.log.level=ERROR \
    -cp "$CLASSPATH_GLOB" org.apache.kafka.tools.BrokerApiVersionsCommand \
    --bootstrap-server "$INTERNAL_BOOTSTRAP" --command-config "$PROBE_PROPS" 2> /dev/null)" || return 1
  for n in "$@"; do
    grep -Eq "^$HOST:$(internal_port "$n") \(id: $n rack: [^)]*\) -> \(" <<< "$out" || return 1
  done
}

# ---------------------------------------------------------------- config

random_password() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }

make_certificates() {
  sh "$SCRIPT_DIR/tls-certs.sh" "$KAFKA_TLS_DIR" || die "could not make the TLS certificates in $KAFKA_TLS_DIR (keytool is part of Java)"
}

# The passwords of the admin and of the nodes' own identities (broker, controller). One broker
# gets new ones every start; a cluster's nodes must agree, so a node joining running ones reuses
# theirs ($1 = keep).
choose_passwords() {
  if [[ "$1" == keep ]]; then
    [[ -s "$NODE_PASSWORDS_FILE" && -s "$ADMIN_PASSWORD_FILE" ]] ||
      die "the running nodes' passwords are missing from $CONFIG_DIR: '$0 stop', then '$0 start'"
    ADMIN_PASSWORD="${KAFKA_ADMIN_PASSWORD:-$(cat "$ADMIN_PASSWORD_FILE")}"
    BROKER_PASSWORD="$(sed -n 's/^broker=//p' "$NODE_PASSWORDS_FILE")"
    CONTROLLER_PASSWORD="$(sed -n 's/^controller=//p' "$NODE_PASSWORDS_FILE")"
  else
    ADMIN_PASSWORD="${KAFKA_ADMIN_PASSWORD:-$(random_password)}"
    BROKER_PASSWORD="$(random_password)"
    CONTROLLER_PASSWORD="$(random_password)"
  fi
}

write_shared_config() {
  mkdir -p "$CONFIG_DIR"
  chmod 700 "$CONFIG_DIR"
  (umask 077 && printf '%s' "$ADMIN_PASSWORD" > "$ADMIN_PASSWORD_FILE")
  if is_cluster; then
    (umask 077 && printf 'broker=%s\ncontroller=%s\n' "$BROKER_PASSWORD" "$CONTROLLER_PASSWORD" > "$NODE_PASSWORDS_FILE")
  fi

  cat > "$LOG4J_CONFIG" <<'END_LOG4J'
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
END_LOG4J

  # The admin's tools (scram-user) are patient: on a busy machine a few of them side by side, against three
  # nodes, need longer than a readiness probe, which must fail fast and try again.
  local props
  props="security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$ADMIN_PASSWORD\";
ssl.truststore.type=PEM
ssl.truststore.location=$KAFKA_TLS_DIR/ca.crt
retry.backoff.ms=100
retry.backoff.max.ms=200
reconnect.backoff.ms=50
reconnect.backoff.max.ms=200"
  (umask 077 && printf '%s\nrequest.timeout.ms=30000\ndefault.api.timeout.ms=60000\n' "$props" > "$ADMIN_PROPS")
  (umask 077 && printf '%s\nrequest.timeout.ms=5000\ndefault.api.timeout.ms=8000\n' "$props" > "$PROBE_PROPS")
}

# The selected node's server.properties.
write_node_config() {
  mkdir -p "$NODE_DIR" "$LOG_DIRS"
  local store_password description replication replicas min_insync
  store_password="$(cat "$KAFKA_TLS_DIR/store.password")"
  if is_cluster; then
    description="Node $NODE of a $KAFKA_NODES-node KRaft cluster: each process is both broker and controller."
    replication="# Three copies of every partition, internal topics too; a write with acks=all is acknowledged
# once two have it, so one node may be down without a write being lost or refused."
    replicas=3
    min_insync=2
  else
    description="Single-node KRaft cluster: this process is both broker and controller."
    replication="# One broker: every replication factor is 1."
    replicas=1
    min_insync=1
  fi
  (umask 077 && cat > "$SERVER_PROPS") <<END_SERVER
# Written by deploy/kafka/kafka.sh on every start: edit the script, not this file.
# $description
process.roles=broker,controller
node.id=$NODE
controller.quorum.voters=$CONTROLLER_VOTERS
controller.listener.names=CONTROLLER
listeners=CLIENTS://$HOST:$NODE_PORT,INTERNAL://$HOST:$NODE_INTERNAL_PORT,CONTROLLER://$HOST:$NODE_CONTROLLER_PORT
advertised.listeners=CLIENTS://$HOST:$NODE_PORT,INTERNAL://$HOST:$NODE_INTERNAL_PORT
inter.broker.listener.name=INTERNAL
listener.security.protocol.map=CLIENTS:SASL_SSL,INTERNAL:SASL_SSL,CONTROLLER:SASL_SSL

# Clients prove who they are with SCRAM-SHA-512; the credentials live in the cluster metadata.
listener.name.clients.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.clients.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
# The broker, the admin and the controller use PLAIN with passwords written here each start, on
# loopback-only listeners: SCRAM credentials cannot exist before the cluster's metadata does.
sasl.mechanism.inter.broker.protocol=PLAIN
listener.name.internal.sasl.enabled.mechanisms=PLAIN
listener.name.internal.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="$BROKER_PASSWORD" user_broker="$BROKER_PASSWORD" user_admin="$ADMIN_PASSWORD";
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="$CONTROLLER_PASSWORD" user_controller="$CONTROLLER_PASSWORD";

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

$replication
num.partitions=1
default.replication.factor=$replicas
min.insync.replicas=$min_insync
offsets.topic.replication.factor=$replicas
transaction.state.log.replication.factor=$replicas
transaction.state.log.min.isr=$min_insync
share.coordinator.state.topic.replication.factor=$replicas
share.coordinator.state.topic.min.isr=$min_insync

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
END_SERVER
}

# The cluster id every node is formatted with: made once per data directory.
cluster_id() {
  if [[ ! -s "$CLUSTER_ID_FILE" ]]; then
    local id
    id="$(java_tool kafka.tools.StorageTool random-uuid 2> /dev/null | tail -n 1 | tr -d '[:space:]')"
    [[ -n "$id" ]] || die "could not generate a cluster id with kafka.tools.StorageTool"
    mkdir -p "$KAFKA_DATA_DIR"
    echo "$id" > "$CLUSTER_ID_FILE"
  fi
  tr -d '[:space:]' < "$CLUSTER_ID_FILE"
}

# Formats the selected node's storage once; fails with the tool's output.
format_storage() {
  if [[ -f "$LOG_DIRS/meta.properties" ]]; then
    return 0
  fi
  local id out
  id="$(cluster_id)"
  log "Formatting storage of the $NODE_NAME in $LOG_DIRS (cluster id $id)..."
  if ! out="$(java_tool kafka.tools.StorageTool format -t "$id" -c "$SERVER_PROPS" --ignore-formatted 2>&1)"; then
    echo "$out" >&2
    return 1
  fi
}

# ---------------------------------------------------------------- commands

died_during_startup() {
  # The selected node's process is gone: show why and stop.
  rm -f "$PID_FILE"
  echo "----- last lines of $LOG_FILE -----" >&2
  tail -n 30 "$LOG_FILE" >&2 || true
  local others=""
  if is_cluster; then others=" Other nodes may still run: '$0 stop' stops them."; fi
  die "the Kafka $NODE_NAME exited during startup. Look at its log: $LOG_FILE (if the data is damaged, '$0 reset' wipes it).$others"
}

wait_ready() {
  # Waits until a client can list topics, or the process dies, or the timeout.
  local pid="$1" deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  local hint="Look at the broker log: $LOG_FILE (if the data is damaged, '$0 reset' wipes it)."
  while :; do
    if ! kill -0 "$pid" 2> /dev/null; then
      died_during_startup
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

wait_nodes_ready() {
  # Waits until every node in "$@" serves the admin on its own port (registered and caught up),
  # or one of them dies, or the timeout.
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT)) n
  while :; do
    for n in "$@"; do
      select_node "$n"
      running_pid > /dev/null || died_during_startup
    done
    if nodes_served $((deadline - SECONDS)) "$@"; then
      return 0
    fi
    if (( SECONDS >= deadline )); then
      die "node(s) $* did not serve clients within ${KAFKA_START_TIMEOUT}s (a node joins only while a majority of the $KAFKA_NODES controllers runs). Look at the logs: $KAFKA_DATA_DIR/node-N/broker.log. They are still running: '$0 stop' stops them; KAFKA_START_TIMEOUT sets the wait."
    fi
    sleep 0.5
  done
}

# Starts the selected node's JVM in the background and records its pid.
launch_node() {
  if [[ -f "$LOG_FILE" ]]; then mv -f "$LOG_FILE" "$LOG_FILE.prev"; fi
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
  echo "$!" > "$PID_FILE"
}

check_ports_free() {
  local port
  for port in "$NODE_PORT" "$NODE_CONTROLLER_PORT" "$NODE_INTERNAL_PORT"; do
    if port_open "$port"; then
      die "port $port on $HOST is already in use by another process (not a broker started with KAFKA_DATA_DIR=$KAFKA_DATA_DIR). Stop it, or set KAFKA_PORT/KAFKA_CONTROLLER_PORT/KAFKA_INTERNAL_PORT to free ports."
    fi
  done
}

prepare_start() {
  check_java
  with_lock "$KAFKA_CACHE_DIR/.fetch.lock" fetch_jars
  exec 9>&-
  with_lock "$KAFKA_TLS_DIR.lock" make_certificates
  exec 9>&-
}

cmd_start() {
  check_layout
  if is_cluster; then
    start_cluster_nodes "${NODES[@]}"
    return
  fi
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
  check_ports_free
  prepare_start

  local t0=$SECONDS
  choose_passwords new
  write_shared_config
  write_node_config
  format_storage || die "formatting storage failed; try '$0 reset' and start again"

  log "Starting Kafka $KAFKA_VERSION on $BOOTSTRAP (controller $HOST:$KAFKA_CONTROLLER_PORT)..."
  launch_node
  pid="$(cat "$PID_FILE")"

  wait_ready "$pid"
  log "Kafka broker ready on $BOOTSTRAP (SASL_SSL; admin on $INTERNAL_BOOTSTRAP; pid $pid, $((SECONDS - t0))s). Log: $LOG_FILE"
}

# Starts those of the cluster's nodes "$@" that are not running, then waits until all of them serve.
start_cluster_nodes() {
  check_layout
  local wanted=("$@") running=() to_start=() n
  mapfile -t running < <(running_nodes)
  for n in "${wanted[@]}"; do
    if [[ " ${running[*]} " != *" $n "* ]]; then to_start+=("$n"); fi
  done
  local t0=$SECONDS
  if (( ${#to_start[@]} > 0 )); then
    for n in "${to_start[@]}"; do
      select_node "$n"
      rm -f "$PID_FILE"
      check_ports_free
    done
    prepare_start
    # Nodes joining running ones must use their passwords; a cluster starting afresh gets new ones.
    if (( ${#running[@]} > 0 )); then choose_passwords keep; else choose_passwords new; fi
    write_shared_config
    local formatting=() failed=0
    # Made before the nodes format side by side, so that they share it.
    cluster_id > /dev/null
    for n in "${to_start[@]}"; do
      select_node "$n"
      write_node_config
      format_storage &
      formatting+=("$!")
    done
    for n in "${formatting[@]}"; do wait "$n" || failed=1; done
    (( failed == 0 )) || die "formatting storage failed; try '$0 reset' and start again"
    log "Starting Kafka $KAFKA_VERSION node(s) ${to_start[*]} of $KAFKA_NODES (clients $BOOTSTRAP)..."
    for n in "${to_start[@]}"; do
      select_node "$n"
      launch_node
    done
  fi
  wait_nodes_ready "${wanted[@]}"
  local described=()
  for n in "${wanted[@]}"; do
    select_node "$n"
    described+=("node $n $HOST:$NODE_PORT pid $(running_pid)")
  done
  log "Kafka ready (SASL_SSL; $(IFS=,; echo "${described[*]}" | sed 's/,/, /g'); admin on $INTERNAL_BOOTSTRAP; $((SECONDS - t0))s). Logs: $KAFKA_DATA_DIR/node-N/broker.log"
}

# Stops the nodes "$@" together: SIGTERM to all, then SIGKILL to any still running after
# KAFKA_STOP_TIMEOUT s. With KILL first, SIGKILL at once, as a crash would.
stop_nodes() {
  local signal=TERM
  if [[ "${1:-}" == KILL ]]; then signal=KILL; shift; fi
  local n pid pids=() names=() what
  if is_cluster; then what="node(s) $*"; else what="broker"; fi
  for n in "$@"; do
    select_node "$n"
    if pid="$(running_pid)"; then
      pids+=("$pid")
      names+=("$NODE_NAME (pid $pid)")
    else
      rm -f "$PID_FILE"
    fi
  done
  if (( ${#pids[@]} == 0 )); then
    log "Kafka $what is not running."
    return 0
  fi
  local listed
  listed="$(printf '%s, ' "${names[@]}")"
  if [[ "$signal" == KILL ]]; then log "Killing Kafka ${listed%, }..."; else log "Stopping Kafka ${listed%, }..."; fi
  kill "-$signal" "${pids[@]}" 2> /dev/null || true
  local deadline=$((SECONDS + KAFKA_STOP_TIMEOUT)) alive quorum_lost=""
  while :; do
    alive=()
    for pid in "${pids[@]}"; do
      if kill -0 "$pid" 2> /dev/null; then alive+=("$pid"); fi
    done
    (( ${#alive[@]} == 0 )) && break
    if (( SECONDS >= deadline )); then
      log "Still running after ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL."
      kill -KILL "${alive[@]}" 2> /dev/null || true
      sleep 1
      break
    fi
    # A node's broker leaves only once the controller quorum approves; with most nodes gone there is none,
    # and it would wait minutes. Killed then, its logs are recovered at the next start.
    if is_cluster && [[ -z "$quorum_lost" ]] && (( $(running_nodes | wc -l) <= KAFKA_NODES / 2 )); then
      quorum_lost=$SECONDS
    fi
    if [[ -n "$quorum_lost" ]] && (( SECONDS - quorum_lost >= 5 )); then
      log "No controller quorum is left to approve the last node's shutdown; sending SIGKILL."
      kill -KILL "${alive[@]}" 2> /dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
  for n in "$@"; do
    select_node "$n"
    rm -f "$PID_FILE"
  done
  if [[ "$signal" == KILL ]]; then log "Kafka $what killed."; else log "Kafka $what stopped."; fi
}

cmd_stop() {
  stop_nodes "${NODES[@]}"
}

# The node number that stop-node, kill-node and start-node were given.
node_argument() {
  is_cluster || die "$1 needs a cluster: set KAFKA_NODES=3"
  [[ "${2:-}" =~ ^[0-9]$ ]] && (( $2 >= 1 && $2 <= KAFKA_NODES )) || die "$1 needs a node number from 1 to $KAFKA_NODES"
  echo "$2"
}

cmd_status() {
  check_layout
  local n pid up=0 lines=() who=""
  for n in "${NODES[@]}"; do
    select_node "$n"
    if is_cluster; then who="$NODE_NAME"; fi
    if pid="$(running_pid)"; then
      up=$((up + 1))
      if port_open "$NODE_PORT"; then
        lines+=("running: $who${who:+, }pid $pid, $HOST:$NODE_PORT, Kafka $KAFKA_VERSION, data $NODE_DIR, log $LOG_FILE")
      else
        lines+=("starting or unhealthy: $who${who:+, }pid $pid is alive but $HOST:$NODE_PORT does not accept connections; log $LOG_FILE")
      fi
    else
      lines+=("not running: $NODE_NAME ($HOST:$NODE_PORT, data $NODE_DIR)")
    fi
  done
  if (( up == 0 )); then
    log "not running (data $KAFKA_DATA_DIR, jars $(jars_present && echo cached || echo 'not fetched yet'))"
    return 3
  fi
  for n in "${lines[@]}"; do log "$n"; done
  if (( up < KAFKA_NODES )); then return 1; fi
}

cmd_reset() {
  if [[ -n "$(running_nodes)" ]]; then cmd_stop; fi
  log "Wiping Kafka data in $KAFKA_DATA_DIR ..."
  # Only what this script creates, in case KAFKA_DATA_DIR points somewhere shared.
  local n
  for n in "${NODES[@]}"; do
    select_node "$n"
    rm -rf "$LOG_DIRS" "$SERVER_PROPS" "$PID_FILE" "$LOG_FILE" "$LOG_FILE.prev"
    if is_cluster; then rmdir "$NODE_DIR" 2> /dev/null || true; fi
  done
  rm -rf "$CONFIG_DIR" "$CLUSTER_ID_FILE" "$KAFKA_DATA_DIR/.lock"
  rmdir "$KAFKA_DATA_DIR" 2> /dev/null || true
  log "Done. The next start formats a fresh cluster."
}

cmd_scram_user() {
  # The password comes on standard input and reaches the tool in a private file, never in argv.
  local name="${1:-}"
  [[ "$name" =~ ^[a-z0-9][a-z0-9._-]{0,63}$ ]] || die "scram-user needs a principal name (lower-case letters, digits, . _ -)"
  [[ -n "$(running_nodes)" ]] || die "the broker is not running; '$0 start' first"
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
  local n files=()
  for n in "${NODES[@]}"; do
    select_node "$n"
    if [[ -f "$LOG_FILE" ]]; then files+=("$LOG_FILE"); fi
  done
  (( ${#files[@]} > 0 )) || die "no log yet in $KAFKA_DATA_DIR"
  exec tail -n 100 -F "${files[@]}"
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
  local cmd="${1:-help}" node
  case "$cmd" in
    help | -h | --help) usage; return 0 ;;
  esac
  configure_nodes
  case "$cmd" in
    stop | reset | logs) adopt_layout ;;
  esac
  case "$cmd" in
    start | stop | reset | start-node | stop-node | kill-node) lock_data_dir ;;
  esac
  case "$cmd" in
    start)  cmd_start ;;
    stop)   cmd_stop ;;
    status) cmd_status ;;
    reset)  cmd_reset ;;
    start-node) node="$(node_argument "$cmd" "${2:-}")"; start_cluster_nodes "$node" ;;
    stop-node)  node="$(node_argument "$cmd" "${2:-}")"; stop_nodes "$node" ;;
    kill-node)  node="$(node_argument "$cmd" "${2:-}")"; stop_nodes KILL "$node" ;;
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
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
