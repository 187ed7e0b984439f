# shellcheck shell=bash
# ./rag up, down, status and logs: the five services on this machine, each under a supervisor that
# restarts it with back-off when it crashes. Sourced by ./rag after common.sh; the JVM command line is jvm.sh's.

# shellcheck source=scripts/rag/jvm.sh
. "$ROOT/scripts/rag/jvm.sh"

pid_file() { echo "$RAG_HOME/run/$1.pid"; }

running() {
  local f
  f=$(pid_file "$1")
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null
}

service_env() {
  local svc="$1"
  local jwks="http://127.0.0.1:$(port_of auth-service)/api/auth/jwks"
  echo "QUARKUS_HTTP_PORT=$(port_of "$svc")"
  echo "QUARKUS_HTTP_HOST=${RAG_BIND_HOST:-127.0.0.1}"
  echo "RAG_DATA_DIR=$RAG_HOME/data"
  echo "RAG_DB_HOST=$DB_HOST"
  echo "RAG_DB_PORT=$DB_PORT"
  echo "RAG_DB_NAME=$DB_NAME"
  echo "RAG_DB_USER=$DB_USER"
  echo "RAG_REDIS_URL=$REDIS_URL"
  echo "RAG_JWKS_URL=$jwks"
  echo "RAG_INTERNAL_TOKEN=$(cat "$RAG_HOME/secrets/internal-token")"
  echo "RAG_AUTH_URL=http://127.0.0.1:$(port_of auth-service)"
  echo "RAG_INGEST_URL=http://127.0.0.1:$(port_of ingest-service)"
  echo "RAG_VECTOR_URL=http://127.0.0.1:$(port_of vector-service)"
  echo "RAG_CHAT_URL=http://127.0.0.1:$(port_of chat-service)"
  echo "RAG_CORS_ORIGINS=${RAG_CORS_ORIGINS:-http://localhost:$PORT_BASE,http://127.0.0.1:$PORT_BASE}"
  # dev-style key generation on first start; production mounts keys from a secret instead
  echo "RAG_AUTH_SIGNING_GENERATE_IF_MISSING=true"
  # the keyset connector tokens are encrypted under (ingest-service): generated at first start, 0600,
  # and never again while tokens are stored under it (docs/operations.md, "Secrets keyset")
  echo "RAG_SECRETS_KEYSET_FILE=$(secrets_keyset)"
  echo "RAG_SECRETS_GENERATE_IF_MISSING=true"
  echo "DJL_CACHE_DIR=$RAG_HOME/cache/djl"
  if [ -n "${OLLAMA_BASE_URL:-}" ]; then
    echo "OLLAMA_BASE_URL=$OLLAMA_BASE_URL"
  fi
  # model answers: RAG_LLM_PROVIDER=ollama|gemini|openai picks the provider (ollama when only OLLAMA_BASE_URL is
  # set). Its settings (GOOGLE_API_KEY, RAG_GEMINI_MODEL, RAG_OPENAI_BASE_URL, RAG_OPENAI_API_KEY, RAG_OPENAI_MODEL,
  # RAG_OPENAI_EMBEDDING_*) reach the services from this environment as they are; keys are never written anywhere.
  if [ -n "${RAG_LLM_PROVIDER:-}" ] || [ -n "${OLLAMA_BASE_URL:-}" ]; then
    echo "RAG_LLM_PROVIDER=$(llm_provider)"
    echo "RAG_LLM_ENABLED=true"
  fi
}

# The chat model provider ./rag up configures: RAG_LLM_PROVIDER, else ollama (answers are extractive unless one
# of RAG_LLM_PROVIDER and OLLAMA_BASE_URL is set). A hosted provider is only ever used when named: a key that
# happens to be in the environment never sends documents to a third party by itself.
llm_provider() { echo "${RAG_LLM_PROVIDER:-ollama}"; }

