# shellcheck shell=bash
# What every ./rag command shares: the settings (read once from the environment and never changed
# afterwards: a command that needs a suite with other settings runs ./rag with them in its
# environment), messages, the prerequisites (Java, PostgreSQL, Redis, the database, the dev secrets)
# and the build. Sourced by ./rag; not a command of its own.

SERVICES=(auth-service vector-service ingest-service chat-service gateway)
RAG_HOME="${RAG_HOME:-$ROOT/.rag}"
PORT_BASE="${RAG_PORT_BASE:-8080}"
DB_HOST="${RAG_DB_HOST:-127.0.0.1}"
DB_PORT="${RAG_DB_PORT:-5432}"
DB_NAME="${RAG_DB_NAME:-rag}"
DB_USER="${RAG_DB_USER:-rag}"
REDIS_URL="${RAG_REDIS_URL:-redis://127.0.0.1:6379}"
READY_TIMEOUT="${RAG_READY_TIMEOUT:-180}"
readonly SERVICES RAG_HOME PORT_BASE DB_HOST DB_PORT DB_NAME DB_USER REDIS_URL READY_TIMEOUT

say() { printf '\033[1m[rag]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[rag] %s\033[0m\n' "$*" >&2; exit 1; }

# port_of SERVICE [PORT_BASE]: the service's port in this suite (or in the suite at PORT_BASE)
port_of() {
  local base="${2:-$PORT_BASE}"
  case "$1" in
    gateway) echo "$base" ;;
    auth-service) echo $((base + 1)) ;;
    ingest-service) echo $((base + 2)) ;;
    vector-service) echo $((base + 3)) ;;
    chat-service) echo $((base + 4)) ;;
    *) die "unknown service: $1" ;;
  esac
}

heap_of() {
  case "$1" in
    vector-service) echo 1g ;;   # the embedding model needs > 320 MB while it loads
    ingest-service) echo 384m ;; # parsing runs in child JVMs of their own heap (rag.ingest.parser.max-heap)
    *) echo 256m ;;
  esac
}

# ---------------------------------------------------------------- prerequisites
require_java() {
  command -v java >/dev/null || die "Java 17+ is not installed (Debian: apt-get install openjdk-17-jdk-headless)."
  local v
  v=$(java -version 2>&1 | awk -F'"' '/version/ {print $2}' | cut -d. -f1)
  [ "${v:-0}" -ge 17 ] || die "Java 17+ is needed; found $(java -version 2>&1 | head -1)."
}

redis_host_port() {
  local hp="${REDIS_URL#redis://}"
  hp="${hp%%/*}"
  hp="${hp##*@}"
  echo "${hp%%:*} ${hp##*:}"
}

ensure_postgres() {
  if pg_isready -q -h "$DB_HOST" -p "$DB_PORT" 2>/dev/null; then return 0; fi
  command -v pg_isready >/dev/null || die "PostgreSQL client tools are missing. Install PostgreSQL 15+ (Debian: apt-get install postgresql) or set RAG_DB_HOST/RAG_DB_PORT to a running server."
  if [ "$DB_HOST" = "127.0.0.1" ] || [ "$DB_HOST" = "localhost" ]; then
    say "PostgreSQL is not answering on $DB_HOST:$DB_PORT; starting the local cluster"
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
      local version
      version=$(ls /etc/postgresql | sort -V | tail -1)
      pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
        || pg_ctlcluster "$version" main start 2>/dev/null || true
    elif command -v service >/dev/null; then
      service postgresql start >/dev/null 2>&1 || true
    fi
    for _ in $(seq 1 30); do
      pg_isready -q -h "$DB_HOST" -p "$DB_PORT" && return 0
      sleep 1
    done
  fi
  die "PostgreSQL is installed but not running on $DB_HOST:$DB_PORT, and it could not be started. Start it (e.g. pg_ctlcluster 15 main start) and try again."
}

ensure_redis() {
  local host port
  read -r host port < <(redis_host_port)
  if redis_ping "$host" "$port"; then return 0; fi
  command -v redis-server >/dev/null || die "Redis is not running on $host:$port and redis-server is not installed (Debian: apt-get install redis-server), or set RAG_REDIS_URL."
  if [ "$host" = "127.0.0.1" ] || [ "$host" = "localhost" ]; then
    say "Redis is not answering on $host:$port; starting redis-server (append-only file under $RAG_HOME/redis)"
    mkdir -p "$RAG_HOME/redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --dir "$RAG_HOME/redis" \
      --appendonly yes --logfile "$RAG_HOME/redis/redis.log" >/dev/null
    for _ in $(seq 1 20); do
      redis_ping "$host" "$port" && return 0
      sleep 0.5
    done
  fi
  die "Redis could not be started on $host:$port. Start it and try again."
}

