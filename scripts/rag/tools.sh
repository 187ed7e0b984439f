# shellcheck shell=bash
# ./rag bench, ./rag eval and ./rag fuzz: the measuring tools (bench/ and fuzz/ modules), run against
# the running suite (bench ingest|embed) or a fresh suite of their own (bench all, eval, fuzz). Sourced
# by ./rag after common.sh.

# shellcheck source=scripts/rag/jvm.sh
. "$ROOT/scripts/rag/jvm.sh"

cmd_bench() {
  if [ "${1:-}" = "sync" ]; then shift; cmd_bench_sync "$@"; return; fi
  local what="${1:-}" corpus="${2:-}"
  case "$what" in
    ingest|embed) ;;
    all) shift; cmd_bench_all "$@"; return ;;
    start) shift; cmd_bench_start "$@"; return ;;
    *) die "usage: ./rag bench ingest|embed <corpus-dir>  or  ./rag bench all <corpus-dir> [--json] [--quick] [--questions FILE.jsonl]  or  ./rag bench start [--json]" ;;
  esac
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
  DJL_CACHE_DIR="$RAG_HOME/cache/djl" java -Xmx1g -Djava.io.tmpdir="$RAG_HOME/tmp" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
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

# ./rag bench all CORPUS [--json] [--quick] [--questions FILE.jsonl]: each figure of issue 16 beside its anchor, in one run, on a
# suite of its own (fresh_suite: database rag_bench, Redis db 9, ports 19280-19284; RAG_BENCH_DB_NAME,
# RAG_BENCH_REDIS_DB, RAG_BENCH_PORT_BASE), in this order: P2 ingestion vs the bare model, P3 search at
# 100,000 chunks (the suite's indexed chunks and vectors plus generated variants, in vector-service's own
# embedded store opened in-process) vs an exact scan, P4 chat through the gateway vs the floor (16 users,
# answer cache off; then a cache hit), P5 start-up (each service restarted alone, then all five together)
# and idle RSS after a warm-up, P1 the gateway vs nginx in front of the same route. Java (BenchAll) measures
# and reports; this script runs the suite, nginx and wrk. The table is appended to
# bench/target/bench-report.txt; with --json one JSON object is printed last on stdout (everything else goes
# to stderr). --questions FILE.jsonl (./rag eval's format): P4 asks these questions instead of those it
# derives from the corpus.
# The suite's gateway rate limits (the default and chat classes) and the daily chat quota are raised far
# above the load (evaluated, never hit), and its first admin (who publishes P2's documents to P4's users)
# gets a password generated for the run.
# --quick: the smoke pass ./rag test runs (seconds, no thresholds): no suite at all (starting one costs
# more than the whole pass may), so only what needs none: the bare loop over one corpus file, P4's floor
# over a tiny index built in-process, nginx in front of a tiny static backend under the load generator,
# and P3 at 5,000 chunks grown from one corpus file; the suite's parts say they were not measured.
cmd_bench_all() {
  local corpus="" json=0 quick=0 questions=() usage="usage: ./rag bench all <corpus-dir> [--json] [--quick] [--questions FILE.jsonl]"
  while [ $# -gt 0 ]; do
    case "$1" in
      --json) json=1; shift ;;
      --quick) quick=1; shift ;;
      --questions) [ -f "${2:-}" ] || die "$usage  (--questions needs a file)"
        questions=(--questions "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
      -*) die "$usage  (unknown: $1)" ;;
      *) [ -z "$corpus" ] || die "$usage  (one corpus only)"; corpus="$1"; shift ;;
    esac
  done
  [ -d "$corpus" ] || die "$usage  ('$corpus' is not a folder)"
  corpus="$(cd "$corpus" && pwd)"
  # With --json nothing but the JSON object goes to stdout.
  if [ "$json" = "1" ]; then exec 3>&1 1>&2; else exec 3>&1; fi
  require_java
  build_tool_module bench
  local dir status=0 report_args=()
  dir="$(mktemp -d "${TMPDIR:-/tmp}/rag-bench.XXXXXX")"
  bench_put "$dir" quick "$([ "$quick" = "1" ] && echo true || echo false)"
  bench_put "$dir" corpus "$corpus"
  bench_put "$dir" load.start "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  if [ "$quick" = "1" ]; then
    bench_p2 "$dir" "$corpus" --quick --suite-reason "quick pass: no suite is started" || bench_failed "$dir" p2 $?
    bench_java p4 "$corpus" --dir "$dir" --quick "${questions[@]}" || bench_failed "$dir" p4 $?
    bench_p1 "$dir" 1 || bench_failed "$dir" p1 $?
    bench_p3 "$dir" "$corpus" --quick || bench_failed "$dir" p3 $?
    bench_put "$dir" p5.reason "quick pass: no suite is started"
  else
    local base="${RAG_BENCH_PORT_BASE:-19280}" limit=1000000000 admin_password
    # P4 logs in as the suite's first admin to publish P2's documents: a password of this run's own
    admin_password="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    (umask 077 && printf '%s\n' "$admin_password" > "$dir/admin-password")
    # the gateway's rate limiting stays on, with budgets (the default class, the chat class of P4) and the
    # daily chat quota far above the load (evaluated, never hit)
    fresh_suite bench "$base" "${RAG_BENCH_DB_NAME:-rag_bench}" "${RAG_BENCH_REDIS_DB:-9}" \
      RAG_GATEWAY_RATE_LIMIT_CLASSES_DEFAULT_LIMIT="$limit" RAG_GATEWAY_RATE_LIMIT_CLASSES_DEFAULT_BURST="$limit" \
      RAG_GATEWAY_RATE_LIMIT_CLASSES_CHAT_LIMIT="$limit" RAG_GATEWAY_RATE_LIMIT_CLASSES_CHAT_BURST="$limit" \
      RAG_GATEWAY_QUOTAS_CHAT_QUESTIONS="$limit" \
      RAG_ADMIN_EMAIL="$BENCH_ADMIN_EMAIL" RAG_ADMIN_PASSWORD="$admin_password" -- \
      run_bench_all "$dir" "$corpus" "${questions[@]}" || status=$?
  fi
  [ "$json" = "1" ] && report_args+=(--json)
  bench_java report --dir "$dir" --out "$ROOT/bench/target/bench-report.txt" "${report_args[@]}" >&3 || status=$?
  if [ -f "$dir/failed" ]; then
    say "some parts failed: $(tr '\n' ' ' < "$dir/failed")(their output is above)"
    status=1
  fi
  rm -rf "$dir"
  return $status
}