llm_summary() {
  if [ -z "${RAG_LLM_PROVIDER:-}" ] && [ -z "${OLLAMA_BASE_URL:-}" ]; then
    echo "extractive (set RAG_LLM_PROVIDER=gemini|openai or OLLAMA_BASE_URL for model answers)"
    return
  fi
  case "$(llm_provider)" in
    gemini) echo "LLM via Gemini ${RAG_GEMINI_MODEL:-gemini-2.0-flash}$([ -n "${GOOGLE_API_KEY:-}" ] || echo ' (GOOGLE_API_KEY is NOT set: chat-service will refuse to start)') (extractive fallback)" ;;
    openai) echo "LLM via ${RAG_OPENAI_MODEL:-<RAG_OPENAI_MODEL not set>} at ${RAG_OPENAI_BASE_URL:-<RAG_OPENAI_BASE_URL not set>} (extractive fallback)" ;;
    *) echo "LLM via Ollama at ${OLLAMA_BASE_URL:-http://127.0.0.1:11434} (extractive fallback)" ;;
  esac
}

# The supervisor of one service (runs in the background, started by start_service): starts its JVM,
# waits for it, and restarts it when it crashed (any exit but 0, 130 SIGINT, 143 SIGTERM) after a
# back-off of 1 s, 2 s, 4 s ... capped at RAG_RESTART_MAX_DELAY (60) s, reset once a run lasted
# RAG_RESTART_STABLE (60) s. ./rag down writes run/<svc>.stop first, so nothing respawns during a stop.
# Restarts are counted in run/<svc>.restarts (count, last exit code, last exit time) and logged to
# logs/supervisor.log and the service's own log.
supervise() {
  local svc="$1" jar="$1/target/quarkus-app/quarkus-run.jar"
  local log="$RAG_HOME/logs/$svc.log" stop="$RAG_HOME/run/$svc.stop" state="$RAG_HOME/run/$svc.restarts"
  local max_delay="${RAG_RESTART_MAX_DELAY:-60}" stable="${RAG_RESTART_STABLE:-60}"
  local delay=1 restarts=0 code started ran pid java opts=()
  java=$(service_java)
  java_facts "$java" # asked once here, read by every start below
  trap '' HUP
  set -a
  while IFS= read -r line; do export "${line?}"; done < <(service_env "$svc")
  set +a
  : > "$log"
  while true; do
    started=$(date +%s)
    # the options of every start (jvm.sh), RAG_JAVA_OPTS last; then the class-data archive of this
    # build, JVM and options (used when there is one, else recorded by this run)
    read -r -a opts <<< "$(jvm_base_opts "$svc") ${RAG_JAVA_OPTS:-}"
    cds_plan "$svc" "$java" "${opts[@]}"
    nohup "$java" "${opts[@]}" "${CDS_OPTS[@]}" -jar "$jar" >> "$log" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" > "$(pid_file "$svc")"
    code=0
    wait "$pid" || code=$?
    cds_after "$svc" "$code"
    [ -f "$stop" ] && break
    case "$code" in 0|130|143) echo "$(date -u +%FT%TZ) $svc stopped (exit code $code); not restarted" >> "$RAG_HOME/logs/supervisor.log"; break ;; esac
    ran=$(( $(date +%s) - started ))
    [ "$ran" -ge "$stable" ] && delay=1
    restarts=$((restarts + 1))
    echo "$restarts $code $(date -u +%FT%TZ)" > "$state"
    local note="$(date -u +%FT%TZ) $svc (pid $pid) exited with code $code after ${ran} s; restart $restarts in ${delay} s"
    echo "$note" >> "$RAG_HOME/logs/supervisor.log"
    echo "[rag supervisor] $note" >> "$log"
    local waited=0
    while [ "$waited" -lt $((delay * 5)) ] && [ ! -f "$stop" ]; do sleep 0.2; waited=$((waited + 1)); done
    [ -f "$stop" ] && break
    delay=$(( delay * 2 > max_delay ? max_delay : delay * 2 ))
  done
  rm -f "$RAG_HOME/run/$svc.supervisor"
}

# the supervisor removes its file as it exits, which may be between a check and a read: one read, quiet
supervisor_running() {
  local spid
  spid=$(cat "$RAG_HOME/run/$1.supervisor" 2>/dev/null) && kill -0 "$spid" 2>/dev/null
}

