#!/bin/sh
# docker-compose's PostgreSQL runs this once, when it creates the database: each service gets a login
# role of its own, owner of its schema only, with no right to create schemas or reach another's
# (npm start and npm test do the same in deploy/local/system.mjs, provisionDatabaseRoles).
# Passwords come from the environment: REGISTRY_DB_PASSWORD, REFERRAL_DB_PASSWORD, IDENTITY_DB_PASSWORD.
set -eu
: "${REGISTRY_DB_PASSWORD:?}" "${REFERRAL_DB_PASSWORD:?}" "${IDENTITY_DB_PASSWORD:?}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v db="$POSTGRES_DB" -v registry="$REGISTRY_DB_PASSWORD" -v referral="$REFERRAL_DB_PASSWORD" -v identity="$IDENTITY_DB_PASSWORD" <<'SQL'
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
CREATE ROLE registry_service LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'registry';
CREATE ROLE referral_service LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'referral';
CREATE ROLE identity_service LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'identity';
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO registry_service, referral_service, identity_service;
CREATE SCHEMA registry AUTHORIZATION registry_service;
CREATE SCHEMA referral AUTHORIZATION referral_service;
CREATE SCHEMA identity AUTHORIZATION identity_service;
SQL
