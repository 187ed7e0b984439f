# shellcheck shell=bash
# ./rag backup and ./rag restore: this machine's settings handed to the one backup-and-restore script,
# k8s/base/backup/rag-backup.sh (the backup CronJob runs the same script), and the after-restore hook
# of each service that keeps state outside the restored data (<service>/ops/after-restore.sh).
# Sourced by ./rag after common.sh.

BACKUP_SCRIPT="$ROOT/k8s/base/backup/rag-backup.sh"

index_root() { echo "${RAG_VECTOR_INDEX_DIR:-$RAG_HOME/data/vector/lucene}"; }
uploads_root() { echo "${RAG_INGEST_STORAGE_DIR:-$RAG_HOME/data/uploads}"; }

# The script's environment: this suite's database, vector-service, uploads and version.
backup_script() {
  PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER" PGDATABASE="$DB_NAME" \
    RAG_VECTOR_URL="http://127.0.0.1:$(port_of vector-service)" \
    RAG_INTERNAL_TOKEN_FILE="$RAG_HOME/secrets/internal-token" \
    RAG_UPLOADS_DIR="$(uploads_root)" \
    RAG_SUITE_VERSION="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$ROOT/pom.xml" | head -1)" \
    sh "$BACKUP_SCRIPT" "$@"
}

cmd_backup() {
  [ $# -le 1 ] || die "usage: ./rag backup [DIR]"
  local dir="${1:-$RAG_HOME/backups/$(date -u +%Y%m%dT%H%M%SZ)}"
  [ ! -e "$dir/manifest.json" ] || die "$dir already holds a backup"
  curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:$(port_of vector-service)/q/health/ready" 2>/dev/null \
    || die "vector-service is not running on :$(port_of vector-service): ./rag backup backs up a running suite (./rag up first); the index snapshot is taken by vector-service"
  command -v pg_dump >/dev/null || die "pg_dump is missing (Debian: apt-get install postgresql-client)."
  local created=0
  [ -d "$dir" ] || created=1
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  say "backing up into $dir"
  if ! backup_script all "$dir"; then
    [ "$created" = "1" ] && rm -rf "$dir"
    die "the backup failed (see above); nothing usable was written"
  fi
  say "backup complete: $dir ($(du -sh "$dir" | cut -f1)); manifest:"
  cat "$dir/manifest.json"
}

# The embedding model this suite is configured with, and its dimensions (from the model list in the code).
configured_model() {
  if [ -n "${RAG_VECTOR_EMBEDDING_MODEL:-}" ]; then echo "$RAG_VECTOR_EMBEDDING_MODEL"; return; fi
  sed -n 's/^rag\.vector\.embedding\.model=//p' "$ROOT/vector-service/src/main/resources/application.properties" | head -1
}

model_dimensions() {
  case "$1" in
    ollama|ollama:*) echo "${RAG_VECTOR_EMBEDDING_OLLAMA_DIMENSIONS:-}" ;;
    *) sed -n "s/^ *[A-Z0-9_]*(\"$1\", \([0-9]*\),.*/\1/p" \
         "$(find "$ROOT/vector-service/src/main/java" -name InProcessModel.java | head -1)" | head -1 ;;
  esac
}

# The newest Flyway migration this code has for schema $1 (its service's db/migration folder).
code_schema_version() {
  ls "$ROOT/$1-service/src/main/resources/db/migration" 2>/dev/null \
    | sed -n 's/^V\([0-9][0-9._]*\)__.*\.sql$/\1/p' | tr _ . | sort -V | tail -1
}

cmd_restore() {
  [ $# -eq 1 ] && [ -d "$1" ] || die "usage: ./rag restore DIR  (a folder written by ./rag backup)"
  local dir model schemas="" s version
  dir="$(cd "$1" && pwd)"
  model=$(configured_model)
  for s in auth ingest chat; do
    version=$(code_schema_version "$s")
    [ -n "$version" ] || die "no Flyway migrations found for schema $s under $ROOT/$s-service"
    schemas="$schemas $s=$version"
  done
  local tool
  for tool in pg_restore unzip redis-cli; do
    command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install $(case $tool in pg_restore) echo postgresql-client ;; redis-cli) echo redis-tools ;; *) echo "$tool" ;; esac))."
  done
  ensure_postgres
  ensure_redis
  ensure_database
  PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="${RAG_DB_ADMIN_USER:-postgres}" PGDATABASE="$DB_NAME" \
    RAG_DB_OWNER="$DB_USER" RAG_INDEX_DIR="$(index_root)" RAG_UPLOADS_DIR="$(uploads_root)" \
    RAG_REDIS_URL="$REDIS_URL" RAG_EMBEDDING_MODEL="$model" RAG_EMBEDDING_DIMENSIONS="$(model_dimensions "$model")" \
    RAG_SCHEMA_VERSIONS="$schemas" RAG_STOP_COMMAND="'$ROOT/rag' down" \
    RAG_RESTORE_HOOKS="$ROOT/auth-service/ops/after-restore.sh $ROOT/chat-service/ops/after-restore.sh" \
    sh "$BACKUP_SCRIPT" restore "$dir" || die "./rag restore failed (see above)"
  say "start the suite with ./rag up"
}
