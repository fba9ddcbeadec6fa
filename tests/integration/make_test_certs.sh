#!/bin/sh
# tests/integration/make_test_certs.sh DIR: a CA, a server certificate for
# 127.0.0.1 and localhost, a client certificate, and a rogue CA with its own
# client certificate, for the TLS tests. Valid for two days.
set -eu
cd "$1"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1" 2>/dev/null; }
ca() {  # name
  key "$1.key"
  openssl req -x509 -new -key "$1.key" -out "$1.pem" -days 2 -subj "/CN=$1" 2>/dev/null
}
cert() {  # name ca extensions
  key "$1.key"
  openssl req -new -key "$1.key" -out "$1.csr" -subj "/CN=$1" 2>/dev/null
  printf '%s\n' "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial \
    -out "$1.pem" -days 2 -extfile "$1.ext" 2>/dev/null
}
ca ca
ca rogue-ca
cert server ca "subjectAltName=IP:127.0.0.1,DNS:localhost"
cert client ca "extendedKeyUsage=clientAuth"
cert rogue-client rogue-ca "extendedKeyUsage=clientAuth"
echo "s3cret-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')" >token