# ./rag bench start [--json]: P5 alone (start-up and idle memory), on a fresh suite of its own as ./rag bench
# all runs it (the same settings, ports, database and Redis db), without the corpus and the other parts: a
# minute or two instead of a quarter of an hour, for trying JVM settings (RAG_JAVA_OPTS, RAG_JAVA_HOME,
# RAG_CDS) one at a time. The table and the JSON are ./rag bench all's, the other parts saying they were
# not run.
cmd_bench_start() {
  local json=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --json) json=1; shift ;;
      *) die "usage: ./rag bench start [--json]  (unknown: $1)" ;;
    esac
  done
  if [ "$json" = "1" ]; then exec 3>&1 1>&2; else exec 3>&1; fi
  require_java
  build_tool_module bench
  local dir status=0 part report_args=()
  dir="$(mktemp -d "${TMPDIR:-/tmp}/rag-bench.XXXXXX")"
  bench_put "$dir" quick false
  bench_put "$dir" corpus "(none: ./rag bench start, P5 only)"
  bench_put "$dir" load.start "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  for part in p1 p2 p3 p4; do bench_put "$dir" "$part.reason" "not run: ./rag bench start measures P5 only"; done
  fresh_suite bench "${RAG_BENCH_PORT_BASE:-19280}" "${RAG_BENCH_DB_NAME:-rag_bench}" "${RAG_BENCH_REDIS_DB:-9}" -- \
    run_bench_start "$dir" || status=$?
  [ "$json" = "1" ] && report_args+=(--json)
  bench_java report --dir "$dir" --out "$ROOT/bench/target/bench-report.txt" "${report_args[@]}" >&3 || status=$?
  [ ! -f "$dir/failed" ] || status=1
  rm -rf "$dir"
  return $status
}