redis_ping() {
  if command -v redis-cli >/dev/null; then
    [ "$(redis-cli -h "$1" -p "$2" ping 2>/dev/null)" = "PONG" ]
  else
    (exec 3<>"/dev/tcp/$1/$2" && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2>/dev/null
  fi
}

psql_admin() {
  # The local server trusts local connections (Debian default for these machines); elsewhere set PGPASSWORD.
  psql -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U "${RAG_DB_ADMIN_USER:-postgres}" -d postgres -tAq "$@"
}

ensure_database() {
  command -v psql >/dev/null || die "psql is missing (Debian: apt-get install postgresql-client)."
  if [ "$(psql_admin -c "select 1 from pg_roles where rolname = '$DB_USER'")" != "1" ]; then
    say "creating database role $DB_USER"
    psql_admin -c "create role \"$DB_USER\" login"
  fi
  if [ "$(psql_admin -c "select 1 from pg_database where datname = '$DB_NAME'")" != "1" ]; then
    say "creating database $DB_NAME"
    psql_admin -c "create database \"$DB_NAME\" owner \"$DB_USER\""
  fi
}

ensure_secrets() {
  mkdir -p "$RAG_HOME/secrets" "$RAG_HOME/data" "$RAG_HOME/logs" "$RAG_HOME/run"
  chmod 700 "$RAG_HOME/secrets"
  if [ ! -s "$RAG_HOME/secrets/internal-token" ]; then
    (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > "$RAG_HOME/secrets/internal-token")
    say "generated the internal service token into $RAG_HOME/secrets (git-ignored)"
  fi
}

# The keyset connector tokens are encrypted under (ingest-service generates it at first start).
secrets_keyset() { echo "$RAG_HOME/secrets/secrets-keyset.json"; }

# ---------------------------------------------------------------- build
# Node.js and npm build the web app (webapp module, part of every Maven build): installed from Debian
# when missing and this is root; otherwise the build says what is missing.
ensure_node() {
  command -v node >/dev/null && command -v npm >/dev/null && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    say "node/npm are missing; installing nodejs and npm (Debian)"
    apt-get install -y -q nodejs npm >/dev/null 2>&1 || true
  fi
  command -v node >/dev/null && command -v npm >/dev/null \
    || die "Node.js and npm are needed to build the web app (Debian: apt-get install nodejs npm)"
}

build_if_stale() {
  if [ "${RAG_SKIP_BUILD:-0}" = "1" ]; then return 0; fi
  local stale=0 svc jar
  for svc in "${SERVICES[@]}"; do
    jar="$svc/target/quarkus-app/quarkus-run.jar"
    if [ ! -f "$jar" ]; then stale=1; break; fi
    if [ -n "$(find pom.xml "$svc" common persistence vector-api text-analysis streams -newer "$jar" \( -path '*/src/main/*' -o -name pom.xml \) -type f -print -quit 2>/dev/null)" ]; then
      stale=1; break
    fi
    # the gateway carries the web app
    if [ "$svc" = gateway ] && [ -n "$(find webapp/src webapp/public webapp/index.html webapp/package.json webapp/package-lock.json webapp/vite.config.ts webapp/pom.xml -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
      stale=1; break
    fi
  done
  if [ "$stale" = "1" ]; then
    ensure_node
    say "building the services (./mvnw package, tests skipped; ./rag test runs them)"
    ./mvnw -B -q package -DskipTests -pl "$(IFS=,; echo "${SERVICES[*]}")" -am \
      || die "the build failed; see the Maven output above"
  fi
}

redis_flush() {
  local host port
  read -r host port < <(redis_host_port)
  if command -v redis-cli >/dev/null; then
    [ "$(redis-cli -h "$host" -p "$port" -n "$1" flushdb)" = "OK" ] || die "could not flush Redis db $1"
  else
    (exec 5<>"/dev/tcp/$host/$port" && printf 'SELECT %s\r\nFLUSHDB\r\n' "$1" >&5 && head -c 10 <&5 | grep -q OK) \
      || die "could not flush Redis db $1"
  fi
}

# redis_url_of_db N: REDIS_URL with its database number replaced by N
redis_url_of_db() {
  local base="${REDIS_URL%/}"
  [[ "$base" =~ ^(rediss?://[^/]+)(/[0-9]+)?$ ]] && base="${BASH_REMATCH[1]}"
  echo "$base/$1"
}
