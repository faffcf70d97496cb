#!/bin/sh
# Makes the private certificate authority and the broker certificate for Kafka's TLS listeners.
# keytool only (every Java runtime has it), POSIX sh: the same script serves deploy/kafka/kafka.sh
# and docker-compose's one-shot `kafka-tls` service (apache/kafka image).
#
# Usage: tls-certs.sh <dir> [extra host names for the broker certificate...]
# Writes into <dir>: ca.crt (PEM: what clients trust), broker.p12 (the broker's key and chain),
# store.password (the keystore's password); ca.p12 holds the CA's key. Files are private to the
# owner (umask 077); ca.crt is world-readable so services running as another user can trust it.
# Keeps existing certificates that are valid for 30 more days and name the same hosts.
set -eu

dir=${1:?usage: tls-certs.sh <dir> [host...]}
shift
hosts="localhost $*"
san="ip:127.0.0.1"
for host in $hosts; do san="$san,dns:$host"; done
days=825

umask 077
mkdir -p "$dir"
cd "$dir"

if [ -f broker.p12 ] && [ -f ca.crt ] && [ -f store.password ] && [ "$(cat san.txt 2> /dev/null)" = "$san" ]; then
  # Certificates live $days days from the keystore's creation: renew 30 days before that.
  if [ "$(find broker.p12 -mtime -$((days - 30)) 2> /dev/null)" = broker.p12 ]; then exit 0; fi
fi

rm -f ca.p12 ca.crt broker.p12 broker.csr broker.crt store.password san.txt
pass=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
printf '%s' "$pass" > store.password

keytool -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=sud-referral Kafka CA" \
  -ext bc:c -validity "$days" -keystore ca.p12 -storetype PKCS12 -storepass "$pass" 2> /dev/null
keytool -exportcert -rfc -alias ca -keystore ca.p12 -storetype PKCS12 -storepass "$pass" -file ca.crt 2> /dev/null

keytool -genkeypair -alias broker -keyalg EC -groupname secp256r1 -dname "CN=kafka-broker" \
  -validity "$days" -keystore broker.p12 -storetype PKCS12 -storepass "$pass" 2> /dev/null
keytool -certreq -alias broker -keystore broker.p12 -storetype PKCS12 -storepass "$pass" -file broker.csr 2> /dev/null
keytool -gencert -alias ca -keystore ca.p12 -storetype PKCS12 -storepass "$pass" -infile broker.csr -outfile broker.crt \
  -rfc -validity "$days" -ext "SAN=$san" -ext ku:c=digitalSignature,keyAgreement -ext eku=serverAuth,clientAuth 2> /dev/null
keytool -importcert -noprompt -alias ca -file ca.crt -keystore broker.p12 -storetype PKCS12 -storepass "$pass" > /dev/null 2>&1
keytool -importcert -noprompt -alias broker -file broker.crt -keystore broker.p12 -storetype PKCS12 -storepass "$pass" > /dev/null 2>&1
rm -f broker.csr broker.crt
printf '%s' "$san" > san.txt
chmod 644 ca.crt
echo "[kafka] TLS certificates written to $dir (CA: $dir/ca.crt; broker names: $san)"