# run_bench_start DIR (inside fresh_suite)
run_bench_start() {
  bench_p5 "$1" || bench_failed "$1" p5 $?
  [ ! -f "$1/failed" ]
}

# run_bench_all DIR CORPUS [--questions FILE] (inside fresh_suite: SUITE_HOME, SUITE_PORT_BASE and suite_env name the suite)
run_bench_all() {
  local dir="$1" corpus="$2"
  shift 2
  bench_p2 "$dir" "$corpus" --gateway "http://127.0.0.1:$SUITE_PORT_BASE" \
    --ingest "http://127.0.0.1:$(port_of ingest-service "$SUITE_PORT_BASE")" \
    --vector "http://127.0.0.1:$(port_of vector-service "$SUITE_PORT_BASE")" \
    --internal-token-file "$SUITE_HOME/secrets/internal-token" || bench_failed "$dir" p2 $?
  bench_p3 "$dir" "$corpus" --vector "http://127.0.0.1:$(port_of vector-service "$SUITE_PORT_BASE")" \
    --internal-token-file "$SUITE_HOME/secrets/internal-token" || bench_failed "$dir" p3 $?
  bench_p4 "$dir" "$corpus" "$@" || bench_failed "$dir" p4 $?
  bench_p5 "$dir" || bench_failed "$dir" p5 $?
  bench_p1 "$dir" 0 || bench_failed "$dir" p1 $?
  # a failed part keeps the suite's logs (fresh_suite removes its folder only after a success)
  [ ! -f "$dir/failed" ]
}

# bench_java ARGS...: dev.ragsuite.bench.BenchAll (the bench module's class path), on the services' java with
# vector-service's vector options (RAG_JAVA_HOME, jvm_vector_opts): P3's index, P2's bare loop and P4's floor run
# in this JVM, as their work runs in vector-service's
bench_java() {
  mkdir -p "$RAG_HOME/cache/djl" "$RAG_HOME/tmp"
  local vector_opts=()
  read -r -a vector_opts <<< "$(jvm_vector_opts)"
  DJL_CACHE_DIR="$RAG_HOME/cache/djl" "$(service_java)" -Xmx1g "${vector_opts[@]}" -Djava.io.tmpdir="$RAG_HOME/tmp" \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" dev.ragsuite.bench.BenchAll "$@"
}

# bench_put DIR KEY VALUE: one figure or note into DIR/results.properties (read by BenchAll report)
bench_put() {
  printf '%s=%s\n' "$2" "$3" >> "$1/results.properties"
}

# bench_failed DIR PART CODE: a part that failed says so in the table (and the command exits 1)
bench_failed() {
  echo "$2" >> "$1/failed"
  bench_put "$1" "$2.reason" "failed (exit code $3): see the output of the run"
  bench_put "$1" "$2.measured" false
  say "bench: $2 failed (exit code $3)" >&2
}

# P2: chunks/s from upload to indexed (every corpus file at once) vs the bare in-process loop.
bench_p2() {
  local dir="$1" corpus="$2"
  shift 2
  say "P2: ingestion vs the same model in a bare loop"
  bench_java p2 "$corpus" --dir "$dir" "$@"
}

# P3: hybrid search over 100,000 chunks in vector-service's own embedded index, in-process (bench
# SearchAtScale): p50/p99 and the dense side's recall@10 beside an exact scan; Qdrant too when QDRANT_URL is set.
bench_p3() {
  local dir="$1" corpus="$2"
  shift 2
  say "P3: search at scale vs an exact scan"
  bench_java p3 "$corpus" --dir "$dir" "$@"
}

# The first admin of the bench suite (its password is generated for each run, see cmd_bench_all)
BENCH_ADMIN_EMAIL="bench-admin@example.test"

