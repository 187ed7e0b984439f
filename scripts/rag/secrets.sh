# shellcheck shell=bash
# ./rag rotate-secrets: a new primary key for the keyset connector tokens are encrypted under, every
# stored token re-encrypted under it, then the old keys removed. Sourced by ./rag after common.sh and
# suite.sh. The steps (the same as for Kubernetes, docs/operations.md "Rotating the secrets keyset"):
#   1. KeysetTool rotate: the keyset gains a new primary key; the old keys stay, only to decrypt
#   2. restart ingest-service: it loads the keyset and re-encrypts every token under the new key at start
#   3. POST /internal/v1/secrets/reencrypt: once more, and the count of tokens left under old keys
#   4. only when that count is 0: KeysetTool retire (old keys removed), restart ingest-service again
# Interrupted anywhere, the keyset still holds every key a stored token needs: run it again.

keyset_tool() {
  java -cp "$ROOT/ingest-service/target/quarkus-app/lib/main/*" dev.ragsuite.common.secrets.KeysetTool "$@"
}

reencrypt_secrets() {
  curl -fsS --max-time 120 -X POST -H "X-Internal-Token: $(cat "$RAG_HOME/secrets/internal-token")" \
    "http://127.0.0.1:$(port_of ingest-service)/internal/v1/secrets/reencrypt"
}

cmd_rotate_secrets() {
  local keyset answer remaining
  keyset=$(secrets_keyset)
  [ -f "$keyset" ] || die "no secrets keyset at $keyset: ./rag up generates it at first start"
  running ingest-service || die "ingest-service is not running: start the suite with ./rag up first (the rotation re-encrypts through it)"
  [ -d "$ROOT/ingest-service/target/quarkus-app/lib/main" ] || die "ingest-service is not built (./rag up builds it)"
  say "adding a new primary key to $keyset (the old keys stay until every token is re-encrypted)"
  keyset_tool rotate "$keyset" || die "could not rotate the keyset; nothing changed"
  say "restarting ingest-service with the rotated keyset (it re-encrypts the stored tokens at start)"
  restart_service ingest-service
  answer=$(reencrypt_secrets) || die "the re-encryption call failed; the old keys stay in the keyset — run ./rag rotate-secrets again"
  remaining=$(printf '%s' "$answer" | sed -n 's/.*"remaining":\([0-9]*\).*/\1/p')
  say "re-encryption: $answer"
  [ "$remaining" = "0" ] || die "$remaining token(s) are still under an old key; the old keys stay — run ./rag rotate-secrets again"
  keyset_tool retire "$keyset" || die "could not remove the old keys (every token is under the new key already)"
  restart_service ingest-service
  say "secrets keyset rotated: $(keyset_tool list "$keyset" | tr '\n' ' ')— back up $keyset again (docs/operations.md)"
}
