#!/usr/bin/env bash
# Makes a throw-away certificate authority, a node (server) certificate and a client certificate
# for trying TLS and mutual TLS. NOT for production: use your organisation's CA there.
#
#   deploy/tls/make-test-certs.sh OUT_DIR [NAME ...]
#
# NAME: host names / IP addresses the node certificate is valid for (default: localhost
# 127.0.0.1 emotion-node). Writes into OUT_DIR:
#   ca.pem, ca.key           the test CA (clients trust ca.pem; the node trusts it for mTLS)
#   node.pem, node.key       --tls-cert / --tls-key of the node
#   client.pem, client.key   emotion-admin --tls-cert / --tls-key for mutual TLS
# Keys are PKCS#8 PEM (what both Vert.x and grpc-java read); certificates last 30 days.
set -euo pipefail
OUT="${1:?usage: make-test-certs.sh OUT_DIR [NAME ...]}"
shift
NAMES=("$@")
[[ ${#NAMES[@]} -gt 0 ]] || NAMES=(localhost 127.0.0.1 emotion-node)
mkdir -p "$OUT"
cd "$OUT"

san=""
for n in "${NAMES[@]}"; do
  if [[ "$n" =~ ^[0-9.]+$ || "$n" == *:* ]]; then san+="IP:$n,"; else san+="DNS:$n,"; fi
done
san="${san%,}"

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; chmod 600 "$1"; }

key ca.key
openssl req -x509 -new -key ca.key -sha256 -days 30 -subj "/CN=emotion test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem

sign() { # name cn extensions
  key "$1.key"
  openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr"
  printf '%s\n' "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -sha256 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

sign node "${NAMES[0]}" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$san"
sign client "emotion-admin" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
rm -f ca.srl
echo "wrote $(pwd)/{ca,node,client}.{pem,key} (node valid for: ${NAMES[*]})"