# P4 (inside fresh_suite, after P2 indexed the corpus): chat-service restarted with its answer cache off,
# 16 users asking through the gateway and then the floor (BenchAll p4, ChatVsFloor), chat-service restarted
# with the suite's own settings (the cache on) and a cache hit through the gateway (BenchAll p4-cache: timed by
# wrk over one connection, as P1's load generator, and by the bench's Java client).
# The suite is left as it was found: chat-service runs with the suite's settings again, also after a failure.
bench_p4() {
  local dir="$1" corpus="$2" rc=0 chat
  shift 2
  chat="http://127.0.0.1:$(port_of chat-service "$SUITE_PORT_BASE")"
  say "P4: chat-service restarted with its answer cache off (RAG_ANSWER_CACHE_ENABLED=false)"
  env "${suite_env[@]}" RAG_ANSWER_CACHE_ENABLED=false RAG_SKIP_BUILD=1 "$ROOT/rag" restart chat-service || return 1
  bench_java p4 "$corpus" --dir "$dir" --gateway "http://127.0.0.1:$SUITE_PORT_BASE" \
    --auth "http://127.0.0.1:$(port_of auth-service "$SUITE_PORT_BASE")" \
    --ingest "http://127.0.0.1:$(port_of ingest-service "$SUITE_PORT_BASE")" \
    --vector "http://127.0.0.1:$(port_of vector-service "$SUITE_PORT_BASE")" \
    --internal-token-file "$SUITE_HOME/secrets/internal-token" \
    --admin-email "$BENCH_ADMIN_EMAIL" --admin-password-file "$dir/admin-password" "$@" || rc=$?
  say "P4: chat-service restarted with the suite's settings (answer cache on)"
  env "${suite_env[@]}" RAG_SKIP_BUILD=1 "$ROOT/rag" restart chat-service || return 1
  [ "$rc" = 0 ] || return "$rc"
  say "P4: a cache hit through the gateway (the same question again and again)"
  local wrk=""
  [ "${RAG_BENCH_LOAD_GENERATOR:-wrk}" = java ] || wrk=$(bench_tool wrk wrk) \
    || say "P4: wrk is not installed and could not be: the cache hit is timed by the bench's Java client only"
  bench_java p4-cache "$corpus" --dir "$dir" --gateway "http://127.0.0.1:$SUITE_PORT_BASE" \
    --auth "http://127.0.0.1:$(port_of auth-service "$SUITE_PORT_BASE")" --chat "$chat" --wrk "$wrk" "$@"
}

# P5: each service restarted alone (the other four running) from process start to ready, then all five
# stopped and started together (first start -> last ready), then the idle RSS after a warm-up. Beside each
# time, the CPU time the JVM(s) had used when seen ready (suite.sh wait_ready), which a busy machine
# changes less than the time. CPU and RSS count each service's own processes too (proc_tree in jvm.sh:
# ingest-service's parser JVM).
bench_p5() {
  local dir="$1" svc run="$SUITE_HOME/run" first="" last="" started ready cpu=0
  say "P5: each service alone from process start to ready"
  for svc in "${SERVICES[@]}"; do
    env "${suite_env[@]}" RAG_SKIP_BUILD=1 "$ROOT/rag" restart "$svc" || return 1
    started=$(cat "$run/$svc.started")
    ready=$(cat "$run/$svc.ready")
    bench_put "$dir" "p5.$svc.readyMs" "$(( (ready - started) / 1000000 ))"
    [ ! -f "$run/$svc.readycpu" ] || bench_put "$dir" "p5.$svc.readyCpuMs" "$(cat "$run/$svc.readycpu")"
  done
  say "P5: all five together"
  env "${suite_env[@]}" "$ROOT/rag" down || return 1
  env "${suite_env[@]}" RAG_SKIP_BUILD=1 "$ROOT/rag" up || return 1
  for svc in "${SERVICES[@]}"; do
    started=$(cat "$run/$svc.started")
    ready=$(cat "$run/$svc.ready")
    if [ -z "$first" ] || [ "$started" -lt "$first" ]; then first=$started; fi
    if [ -z "$last" ] || [ "$ready" -gt "$last" ]; then last=$ready; fi
    if [ -n "$cpu" ] && [ -f "$run/$svc.readycpu" ]; then cpu=$((cpu + $(cat "$run/$svc.readycpu"))); else cpu=""; fi
  done
  bench_put "$dir" p5.allReadyMs "$(( (last - first) / 1000000 ))"
  [ -z "$cpu" ] || bench_put "$dir" p5.allReadyCpuMs "$cpu"
  say "P5: warm-up (sign-up, login, documents, three questions), then 10 s idle before reading VmRSS"
  bench_java warmup --gateway "http://127.0.0.1:$SUITE_PORT_BASE" || return 1
  sleep 10
  local pid own all
  for svc in "${SERVICES[@]}"; do
    # the service's JVM and every process it started (ingest-service's parser JVM): what it costs the machine
    pid=$(cat "$run/$svc.pid")
    read -r own all <<< "$(tree_rss_kb "$pid")"
    [ -n "$all" ] || { say "no VmRSS for $svc (pid $pid)"; return 1; }
    bench_put "$dir" "p5.$svc.idleRssKb" "$all"
    bench_put "$dir" "p5.$svc.childRssKb" "$((all - own))"
  done
  bench_put "$dir" p5.javaOpts "${RAG_JAVA_OPTS:-}"
  bench_put "$dir" p5.jvm "$(jvm_describe)"
  bench_put "$dir" p5.measured true
}

