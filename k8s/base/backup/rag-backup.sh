#!/bin/sh
# rag-backup.sh — rag-suite's backup and restore, used by `./rag backup` and `./rag restore` and by the
# CronJob rag-backup (k8s/base/backup.yaml, mounted from a ConfigMap). POSIX sh: it runs in the
# postgres:15 and curlimages/curl images as well as on a developer machine.
#
#   rag-backup.sh postgres DIR   pg_dump -Fc of the database -> DIR/rag.dump, and each schema's newest
#                                Flyway version -> DIR/schema-versions.txt           (needs pg_dump, psql)
#   rag-backup.sh uploads DIR    the stored uploads ($RAG_UPLOADS_DIR) -> DIR/uploads.tar   (needs tar)
#   rag-backup.sh vector DIR     vector-service's manifest -> DIR/vector-manifest.json, then the index:
#                                Lucene: GET /internal/v1/snapshot (a consistent copy of one commit)
#                                -> DIR/vector-index.zip; Qdrant: a snapshot of the active collection
#                                through Qdrant's snapshot API -> DIR/qdrant.snapshot        (needs curl)
#   rag-backup.sh manifest DIR   DIR/manifest.json, written last (a folder without it is incomplete):
#                                time, suite version, schema versions, embedding model, dimensions,
#                                chunker version, store kind and the sha256 of every file (needs sha256sum)
#   rag-backup.sh all DIR        the four steps above, in this order
#   rag-backup.sh verify DIR     exit 0 when DIR/manifest.json is complete and every checksum matches
#   rag-backup.sh prune ROOT N   keep the newest N complete backups under ROOT, remove incomplete ones
#   rag-backup.sh restore-check DIR
#                                exit 0 when DIR can be restored here: verify, and its index is an embedded
#                                Lucene one made by RAG_EMBEDDING_MODEL with RAG_EMBEDDING_DIMENSIONS, and no
#                                schema is newer than RAG_SCHEMA_VERSIONS ("auth=V ingest=V chat=V", the
#                                code's newest migrations); else "restore refused: ...; nothing was changed"
#   rag-backup.sh restore DIR    restore-check; the database into PGDATABASE_restore, index and uploads next
#                                to RAG_INDEX_DIR and RAG_UPLOADS_DIR (a failure up to here changes nothing);
#                                then RAG_STOP_COMMAND (stops the suite), the switch, and each service's
#                                after-restore hook named in RAG_RESTORE_HOOKS (each fixes what its service
#                                keeps outside the restored data, e.g. Redis; it owns that knowledge)
#                                (needs pg_restore, psql, unzip, tar, and what the hooks need)
#
# Order: the database first, so every document it lists as queued has its upload in uploads.tar and every
# chunk it lists as indexed is in the index snapshot taken after it (a document indexed in between leaves
# chunks without a document row, never a document without chunks; one still in flight is re-queued by
# ingest's reconciler after a restore).
#
# Environment: PGHOST PGPORT PGDATABASE PGUSER [PGPASSWORD]; RAG_VECTOR_URL and RAG_INTERNAL_TOKEN (or
# RAG_INTERNAL_TOKEN_FILE); QDRANT_HTTP (Qdrant's REST address) [QDRANT_API_KEY]; RAG_UPLOADS_DIR (unset:
# the uploads are not part of the backup and the manifest says so); RAG_SUITE_VERSION. Restore: PGUSER is a
# role that may create and drop databases, RAG_DB_OWNER the suite's role, and the RAG_* names above.
# Secrets never reach a command line: curl reads its headers from stdin.
set -eu

SCHEMAS="auth ingest chat"

fail() { echo "rag-backup: $*" >&2; exit 1; }

token() {
  if [ -n "${RAG_INTERNAL_TOKEN_FILE:-}" ]; then cat "$RAG_INTERNAL_TOKEN_FILE"; else printf '%s' "${RAG_INTERNAL_TOKEN:?RAG_INTERNAL_TOKEN is not set}"; fi
}

# curl to vector-service with the internal token (header from stdin, not argv)
vector_get() {
  printf 'X-Internal-Token: %s\n' "$(token)" | curl -fsS -H @- "$@"
}

# curl to Qdrant, with its API key when one is set
qdrant() {
  if [ -n "${QDRANT_API_KEY:-}" ]; then
    printf 'api-key: %s\n' "$QDRANT_API_KEY" | curl -fsS -H @- "$@"
  else
    curl -fsS "$@"
  fi
}

