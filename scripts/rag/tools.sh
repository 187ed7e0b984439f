# shellcheck shell=bash
# ./rag bench, ./rag eval and ./rag fuzz: the measuring tools (bench/ and fuzz/ modules), run against
# the running suite (bench) or a fresh suite of their own (eval, fuzz). Sourced by ./rag after common.sh.

cmd_bench() {
  if [ "${1:-}" = "sync" ]; then shift; cmd_bench_sync "$@"; return; fi
  local what="${1:-}" corpus="${2:-}"
  case "$what" in ingest|embed|all) ;; *) die "usage: ./rag bench ingest|embed|all <corpus-dir>" ;; esac
  [ -d "$corpus" ] || die "usage: ./rag bench $what <corpus-dir>  ('$corpus' is not a folder)"
  corpus="$(cd "$corpus" && pwd)"
  require_java
  build_tool_module bench
  local started_here=0 status=0
  if [ "$what" != "embed" ] \
      && ! curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:$PORT_BASE/q/health/ready" 2>/dev/null; then
    say "no suite answers on :$PORT_BASE; starting one (RAG_HOME=$RAG_HOME), stopped again after the run"
    "$ROOT/rag" up
    started_here=1
  fi
  mkdir -p "$RAG_HOME/cache/djl" "$RAG_HOME/tmp"
  DJL_CACHE_DIR="$RAG_HOME/cache/djl" java -Xmx1g -Djava.io.tmpdir="$RAG_HOME/tmp" \
    -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.ragsuite.bench.Bench "$what" "$corpus" \
    --gateway "http://127.0.0.1:$PORT_BASE" --ingest "http://127.0.0.1:$(port_of ingest-service)" \
    --out "$ROOT/bench/target/bench-report.txt" || status=$?
  if [ "$started_here" = "1" ]; then "$ROOT/rag" down; fi
  return $status
}

# ./rag bench sync [--tasks N]: the ClickUp connector's sync throughput against the ClickUp stand-in
# (bench/SyncBench), on a fresh suite of its own whose RAG_CLICKUP_API_URL points at the stand-in's port.
cmd_bench_sync() {
  local tasks=1000
  while [ $# -gt 0 ]; do
    case "$1" in
      --tasks) tasks="${2:-}"; [[ "$tasks" =~ ^[0-9]+$ ]] || die "--tasks needs a number"; shift 2 ;;
      *) die "usage: ./rag bench sync [--tasks N]  (unknown: $1)" ;;
    esac
  done
  build_tool_module bench
  local base="${RAG_BENCH_PORT_BASE:-19280}"
  local clickup_port=$((base + 50))
  # the gateway's rate limits off: the bench polls the connection and the document list many times a second
  fresh_suite bench-sync "$base" "${RAG_BENCH_DB_NAME:-rag_bench}" "${RAG_BENCH_REDIS_DB:-9}" \
    RAG_CLICKUP_API_URL="http://127.0.0.1:$clickup_port/api" RAG_GATEWAY_RATE_LIMIT_ENABLED=false -- \
    run_sync_bench "$tasks" "$clickup_port"
}

# run_sync_bench TASKS CLICKUP_PORT (inside fresh_suite)
run_sync_bench() {
  java -Xmx512m -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.ragsuite.bench.SyncBench \
    --gateway "http://127.0.0.1:$SUITE_PORT_BASE" --ingest "http://127.0.0.1:$(port_of ingest-service "$SUITE_PORT_BASE")" \
    --clickup-port "$2" --tasks "$1" --out "$ROOT/bench/target/bench-report.txt"
}

cmd_eval() {
  local corpus="" questions="" json=0 args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --corpus) corpus="${2:-}"; shift 2 || die "--corpus needs a folder" ;;
      --questions) questions="${2:-}"; shift 2 || die "--questions needs a file" ;;
      --json) json=1; args+=("$1"); shift ;;
      --no-answers) args+=("$1"); shift ;;
      --top-k|--answer-top-k|--threads|--details|--timeout)
        [ $# -ge 2 ] || die "$1 needs a value"
        if [ "$1" = "--details" ]; then args+=("$1" "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); else args+=("$1" "$2"); fi
        shift 2 ;;
      *) die "usage: ./rag eval --corpus DIR --questions FILE.jsonl [--json] [--top-k N] [--answer-top-k N] [--no-answers] [--threads N] [--details FILE]  (unknown: $1)" ;;
    esac
  done
  [ -d "$corpus" ] || die "usage: ./rag eval --corpus DIR --questions FILE.jsonl ...  ('$corpus' is not a folder)"
  [ -f "$questions" ] || die "usage: ./rag eval --corpus DIR --questions FILE.jsonl ...  ('$questions' is not a file)"
  corpus="$(cd "$corpus" && pwd)"
  questions="$(cd "$(dirname "$questions")" && pwd)/$(basename "$questions")"
  # With --json nothing but the JSON object goes to stdout.
  if [ "$json" = "1" ]; then exec 3>&1 1>&2; else exec 3>&1; fi
  build_tool_module bench
  fresh_suite eval "${RAG_EVAL_PORT_BASE:-19080}" "${RAG_EVAL_DB_NAME:-rag_eval}" "${RAG_EVAL_REDIS_DB:-7}" -- \
    run_eval "$corpus" "$questions" "${args[@]}"
}