# P1: the gateway vs nginx proxying the same backend route (auth-service's /api/auth/jwks) with the same
# security headers (those the gateway adds to the backend's answer, copied into nginx's config) and a rate
# limit evaluated on every request but never hit, under wrk (or the Java load generator when wrk cannot
# be installed). QUICK=1: nginx only, in front of a tiny static backend (a second nginx server).
bench_p1() {
  local dir="$1" quick="$2" tool nginx_bin ndir port backend_port backend gateway="" pid seconds rounds conns
  say "P1: the gateway vs nginx in front of the same route"
  nginx_bin=$(bench_tool nginx nginx-light) || {
    bench_put "$dir" p1.reason "nginx is not installed and could not be (Debian: apt-get install nginx-light)"
    return 0
  }
  if [ "${RAG_BENCH_LOAD_GENERATOR:-wrk}" = java ]; then
    say "RAG_BENCH_LOAD_GENERATOR=java: the Java load generator (bench LoadGen) is used"
    tool=java
  elif tool=$(bench_tool wrk wrk); then tool=wrk; else
    say "wrk is not installed and could not be: the Java load generator (bench LoadGen) is used instead"
    tool=java
  fi
  if [ "$quick" = "1" ]; then seconds=1; rounds=1; conns=8; else seconds=15; rounds=3; conns=32; fi
  ndir="$(mktemp -d "${TMPDIR:-/tmp}/rag-bench-nginx.XXXXXX")"
  port=$(bench_free_port "$(( ${SUITE_PORT_BASE:-${RAG_BENCH_PORT_BASE:-19280}} + 10 ))") || return 1
  if [ "$quick" = "1" ]; then
    backend_port=$(bench_free_port $((port + 1))) || return 1
    backend="http://127.0.0.1:$backend_port/api/auth/jwks"
    bench_put "$dir" p1.gateway.reason "quick pass: no suite is started (nginx in front of a static backend only)"
    bench_put "$dir" p1.route "/api/auth/jwks (static)"
  else
    backend="http://127.0.0.1:$(port_of auth-service "$SUITE_PORT_BASE")/api/auth/jwks"
    gateway="http://127.0.0.1:$SUITE_PORT_BASE/api/auth/jwks"
    bench_put "$dir" p1.route "/api/auth/jwks"
  fi
  bench_nginx_conf "$ndir" "$port" "$backend" "$gateway" "${backend_port:-}" || return 1
  "$nginx_bin" -p "$ndir" -c "$ndir/nginx.conf" -e "$ndir/error.log" -g 'daemon off;' &
  pid=$!
  local _ up=0
  for _ in $(seq 1 50); do
    if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/api/auth/jwks" 2>/dev/null; then up=1; break; fi
    sleep 0.1
  done
  if [ "$up" != "1" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    cat "$ndir/error.log" >&2 || true
    say "nginx did not answer on :$port (config and log in $ndir)"
    return 1
  fi
  bench_put "$dir" p1.nginxVersion "$("$nginx_bin" -v 2>&1 | sed 's|.*nginx/||')"
  bench_put "$dir" p1.tool "$([ "$tool" = wrk ] && echo "wrk $(wrk --version 2>&1 | awk 'NR==1 {print $2}')" || echo "Java LoadGen")"
  bench_put "$dir" p1.connections "$conns"
  bench_put "$dir" p1.seconds "$seconds"
  bench_put "$dir" p1.rounds "$rounds"
  local rc=0 i
  if [ "$quick" != "1" ]; then
    if [ "$tool" = wrk ]; then
      bench_p1_warm "$gateway" "$conns" "$dir" || rc=1
    else
      say "P1: warm-up, 30 s of the gateway (its JIT)"
      bench_load "$tool" "$gateway" 30 "$conns" "$dir" "" || rc=1
    fi
    say "P1: warm-up, 10 s of nginx"
    bench_load "$tool" "http://127.0.0.1:$port/api/auth/jwks" 10 "$conns" "$dir" "" || rc=1
  fi
  for i in $(seq 1 "$rounds"); do
    [ "$rc" = 0 ] || break
    if [ -n "$gateway" ]; then
      say "P1: round $i, gateway ($conns connections, $seconds s)"
      bench_load "$tool" "$gateway" "$seconds" "$conns" "$dir" "p1.gateway.$i" || rc=1
    fi
    say "P1: round $i, nginx ($conns connections, $seconds s)"
    bench_load "$tool" "http://127.0.0.1:$port/api/auth/jwks" "$seconds" "$conns" "$dir" "p1.nginx.$i" || rc=1
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ "$rc" = 0 ] || { say "P1: a load run failed; nginx's config and log stay in $ndir"; return 1; }
  rm -rf "$ndir"
  bench_put "$dir" p1.measured true
}