# a top-level string or number field of a one-line JSON object: json_field FILE NAME
json_field() {
  sed -n "s/^{.*\"$2\":\"\{0,1\}\([^\",}]*\)\"\{0,1\}[,}].*/\1/p" "$1" | head -n 1
}

# a field of manifest.json (one "key": value per line): manifest_field FILE NAME
manifest_field() {
  sed -n "s/^ *\"$2\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\} *$/\1/p" "$1" | head -n 1
}

step_postgres() {
  dir="$1"
  pg_dump -Fc -f "$dir/rag.dump.tmp" "${PGDATABASE:?PGDATABASE is not set}"
  mv "$dir/rag.dump.tmp" "$dir/rag.dump"
  : > "$dir/schema-versions.txt"
  for s in $SCHEMAS; do
    v=$(psql -X -tAq -v ON_ERROR_STOP=1 -c "select version from $s.flyway_schema_history where success and version is not null order by installed_rank desc limit 1")
    [ -n "$v" ] || fail "schema $s has no Flyway version (is $PGDATABASE the rag-suite database?)"
    echo "$s=$v" >> "$dir/schema-versions.txt"
  done
}

step_uploads() {
  dir="$1"
  if [ -z "${RAG_UPLOADS_DIR:-}" ]; then
    echo "rag-backup: RAG_UPLOADS_DIR is not set: the stored uploads are not part of this backup" >&2
    return 0
  fi
  mkdir -p "$RAG_UPLOADS_DIR"
  tar -C "$RAG_UPLOADS_DIR" -cf "$dir/uploads.tar.tmp" .
  mv "$dir/uploads.tar.tmp" "$dir/uploads.tar"
}

step_vector() {
  dir="$1"
  url="${RAG_VECTOR_URL:?RAG_VECTOR_URL is not set}"
  vector_get --max-time 30 "$url/internal/v1/manifest" > "$dir/vector-manifest.json"
  backend=$(json_field "$dir/vector-manifest.json" backend)
  case "$backend" in
    lucene)
      vector_get --max-time 3600 -o "$dir/vector-index.zip.tmp" "$url/internal/v1/snapshot"
      mv "$dir/vector-index.zip.tmp" "$dir/vector-index.zip"
      ;;
    qdrant)
      collection=$(json_field "$dir/vector-manifest.json" index)
      [ -n "$collection" ] || fail "vector-service names no active collection"
      q="${QDRANT_HTTP:?QDRANT_HTTP is not set}/collections/$collection/snapshots"
      name=$(qdrant --max-time 1800 -X POST "$q?wait=true" | sed -n 's/.*"name":"\([^"]*\)".*/\1/p')
      [ -n "$name" ] || fail "Qdrant returned no snapshot name"
      qdrant --max-time 1800 -o "$dir/qdrant.snapshot" "$q/$name"
      qdrant --max-time 60 -X DELETE "$q/$name" > /dev/null
      ;;
    *) fail "vector-service reports an unknown backend '$backend'" ;;
  esac
}

step_manifest() {
  dir="$1"
  cd "$dir"
  [ -f rag.dump ] && [ -f schema-versions.txt ] || fail "$dir has no database dump: run the postgres step first"
  [ -f vector-manifest.json ] || fail "$dir has no vector manifest: run the vector step first"
  vm=vector-manifest.json
  model=$(json_field $vm model); dimensions=$(json_field $vm dimensions); backend=$(json_field $vm backend)
  index=$(json_field $vm index); chunker=$(json_field $vm chunkerVersion)
  [ -n "$model" ] && [ -n "$dimensions" ] && [ -n "$backend" ] && [ -n "$index" ] || fail "incomplete $vm: $(cat $vm)"
  files="rag.dump schema-versions.txt vector-manifest.json"
  for f in vector-index.zip qdrant.snapshot uploads.tar; do [ -f "$f" ] && files="$files $f"; done
  uploads=false; [ -f uploads.tar ] && uploads=true
  {
    echo "{"
    echo "  \"format\": 1,"
    echo "  \"createdAt\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
    echo "  \"suiteVersion\": \"${RAG_SUITE_VERSION:-unknown}\","
    echo "  \"database\": \"${PGDATABASE:-}\","
    echo "  \"schemaVersions\": {"
    n=0; total=$(wc -l < schema-versions.txt | tr -d ' ')
    while IFS='=' read -r s v; do
      n=$((n + 1)); sep=","; [ "$n" -lt "$total" ] || sep=""
      echo "    \"schema.$s\": \"$v\"$sep"
    done < schema-versions.txt
    echo "  },"
    echo "  \"embeddingModel\": \"$model\","
    echo "  \"dimensions\": $dimensions,"
    echo "  \"chunkerVersion\": \"$chunker\","
    echo "  \"store\": \"$backend\","
    echo "  \"index\": \"$index\","
    echo "  \"uploads\": $uploads,"
    echo "  \"files\": {"
    n=0; total=$(echo $files | wc -w | tr -d ' ')
    for f in $files; do
      n=$((n + 1)); sep=","; [ "$n" -lt "$total" ] || sep=""
      echo "    \"sha256.$f\": \"$(sha256sum "$f" | cut -d' ' -f1)\"$sep"
    done
    echo "  }"
    echo "}"
  } > manifest.json.tmp
  mv manifest.json.tmp manifest.json
  cd - > /dev/null
}