# run_eval CORPUS QUESTIONS [ARGS...] (inside fresh_suite: SUITE_HOME and SUITE_PORT_BASE name the suite)
run_eval() {
  local corpus="$1" questions="$2"
  shift 2
  java -Xmx256m -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.ragsuite.bench.Eval \
    --corpus "$corpus" --questions "$questions" --internal-token-file "$SUITE_HOME/secrets/internal-token" \
    --gateway "http://127.0.0.1:$SUITE_PORT_BASE" --ingest "http://127.0.0.1:$(port_of ingest-service "$SUITE_PORT_BASE")" \
    --vector "http://127.0.0.1:$(port_of vector-service "$SUITE_PORT_BASE")" \
    --chat "http://127.0.0.1:$(port_of chat-service "$SUITE_PORT_BASE")" \
    --out "$ROOT/bench/target/eval-report.txt" "$@" >&3
}

# fresh_suite NAME PORT_BASE DB REDIS_DB [VAR=VALUE...] -- COMMAND [ARGS...]
# The suite of its own that ./rag eval and ./rag fuzz run against: a temporary state folder, database DB
# (dropped and re-created), Redis db REDIS_DB (flushed) and ports PORT_BASE..+4, started and stopped by a
# child ./rag with those settings (and the VAR=VALUE extras) in its environment, so this process's own
# settings never change. COMMAND runs once the suite is ready, with SUITE_HOME and SUITE_PORT_BASE set;
# the suite is stopped afterwards, also on failure or Ctrl-C, and its folder removed unless something
# failed (then its logs stay). A subshell: its traps and variables end with it.
fresh_suite() (
  name="$1" base="$2" db="$3" redis_db="$4"
  shift 4
  extra=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do extra+=("$1"); shift; done
  [ "${1:-}" = "--" ] || die "fresh_suite: no command given"
  shift
  require_java
  command -v curl >/dev/null || die "curl is missing (Debian: apt-get install curl)."
  for p in $(seq "$base" $((base + 4))); do
    if (exec 4<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      die "port $p is in use: ./rag $name needs $base-$((base + 4)) free (see ./rag help for its port setting)"
    fi
  done
  ensure_postgres
  ensure_redis
  SUITE_HOME="$(mktemp -d "${TMPDIR:-/tmp}/rag-$name.XXXXXX")"
  SUITE_PORT_BASE="$base"
  suite_env=(RAG_HOME="$SUITE_HOME" RAG_PORT_BASE="$base" RAG_DB_NAME="$db"
    RAG_REDIS_URL="$(redis_url_of_db "$redis_db")" "${extra[@]}")
  say "fresh $name suite: RAG_HOME=$SUITE_HOME, database $db (re-created), Redis db $redis_db (flushed), ports $base-$((base + 4))"
  psql_admin -c "drop database if exists \"$db\" with (force)"
  redis_flush "$redis_db"
  trap stop_fresh_suite EXIT
  trap 'exit 130' INT TERM
  env "${suite_env[@]}" "$ROOT/rag" up
  "$@"
)

# The EXIT trap of fresh_suite (sees its variables): stops the suite, removes its folder unless the run failed.
stop_fresh_suite() {
  local status=$?
  env "${suite_env[@]}" "$ROOT/rag" down >&2 || true
  if [ "$status" = "0" ]; then
    rm -rf "$SUITE_HOME"
  else
    say "./rag $name failed; the suite's logs stay in $SUITE_HOME/logs" >&2
  fi
}

# Compiles a tool module (bench, fuzz) and writes its class path to MODULE/target/classpath.txt.
build_tool_module() {
  say "building the $1 module"
  # -am: the project's own modules it uses (bench: testing's ClickUp stand-in) come from this checkout, not ~/.m2
  ./mvnw -B -q -pl "$1" -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
    || die "building the $1 module failed; see the Maven output above"
}

cmd_fuzz() {
  local args=() json=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --requests|--seconds|--seed|--threads)
        [ $# -ge 2 ] || die "$1 needs a value"
        [[ "$2" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "$1 needs a number (got '$2')"
        args+=("$1" "$2"); shift 2 ;;
      --json) json=1; args+=("$1"); shift ;;
      *) die "usage: ./rag fuzz [--requests N] [--seconds S] [--seed X] [--threads T] [--json]  (unknown: $1)" ;;
    esac
  done
  if [ "$json" = "1" ]; then exec 3>&1 1>&2; else exec 3>&1; fi
  build_tool_module fuzz
  # rate limits, daily quotas and the login throttle off: the fuzzer is one address sending thousands
  # of requests, and what it looks for are 5xx and leaks, not 429s
  fresh_suite fuzz "${RAG_FUZZ_PORT_BASE:-19180}" "${RAG_FUZZ_DB_NAME:-rag_fuzz}" "${RAG_FUZZ_REDIS_DB:-8}" \
    RAG_GATEWAY_RATE_LIMIT_ENABLED=false RAG_GATEWAY_QUOTAS_CHAT_QUESTIONS=100000000 \
    RAG_GATEWAY_QUOTAS_UPLOAD_BYTES=1099511627776 RAG_AUTH_THROTTLE_IP_MAX_FAILURES=100000000 -- \
    run_fuzz "${args[@]}"
}

# run_fuzz [ARGS...] (inside fresh_suite)
run_fuzz() {
  java -Xmx512m -cp "fuzz/target/classes:$(cat fuzz/target/classpath.txt)" dev.ragsuite.fuzz.Main \
    --gateway "http://127.0.0.1:$SUITE_PORT_BASE" --out "$ROOT/fuzz/target/fuzz-report.txt" "$@" >&3
}