# bench_p1_warm URL CONNECTIONS DIR: wrk against the gateway in 10 s windows until its rate stops rising
# (P4's rule: the mean of the last three windows within 5% of the three before), at least 60 s, at most
# RAG_BENCH_P1_WARMUP_MAX seconds (180); a JVM just started needs more than a minute of this load before
# C2 has compiled the proxy path. The windows go into the table.
bench_p1_warm() {
  local url="$1" conns="$2" dir="$3" max="${RAG_BENCH_P1_WARMUP_MAX:-180}" windows="" n=0 steady=false
  say "P1: warm-up of the gateway, 10 s windows until its requests/s stop rising (60-$max s)"
  while [ $((n * 10)) -lt "$max" ]; do
    bench_load wrk "$url" 10 "$conns" "$dir" "" || return 1
    windows="$windows $(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$dir/wrk.out")"
    n=$((n + 1))
    if [ "$n" -ge 6 ] && echo "$windows" | awk '{ a = ($(NF-5) + $(NF-4) + $(NF-3)) / 3; b = ($(NF-2) + $(NF-1) + $NF) / 3;
        exit !(b <= 1.05 * a) }'; then
      steady=true
      break
    fi
  done
  bench_put "$dir" p1.warmup.windows "${windows# }"
  bench_put "$dir" p1.warmup.seconds "$((n * 10))"
  bench_put "$dir" p1.warmup.steady "$steady"
}

# bench_load TOOL URL SECONDS CONNECTIONS DIR PREFIX: one load run; its figures go under PREFIX (none: a warm-up)
bench_load() {
  local tool="$1" url="$2" seconds="$3" conns="$4" dir="$5" prefix="$6" threads
  threads=$(nproc 2>/dev/null || echo 2)
  [ "$threads" -le "$conns" ] || threads=$conns
  if [ "$tool" = wrk ]; then
    wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency "$url" > "$dir/wrk.out" || { cat "$dir/wrk.out" >&2; return 1; }
    [ -z "$prefix" ] || bench_java wrk "$dir/wrk.out" "$prefix" --dir "$dir"
  else
    bench_java load "$url" "${prefix:-warmup}" --dir "$dir" --connections "$conns" --seconds "$seconds"
  fi
}