step_verify() {
  dir="$1"
  m="$dir/manifest.json"
  [ -f "$m" ] || fail "$dir has no manifest.json: not a complete backup"
  for k in format createdAt schema.auth schema.ingest schema.chat embeddingModel dimensions store index uploads \
      sha256.rag.dump sha256.schema-versions.txt sha256.vector-manifest.json; do
    [ -n "$(manifest_field "$m" "$k")" ] || fail "$m is incomplete: no \"$k\""
  done
  [ "$(manifest_field "$m" format)" = "1" ] || fail "$m has an unknown format $(manifest_field "$m" format)"
  case "$(manifest_field "$m" dimensions)" in ''|*[!0-9]*) fail "$m: dimensions is not a number" ;; esac
  case "$(manifest_field "$m" store)" in
    lucene) [ -n "$(manifest_field "$m" sha256.vector-index.zip)" ] || fail "$m lists no vector-index.zip" ;;
    qdrant) [ -n "$(manifest_field "$m" sha256.qdrant.snapshot)" ] || fail "$m lists no qdrant.snapshot" ;;
    *) fail "$m names an unknown store $(manifest_field "$m" store)" ;;
  esac
  [ "$(manifest_field "$m" uploads)" = "false" ] || [ -n "$(manifest_field "$m" sha256.uploads.tar)" ] \
    || fail "$m says the uploads are included but lists no uploads.tar"
  sed -n 's/^ *"sha256\.\([^"]*\)": *"\([0-9a-f]*\)",\{0,1\} *$/\1 \2/p' "$m" | while read -r f sum; do
    [ -f "$dir/$f" ] || fail "$dir/$f is missing"
    [ "$(sha256sum "$dir/$f" | cut -d' ' -f1)" = "$sum" ] || fail "$dir/$f does not match its checksum in the manifest"
  done
}

step_prune() {
  root="$1" keep="$2"
  ls -1d "$root"/*/manifest.json 2>/dev/null | sort -r | tail -n +$((keep + 1)) | while read -r m; do rm -rf "$(dirname "$m")"; done
  for d in "$root"/*/; do [ -d "$d" ] && [ ! -f "$d/manifest.json" ] && rm -rf "$d"; done
  return 0
}

refuse() { echo "rag-backup: restore refused: $*; nothing was changed" >&2; exit 1; }

step_restore_check() {
  dir="$1"
  m="$dir/manifest.json"
  ( step_verify "$dir" ) || refuse "$dir is not a complete, intact backup"
  store=$(manifest_field "$m" store)
  [ "$store" = "lucene" ] || refuse "$dir holds a $store index; only the embedded Lucene index is restored this way (restore Qdrant snapshots as docs/operations.md describes)"
  model=$(manifest_field "$m" embeddingModel)
  dims=$(manifest_field "$m" dimensions)
  want_model="${RAG_EMBEDDING_MODEL:?RAG_EMBEDDING_MODEL is not set}"
  [ -n "${RAG_EMBEDDING_DIMENSIONS:-}" ] || refuse "the dimensions of the configured model $want_model are unknown (set RAG_VECTOR_EMBEDDING_OLLAMA_DIMENSIONS)"
  [ "$model" = "$want_model" ] || refuse "the backup's embedding model is $model, this suite is configured for $want_model (set RAG_VECTOR_EMBEDDING_MODEL=$model to restore it, then re-embed)"
  [ "$dims" = "$RAG_EMBEDDING_DIMENSIONS" ] || refuse "the backup's vectors have $dims dimensions, $want_model makes $RAG_EMBEDDING_DIMENSIONS"
  for s in $SCHEMAS; do
    have=$(manifest_field "$m" "schema.$s")
    code=$(printf '%s\n' ${RAG_SCHEMA_VERSIONS:?RAG_SCHEMA_VERSIONS is not set} | sed -n "s/^$s=//p")
    [ -n "$code" ] || fail "RAG_SCHEMA_VERSIONS names no version for schema $s"
    [ "$(printf '%s\n%s\n' "$have" "$code" | sort -V | tail -n 1)" = "$code" ] \
      || refuse "schema $s of the backup is at version $have, newer than this code's migrations ($code): restore with the suite version that wrote it ($(manifest_field "$m" suiteVersion))"
  done
}

