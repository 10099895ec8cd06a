# Shared settings of deploy/ha/up, down and the HA test: where the stack keeps its data and which
# loopback ports it uses. Override any of them in the environment.
: "${DUKAO_HA_DIR:=/tmp/dukao-ha}"
: "${DUKAO_HA_ETCD_PORT:=23790}"     # etcd client (peer: +10)
: "${DUKAO_HA_PG1_PORT:=25441}"      # PostgreSQL node pg1 (Patroni REST: 28008)
: "${DUKAO_HA_PG2_PORT:=25442}"      # PostgreSQL node pg2 (Patroni REST: 28009)
: "${DUKAO_HA_REST1_PORT:=28008}"
: "${DUKAO_HA_REST2_PORT:=28009}"
: "${DUKAO_HA_WRITE_PORT:=25000}"    # HAProxy → the primary
: "${DUKAO_HA_READ_PORT:=25001}"     # HAProxy → the replicas (the primary when none is up)
: "${DUKAO_HA_HTTP_PORT:=28080}"     # HAProxy → the two Dukao servers
: "${DUKAO_HA_STATS_PORT:=28404}"    # HAProxy statistics page
: "${DUKAO_HA_APP1_PORT:=23001}"
: "${DUKAO_HA_APP2_PORT:=23002}"
: "${DUKAO_HA_DB:=dukao}"
DUKAO_HA_ETCD_PEER_PORT=$((DUKAO_HA_ETCD_PORT + 10))
DUKAO_HA_PORTS="$DUKAO_HA_ETCD_PORT $DUKAO_HA_ETCD_PEER_PORT $DUKAO_HA_PG1_PORT $DUKAO_HA_PG2_PORT"
DUKAO_HA_PORTS="$DUKAO_HA_PORTS $DUKAO_HA_REST1_PORT $DUKAO_HA_REST2_PORT $DUKAO_HA_WRITE_PORT $DUKAO_HA_READ_PORT"
DUKAO_HA_PORTS="$DUKAO_HA_PORTS $DUKAO_HA_HTTP_PORT $DUKAO_HA_STATS_PORT $DUKAO_HA_APP1_PORT $DUKAO_HA_APP2_PORT"
PG_BIN=/usr/lib/postgresql/15/bin