start_service() {
  local svc="$1" jar="$1/target/quarkus-app/quarkus-run.jar"
  if running "$svc"; then say "$svc already running (pid $(cat "$(pid_file "$svc")"))"; return 0; fi
  if supervisor_running "$svc"; then say "$svc is being restarted by its supervisor"; return 0; fi
  [ -f "$jar" ] || die "$jar is missing: run ./rag up without RAG_SKIP_BUILD, or ./mvnw package"
  rm -f "$RAG_HOME/run/$svc.stop" "$RAG_HOME/run/$svc.restarts" "$RAG_HOME/run/$svc.ready" "$RAG_HOME/run/$svc.readycpu" "$(pid_file "$svc")"
  date +%s%N > "$RAG_HOME/run/$svc.started"
  ( supervise "$svc" ) < /dev/null >> "$RAG_HOME/logs/supervisor.log" 2>&1 &
  echo $! > "$RAG_HOME/run/$svc.supervisor"
  local _
  for _ in $(seq 1 50); do [ -s "$(pid_file "$svc")" ] && break; sleep 0.1; done
}

restarts_of() {
  local f="$RAG_HOME/run/$1.restarts"
  if [ -f "$f" ]; then awk '{print $1}' "$f"; else echo 0; fi
}

wait_ready() {
  local svc="$1" port deadline
  port=$(port_of "$svc")
  deadline=$(( $(date +%s) + READY_TIMEOUT ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if ! running "$svc" && { ! supervisor_running "$svc" || [ "$(restarts_of "$svc")" -ge 3 ]; }; then
      stop_supervisor "$svc"
      tail -n 30 "$RAG_HOME/logs/$svc.log" >&2 || true
      die "$svc exited during start-up; its log is $RAG_HOME/logs/$svc.log"
    fi
    if curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; then
      local started now
      started=$(cat "$RAG_HOME/run/$svc.started")
      now=$(date +%s%N)
      # the moment it was seen ready (ns), for ./rag bench all (P5: start-up times), and the CPU time
      # its JVM and the processes it started had used by then (ms, all threads: user + system), which the
      # machine's load changes less
      echo "$now" > "$RAG_HOME/run/$svc.ready"
      tree_cpu_ms "$(cat "$(pid_file "$svc")")" > "$RAG_HOME/run/$svc.readycpu" 2>/dev/null || rm -f "$RAG_HOME/run/$svc.readycpu"
      awk -v s="$svc" -v p="$port" -v t="$(( (now - started) / 1000000 ))" \
        'BEGIN { printf "  %-15s ready on :%s after %5.1f s\n", s, p, t / 1000 }' </dev/null
      return 0
    fi
    sleep 0.1
  done
  die "$svc did not become ready within ${READY_TIMEOUT}s; see $RAG_HOME/logs/$svc.log and http://127.0.0.1:$port/q/health/ready"
}

# Tells the supervisor of a service not to restart it any more (and ends it if it sits in a back-off).
stop_supervisor() {
  local svc="$1"
  touch "$RAG_HOME/run/$svc.stop"
  if supervisor_running "$svc"; then
    local spid
    # the supervisor removes its file as it exits: gone between the check and here = already stopped
    spid=$(cat "$RAG_HOME/run/$svc.supervisor" 2>/dev/null) || return 0
    for _ in $(seq 1 10); do kill -0 "$spid" 2>/dev/null || break; sleep 0.2; done
  fi
}

# Stops one service and starts it again under a new supervisor, waiting until it is ready.
restart_service() {
  local svc="$1" pid
  touch "$RAG_HOME/run/$svc.stop"
  if running "$svc"; then
    pid=$(cat "$(pid_file "$svc")")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 "$(stop_wait_rounds "$svc")"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  stop_supervisor "$svc"
  rm -f "$(pid_file "$svc")" "$RAG_HOME/run/$svc.started"
  start_service "$svc"
  wait_ready "$svc"
}

cmd_up() {
  require_java
  command -v curl >/dev/null || die "curl is missing (Debian: apt-get install curl)."
  ensure_postgres
  ensure_redis
  ensure_database
  ensure_secrets
  mkdir -p "$RAG_HOME/tmp" "$RAG_HOME/cache"
  build_if_stale
  say "starting ${SERVICES[*]} (logs in $RAG_HOME/logs)"
  local svc
  for svc in "${SERVICES[@]}"; do start_service "$svc"; done
  for svc in "${SERVICES[@]}"; do wait_ready "$svc"; done
  say "rag-suite is up: open http://127.0.0.1:$PORT_BASE/ in a browser (API under /api, health at /q/health/ready)"
  # A generated first-admin password is handed over in a 0600 file (auth-service never logs it): shown
  # here, on this terminal only, then the file is deleted.
  local admin_file="$RAG_HOME/data/first-admin-password" admin_email
  if [ -f "$admin_file" ]; then
    admin_email=$(grep -ho 'FIRST-ADMIN email=[^ "]*' "$RAG_HOME/logs/auth-service.log" 2>/dev/null | tail -1 || true)
    admin_email=${admin_email#FIRST-ADMIN email=}
    say "first admin created — this password is shown once, save it now: email=${admin_email:-${RAG_ADMIN_EMAIL:-admin@rag-suite.local}} password=$(head -1 "$admin_file")"
    rm -f "$admin_file"
  elif [ -n "${RAG_ADMIN_EMAIL:-}" ]; then
    say "admin login: $RAG_ADMIN_EMAIL (password from RAG_ADMIN_PASSWORD)"
  else
    say "admin login: its one-time password was printed by the first ./rag up (README: 'Lost the admin password')"
  fi
  say "answers: $(llm_summary)"
}

cmd_down() {
  local svc pid any=0
  for svc in "${SERVICES[@]}"; do touch "$RAG_HOME/run/$svc.stop" 2>/dev/null || true; done # no respawn while stopping
  for svc in gateway chat-service ingest-service vector-service auth-service; do
    if running "$svc"; then
      pid=$(cat "$(pid_file "$svc")")
      kill -TERM "$pid" 2>/dev/null || true
      any=1
    fi
  done
  for svc in "${SERVICES[@]}"; do
    local f
    f=$(pid_file "$svc")
    if [ -f "$f" ]; then
      pid=$(cat "$f")
      for _ in $(seq 1 "$(stop_wait_rounds "$svc")"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      if kill -0 "$pid" 2>/dev/null; then
        say "$svc did not stop within $(( $(stop_wait_rounds "$svc") / 2 )) s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    stop_supervisor "$svc"
    rm -f "$f" "$RAG_HOME/run/$svc.started" "$RAG_HOME/run/$svc.ready" "$RAG_HOME/run/$svc.readycpu" "$RAG_HOME/run/$svc.stop"
  done
  [ "$any" = "1" ] && say "stopped" || say "nothing was running"
}

# ./rag restart SERVICE...: stops each named service and starts it again, waiting until it is ready.
cmd_restart() {
  [ $# -ge 1 ] || die "usage: ./rag restart <service>...  (of: ${SERVICES[*]})"
  local svc
  for svc in "$@"; do
    [[ " ${SERVICES[*]} " == *" $svc "* ]] || die "unknown service: $svc (one of: ${SERVICES[*]})"
  done
  require_java
  for svc in "$@"; do restart_service "$svc"; done
}

cmd_status() {
  local svc port state restarts
  for svc in "${SERVICES[@]}"; do
    port=$(port_of "$svc")
    restarts=""
    if [ -f "$RAG_HOME/run/$svc.restarts" ]; then
      restarts=$(awk '{printf "restarts %s (last exit code %s at %s)", $1, $2, $3}' "$RAG_HOME/run/$svc.restarts")
    fi
    if running "$svc"; then
      state=$(curl -fsS --max-time 3 "http://127.0.0.1:$port/q/health/ready" 2>/dev/null | grep -o '"status": *"[A-Z]*"' | head -1 || true)
      printf '  %-15s pid %-7s :%s %s %s\n' "$svc" "$(cat "$(pid_file "$svc")")" "$port" "${state:-not ready}" "$restarts"
    elif supervisor_running "$svc"; then
      printf '  %-15s restarting (back-off) %s\n' "$svc" "$restarts"
    else
      printf '  %-15s stopped %s\n' "$svc" "$restarts"
    fi
  done
}

cmd_logs() {
  [ $# -ge 1 ] || die "usage: ./rag logs <service>  (one of: ${SERVICES[*]})"
  tail -n 200 -F "$RAG_HOME/logs/$1.log"
}