admin_sql() { psql -X -v ON_ERROR_STOP=1 -tAq -d postgres -c "$1"; }

step_restore() {
  dir="$1"
  step_restore_check "$dir"
  m="$dir/manifest.json"
  db="${PGDATABASE:?PGDATABASE is not set}" owner="${RAG_DB_OWNER:?RAG_DB_OWNER is not set}"
  index="${RAG_INDEX_DIR:?RAG_INDEX_DIR is not set}" uploads="${RAG_UPLOADS_DIR:?RAG_UPLOADS_DIR is not set}"
  staging="${db}_restore"
  echo "rag-backup: restoring $dir (taken $(manifest_field "$m" createdAt), $(manifest_field "$m" embeddingModel), $(manifest_field "$m" dimensions) dimensions)"
  # 1. staged next to the live data: a failure here leaves the live data as it was
  unstage() { rm -rf "$index.restore" "$uploads.restore"; admin_sql "drop database if exists \"$staging\" with (force)" || true; }
  PGOPTIONS="-c client_min_messages=warning" admin_sql "drop database if exists \"$staging\" with (force)"
  admin_sql "create database \"$staging\" owner \"$owner\""
  pg_restore --exit-on-error --no-owner --role="$owner" -d "$staging" "$dir/rag.dump" \
    || { unstage; fail "pg_restore failed (see above); nothing was changed"; }
  rm -rf "$index.restore" "$uploads.restore"
  mkdir -p "$index.restore" "$uploads.restore"
  unzip -q "$dir/vector-index.zip" -d "$index.restore" || { unstage; fail "could not unpack the index; nothing was changed"; }
  if [ "$(manifest_field "$m" uploads)" = "true" ]; then
    tar -xf "$dir/uploads.tar" -C "$uploads.restore" || { unstage; fail "could not unpack the uploads; nothing was changed"; }
  else
    echo "rag-backup: the backup holds no uploads: the current ones are kept"
    rm -rf "$uploads.restore"
  fi
  # 2. the switch, with the suite stopped
  if [ -n "${RAG_STOP_COMMAND:-}" ]; then sh -c "$RAG_STOP_COMMAND"; fi
  admin_sql "drop database if exists \"$db\" with (force)"
  admin_sql "alter database \"$staging\" rename to \"$db\""
  rm -rf "$index" && mv "$index.restore" "$index"
  if [ -d "$uploads.restore" ]; then rm -rf "$uploads" && mv "$uploads.restore" "$uploads"; fi
  echo "rag-backup: restored database $db, index $index, uploads $uploads"
  # 3. what each service keeps outside the restored data (PostgreSQL stays the truth of ingestion jobs:
  # ingest's reconciler re-queues the ones in flight, so ingest needs no hook)
  for hook in ${RAG_RESTORE_HOOKS:-}; do
    sh "$hook" || fail "the after-restore hook $hook failed (see above): the data is restored; run the hook again before starting the suite"
  done
}

[ $# -ge 2 ] || fail "usage: rag-backup.sh postgres|uploads|vector|manifest|all|verify|restore-check|restore DIR  or  prune ROOT N"
cmd="$1" dir="$2"
case "$cmd" in
  prune) step_prune "$dir" "${3:?how many to keep}" ;;
  verify) step_verify "$dir" ;;
  restore-check) step_restore_check "$dir" ;;
  restore) step_restore "$dir" ;;
  postgres|uploads|vector|manifest)
    mkdir -p "$dir"; "step_$cmd" "$dir" ;;
  all)
    mkdir -p "$dir"
    [ ! -f "$dir/manifest.json" ] || fail "$dir already holds a backup"
    step_postgres "$dir"; step_uploads "$dir"; step_vector "$dir"; step_manifest "$dir"; step_verify "$dir" ;;
  *) fail "unknown step '$cmd'" ;;
esac
