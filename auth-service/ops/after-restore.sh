#!/bin/sh
# auth-service's part of a restore, run once the restored database is in place (rag-backup.sh restore
# runs it; on Kubernetes run it by hand, docs/operations.md "Backups and restore"). POSIX sh.
#
# auth-service writes the revocation denylist (rag:auth:revoked:<session or API-key id>, read by every
# service) only at the moment it revokes, so a Redis that lost it, or another Redis, would let a token
# of a revoked session back in until it expires. This writes the denylist entry again for every
# session and API key the restored database records as revoked within the last hour, which is longer
# than any access token lives plus the clock skew every verifier allows; each entry lives out the rest
# of that hour. Entries already in Redis are left as they are: a session revoked after the backup
# stays revoked.
#
# Environment: PGHOST PGPORT PGDATABASE PGUSER [PGPASSWORD]; RAG_REDIS_URL. Needs psql and redis-cli.
# Prints one line: how many entries were written.
set -eu

redis_url="${RAG_REDIS_URL:?RAG_REDIS_URL is not set}"
written=0
rows=$(psql -X -v ON_ERROR_STOP=1 -tAq -F ' ' -c "
    select id, ceil(extract(epoch from revoked_at + interval '1 hour' - now()))::bigint from auth.sessions
      where revoked_at > now() - interval '1 hour'
    union all
    select id, ceil(extract(epoch from revoked_at + interval '1 hour' - now()))::bigint from auth.api_keys
      where revoked_at > now() - interval '1 hour'")
for row in $(printf '%s\n' "$rows" | tr ' ' ':'); do
  sid=${row%%:*}
  ttl=${row##*:}
  [ -n "$sid" ] && [ "$ttl" -gt 0 ] || continue
  # NX: an entry already there (a later revocation) keeps its own lifetime
  redis-cli -u "$redis_url" set "rag:auth:revoked:$sid" 1 EX "$ttl" NX > /dev/null
  written=$((written + 1))
done
echo "auth-service: $written revoked sessions and API keys denylisted again"
