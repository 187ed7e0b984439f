#!/bin/sh
# First start of the PostgreSQL container only (docker-entrypoint-initdb.d; used by k8s/base and by
# docker-compose.yml): the login role and the database the services use, and one schema per
# data-keeping service, owned by that role. Flyway (in each service) creates the tables. The same
# steps as `./rag up`'s ensure_database, plus a password.
set -eu
: "${RAG_DB_NAME:?}" "${RAG_DB_USER:?}" "${RAG_DB_PASSWORD:?}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v rag_db="$RAG_DB_NAME" -v rag_user="$RAG_DB_USER" -v rag_password="$RAG_DB_PASSWORD" <<'SQL'
create role :"rag_user" login password :'rag_password';
create database :"rag_db" owner :"rag_user";
\connect :"rag_db"
revoke create on schema public from public;
create schema if not exists auth authorization :"rag_user";
create schema if not exists ingest authorization :"rag_user";
create schema if not exists chat authorization :"rag_user";
SQL