# bench_tool COMMAND PACKAGE: the path of COMMAND, installed from Debian first when it is missing and
# this is root (Debian's postinst may start a system nginx where no policy-rc.d forbids it: this run
# never uses one, it starts its own)
bench_tool() {
  local found
  found=$(PATH="$PATH:/usr/sbin:/sbin" command -v "$1" 2>/dev/null) && { echo "$found"; return 0; }
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    say "$1 is missing; installing $2 (Debian)" >&2
    apt-get install -y -q "$2" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$2" >/dev/null 2>&1; } || true
  fi
  found=$(PATH="$PATH:/usr/sbin:/sbin" command -v "$1" 2>/dev/null) && { echo "$found"; return 0; }
  return 1
}

# bench_free_port FROM: the first port from FROM on that nothing listens on
bench_free_port() {
  local p
  for p in $(seq "$1" $(($1 + 100))); do
    if ! (exec 4<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  say "no free port in $1-$(($1 + 100))" >&2
  return 1
}

# bench_nginx_conf DIR PORT BACKEND_URL GATEWAY_URL STATIC_PORT: nginx.conf for P1. The headers the gateway
# adds to the backend's answer (all but per-request ones: Date, rate-limit counters) are added by nginx
# too, with the same values; X-Request-Id becomes nginx's own $request_id. STATIC_PORT set (quick pass):
# a second server on it answers the route with a small static JSON body, and nothing is copied.
bench_nginx_conf() {
  local dir="$1" port="$2" backend="$3" gateway="$4" static_port="$5" hostport headers="" name value line
  hostport="${backend#http://}"
  hostport="${hostport%%/*}"
  if [ -n "$gateway" ]; then
    local gw_headers be_headers
    gw_headers=$(curl -fsS -D - -o /dev/null --max-time 10 "$gateway" | tr -d '\r') || { say "the gateway did not answer $gateway"; return 1; }
    be_headers=$(curl -fsS -D - -o /dev/null --max-time 10 "$backend" | tr -d '\r') || { say "the backend did not answer $backend"; return 1; }
    while IFS= read -r line; do
      [[ "$line" == *:* ]] || continue
      name="${line%%:*}"
      value="${line#*: }"
      case "${name,,}" in
        date|content-length|connection|keep-alive|transfer-encoding|ratelimit-*|retry-after) continue ;;
      esac
      grep -qi "^$name:" <<<"$be_headers" && continue
      if [ "${name,,}" = x-request-id ]; then
        headers+="      add_header $name \$request_id always;"$'\n'
        continue
      fi
      [[ "$value" != *'$'* && "$value" != *'"'* && "$value" != *\\* ]] \
        || { say "cannot copy header $name into nginx's config: $value"; return 1; }
      headers+="      add_header $name \"$value\" always;"$'\n'
    done <<<"$gw_headers"
  fi
  local static=""
  if [ -n "$static_port" ]; then
    static="  server {
    listen 127.0.0.1:$static_port;
    location = /api/auth/jwks {
      default_type application/json;
      return 200 '{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"bench\",\"x\":\"static\",\"y\":\"static\"}]}';
    }
  }"
  fi
  cat > "$dir/nginx.conf" <<EOF
# written by ./rag bench all (P1); nginx runs with this file only, from $dir
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  keepalive_requests 10000000;
  # evaluated on every request, never hit: like the gateway's own rate limit in this run
  limit_req_zone \$binary_remote_addr zone=bench:10m rate=1000000r/s;
  upstream backend {
    server $hostport;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      limit_req zone=bench burst=1000000 nodelay;
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Request-Id \$request_id;
$headers    }
  }
$static
}
EOF
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
