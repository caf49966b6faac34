#!/bin/sh
# Makes what docker-compose.kafka.yml's SASL_SSL listener needs on disk, once per pair of volumes: a private CA,
# the broker's key and certificate in a PKCS#12 keystore, the keystore's password, the broker's JAAS file, and
# the CA certificate that clients trust. Generated at compose-up time so no key or password is ever committed.
#
# Usage: kafka-secrets.sh BROKER_DIR CLIENT_DIR HOST...
#   BROKER_DIR  keystore, password and JAAS file; only the broker mounts it (as /etc/kafka/secrets)
#   CLIENT_DIR  ca.crt alone, for clients to mount read-only
#   HOST        every name clients dial the broker by; each goes into the certificate's subjectAltName,
#               because librdkafka checks the name (ssl.endpoint.identification.algorithm=https)
# Plain POSIX sh and openssl: it runs in a bare Alpine container. Remove the volumes to start afresh.
set -eu

[ "$#" -ge 3 ] || { echo "usage: $0 BROKER_DIR CLIENT_DIR HOST..." >&2; exit 64; }
broker=$1
client=$2
shift 2

if [ -f "$broker/kafka.keystore.p12" ] && [ -f "$client/ca.crt" ]; then
  echo "kafka-secrets: already present, keeping them"
  exit 0
fi

san=""
for host in "$@"; do
  san="${san:+$san, }DNS:$host"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# An explicit config keeps the result independent of the distribution's openssl.cnf.
cat >"$work/openssl.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[broker]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $san
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF

openssl req -x509 -new -newkey rsa:2048 -nodes -days 825 -config "$work/openssl.cnf" -extensions ca \
  -subj "/CN=Evostream compose CA" -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -config "$work/openssl.cnf" \
  -subj "/CN=$1" -keyout "$work/broker.key" -out "$work/broker.csr" 2>/dev/null
openssl x509 -req -days 825 -in "$work/broker.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" \
  -set_serial "0x$(openssl rand -hex 16)" -extfile "$work/openssl.cnf" -extensions broker -out "$work/broker.crt" 2>/dev/null
openssl rand -hex 24 >"$work/keystore-password"
openssl pkcs12 -export -name kafka -in "$work/broker.crt" -inkey "$work/broker.key" -certfile "$work/ca.crt" \
  -passout "file:$work/keystore-password" -out "$work/kafka.keystore.p12"

# SCRAM credentials live in the cluster metadata; the broker's login module only needs naming.
cat >"$work/kafka_server_jaas.conf" <<EOF
KafkaServer {
  org.apache.kafka.common.security.scram.ScramLoginModule required;
};
EOF

mkdir -p "$broker" "$client"
# Readable by all: the broker runs as its image's own user, and no other container mounts BROKER_DIR.
chmod 644 "$work/kafka.keystore.p12" "$work/keystore-password" "$work/kafka_server_jaas.conf" "$work/ca.crt"
cp "$work/kafka.keystore.p12" "$work/keystore-password" "$work/kafka_server_jaas.conf" "$broker/"
# Written last: its presence is what marks the set as complete.
cp "$work/ca.crt" "$client/ca.crt"
echo "kafka-secrets: made a CA and a broker certificate for: $*"
