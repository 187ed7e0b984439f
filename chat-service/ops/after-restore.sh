#!/bin/sh
# chat-service's part of a restore, run once the restored database and index are in place (rag-backup.sh
# restore runs it; on Kubernetes run it by hand, docs/operations.md "Backups and restore"). POSIX sh.
#
# No answer cached before the restore may be served after it: the cached answers, each owner's index
# version and the shared version (parts of every answer's cache key) and the sets of answers citing each document are dropped
# (chat-service's AnswerCache; they fill again as questions are asked).
#
# Environment: RAG_REDIS_URL (the Redis of chat's answer cache). Needs redis-cli.
# Prints one line: how many keys were dropped.
set -eu

redis_url="${RAG_REDIS_URL:?RAG_REDIS_URL is not set}"
dropped=0
for pattern in 'rag:chat:answers:*' 'rag:chat:cited:*' 'rag:chat:index-version:*' 'rag:chat:shared-version'; do
  keys=$(redis-cli -u "$redis_url" --scan --pattern "$pattern")
  [ -n "$keys" ] || continue
  printf '%s\n' "$keys" | xargs -n 500 redis-cli -u "$redis_url" del > /dev/null
  dropped=$((dropped + $(printf '%s\n' "$keys" | wc -l)))
done
echo "chat-service: $dropped cached answer keys dropped"
