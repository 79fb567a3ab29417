#!/usr/bin/env bash
# A RabbitMQ cluster on loopback for the cluster suite: nodes <basename of DIR>-<i>@localhost, each
# with its own directory under DIR, its own AMQP, distribution and MQTT ports, the MQTT
# plugin, and durable (clean session false) MQTT subscriptions on quorum queues.
#
#   rabbit-cluster.sh DIR start I MQTT_PORT AMQP_PORT DIST_PORT   start node I (configured on first use); waits for its MQTT port
#   rabbit-cluster.sh DIR join I SEED                             node I joins the cluster of node SEED
#   rabbit-cluster.sh DIR stop I                                  stops node I gracefully (rabbitmqctl stop)
#   rabbit-cluster.sh DIR kill                                    kills every node of DIR (by its pid file), removes DIR, stops an unused epmd
#
# Uses Debian's rabbitmq-server (3.10) from /usr/lib/rabbitmq/bin, run as the current user.
set -euo pipefail
DIR=$1
CMD=$2
BIN=/usr/lib/rabbitmq/bin
NAME=$(basename "$DIR")

node_env() {
  local i=$1
  export HOME=$DIR/home
  export RABBITMQ_NODENAME=$NAME-$i@localhost
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_CONFIG_FILE=$DIR/n$i/rabbitmq
  export RABBITMQ_MNESIA_BASE=$DIR/n$i/mnesia
  export RABBITMQ_LOG_BASE=$DIR/n$i/log
  export RABBITMQ_ENABLED_PLUGINS_FILE=$DIR/n$i/enabled_plugins
  export RABBITMQ_PLUGINS_EXPAND_DIR=$DIR/n$i/plugins-expand
  export RABBITMQ_PID_FILE=$DIR/n$i/pid
  export ERL_EPMD_ADDRESS=127.0.0.1
  if [ -f "$DIR/n$i/dist_port" ]; then export RABBITMQ_DIST_PORT=$(cat "$DIR/n$i/dist_port"); fi
}

wait_port() {
  for _ in $(seq 1 240); do
    if (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "nothing listens on 127.0.0.1:$1 after 120 s" >&2
  return 1
}

case $CMD in
  start)
    I=$3 MQTT=$4 AMQP=$5 DIST=$6
    mkdir -p "$DIR/home" "$DIR/n$I"
    [ -f "$DIR/home/.erlang.cookie" ] || { printf 'RXMQTTCLUSTERSUITE' > "$DIR/home/.erlang.cookie"; chmod 400 "$DIR/home/.erlang.cookie"; }
    if [ ! -f "$DIR/n$I/rabbitmq.conf" ]; then
      cat > "$DIR/n$I/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$AMQP
mqtt.listeners.tcp.default = 127.0.0.1:$MQTT
mqtt.allow_anonymous = true
mqtt.durable_queue_type = quorum
loopback_users = none
log.console = false
CONF
      echo '[rabbitmq_mqtt].' > "$DIR/n$I/enabled_plugins"
      echo "$DIST" > "$DIR/n$I/dist_port"
      echo "$MQTT" > "$DIR/n$I/mqtt_port"
    fi
    node_env "$I"
    setsid "$BIN/rabbitmq-server" > "$DIR/n$I/stdout" 2>&1 < /dev/null &
    wait_port "$(cat "$DIR/n$I/mqtt_port")"
    ;;
  join)
    I=$3 SEED=$4
    node_env "$I"
    "$BIN/rabbitmqctl" -q -n "$NAME-$I@localhost" stop_app
    "$BIN/rabbitmqctl" -q -n "$NAME-$I@localhost" join_cluster "$NAME-$SEED@localhost"
    "$BIN/rabbitmqctl" -q -n "$NAME-$I@localhost" start_app
    wait_port "$(cat "$DIR/n$I/mqtt_port")"
    ;;
  stop)
    I=$3
    node_env "$I"
    "$BIN/rabbitmqctl" -q -n "$NAME-$I@localhost" stop
    ;;
  kill)
    for pidfile in "$DIR"/n*/pid; do
      [ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
    done
    rm -rf "$DIR"
    # the first node started the Erlang port mapper; stop it when no node uses it any more
    sleep 1
    if command -v epmd >/dev/null && ! epmd -names 2>/dev/null | grep -q '^name '; then epmd -kill >/dev/null 2>&1 || true; fi
    ;;
  *)
    echo "usage: rabbit-cluster.sh DIR start|join|stop|kill ..." >&2
    exit 2
    ;;
esac
