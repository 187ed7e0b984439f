#!/usr/bin/env bash
# compose-check — runs docker-compose.yml for real on a Debian machine without Docker or an image
# registry, and checks what a deployment must be (called by `./rag compose-check`, which first packages
# the services if their jars are stale; docs/operations.md, "compose-check"). Needs root.
#
#  1. installs from Debian what is missing: podman (rootful, runc, netavark + aardvark-dns for the
#     service names), docker-compose 1.29, debootstrap, jq, curl; writes /etc/containers/containers.conf
#     when there is none (runc; ulimits this host allows; netavark), else only says what it lacks
#  2. makes the base images locally (debootstrap of Debian 12: a JRE, PostgreSQL 15, Redis), cached in
#     RAG_COMPOSE_CACHE as root file system tarballs and in podman's image store
#  3. builds PostgreSQL and Redis images (deploy/compose/postgres, redis) and the five services from
#     deploy/docker/Dockerfile.jvm on the local JRE base (deploy/compose/java)
#  4. merges docker-compose.yml with deploy/compose/compose.local.yml, drops the services that cannot be
#     had here (x-omit-services there) and the dependencies on them, and runs `docker-compose up`
#     against `podman system service`, driving the health checks (podman runs none without systemd) so
#     that the health-gated start-up (depends_on: service_healthy) proceeds as with Docker
#  5. checks each service container: non-root (the Dockerfile's USER), read-only root file system
#     (inspect, and a write fails); only the gateway publishes a port to the host
#  6. the user journey through the published gateway only: register, login, upload, indexed, a cited
#     answer, logout, the same token gets 401
#  7. tears everything down (containers, network, volumes; the base images stay), also on failure, and
#     prints the timings and image sizes. Exit status 1 on any failed check.
#
# Settings (environment):
#   RAG_COMPOSE_PORT           the gateway's published port on 127.0.0.1 (default 28080)
#   RAG_COMPOSE_CACHE          base image cache (default /var/cache/rag-suite/compose)
#   RAG_COMPOSE_UP_TIMEOUT     seconds for `up` until every container is healthy (default 1500)
#   RAG_COMPOSE_START_PERIOD   the services' health check start period (default 600s; compose.local.yml)
#   RAG_COMPOSE_INDEX_TIMEOUT  seconds for the uploaded document to be indexed (default 300)
#   RAG_COMPOSE_RETRIEVAL_TIMEOUT_MILLIS  chat-service's wait for a search (default 30000; compose.local.yml)
#   RAG_COMPOSE_KEEP=1         leave the stack running after the checks (tear down with --down)
#   RAG_COMPOSE_DEBIAN_MIRROR  for debootstrap (default http://deb.debian.org/debian)
# Options: --down  only tear down what an earlier run left (e.g. after RAG_COMPOSE_KEEP=1).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

PORT="${RAG_COMPOSE_PORT:-28080}"
CACHE="${RAG_COMPOSE_CACHE:-/var/cache/rag-suite/compose}"
UP_TIMEOUT="${RAG_COMPOSE_UP_TIMEOUT:-1500}"
INDEX_TIMEOUT="${RAG_COMPOSE_INDEX_TIMEOUT:-300}"
MIRROR="${RAG_COMPOSE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PROJECT=rag-compose-check
SERVICES=(auth-service vector-service ingest-service chat-service gateway)
SUITE=bookworm
JAVA_BASE=rag-suite-local/java17:$SUITE
POSTGRES_IMAGE=rag-suite-local/postgres:15
REDIS_IMAGE=rag-suite-local/redis:7
IMAGE_PREFIX=rag-suite
IMAGE_TAG=compose-check
OVERRIDE=deploy/compose/compose.local.yml
RUN_DIR=/run/rag-compose-check
SOCK="$RUN_DIR/podman.sock"
LOG_DIR="$ROOT/.rag/compose-check"   # git-ignored; the containers' logs of the last run
WORK=""
PODMAN_SERVICE_PID=""
HEALTH_PID=""
STARTED=$SECONDS
declare -a TIMINGS=()

say() { printf '\033[1m[compose-check]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[compose-check] FAILED: %s\033[0m\n' "$*" >&2; exit 1; }
timed() { TIMINGS+=("$(printf '%-34s %6d s' "$1" "$2")"); }

# ---------------------------------------------------------------- 1. tools
install_tools() {
  local missing=() pair
  for pair in podman:podman runc:runc netavark:/usr/lib/podman/netavark aardvark-dns:/usr/lib/podman/aardvark-dns \
              docker-compose:docker-compose debootstrap:debootstrap jq:jq curl:curl; do
    local pkg="${pair%%:*}" probe="${pair#*:}"
    if [[ "$probe" == /* ]]; then [ -x "$probe" ] || missing+=("$pkg"); else command -v "$probe" >/dev/null || missing+=("$pkg"); fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing from Debian: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null \
      || fail "apt-get install ${missing[*]} failed"
  fi
  local conf=/etc/containers/containers.conf
  if [ ! -e "$conf" ]; then
    mkdir -p /etc/containers
    cat > "$conf" <<'EOF'
# Written by rag-suite's ./rag compose-check (deploy/compose/compose-check.sh) because there was none.
[containers]
# the defaults (nofile 1048576) fail here with "setrlimit ... Operation not permitted"
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]

[network]
# netavark + aardvark-dns: containers find each other by service name
network_backend = "netavark"

[engine]
# crun fails on this host's hybrid cgroups
runtime = "runc"
EOF
    say "wrote $conf: runtime runc, default_ulimits nofile 20000 / nproc 4096, network_backend netavark"
  else
    grep -Eq '^[[:space:]]*runtime[[:space:]]*=[[:space:]]*"runc"' "$conf" \
      || say "note: $conf exists and was left alone; it does not set runtime = \"runc\" (crun fails on hybrid cgroups)"
    grep -Eq '^[[:space:]]*default_ulimits' "$conf" \
      || say "note: $conf exists and was left alone; it sets no default_ulimits (the defaults may fail with setrlimit errors)"
    grep -Eq '^[[:space:]]*network_backend[[:space:]]*=[[:space:]]*"netavark"' "$conf" \
      || say "note: $conf exists and was left alone; without network_backend = \"netavark\" service names may not resolve"
  fi
}

start_podman_service() {
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  rm -f "$SOCK"
  podman system service --time=0 "unix://$SOCK" > "$LOG_DIR/podman-service.log" 2>&1 &
  PODMAN_SERVICE_PID=$!
  local i
  for i in $(seq 1 60); do
    curl -fsS --unix-socket "$SOCK" http://d/_ping >/dev/null 2>&1 && return 0
    kill -0 "$PODMAN_SERVICE_PID" 2>/dev/null || fail "podman system service exited; see $LOG_DIR/podman-service.log"
    sleep 0.5
  done
  fail "podman system service did not answer on $SOCK within 30 s"
}

compose() { DOCKER_HOST="unix://$SOCK" docker-compose -p "$PROJECT" -f "$WORK/compose.yml" "$@"; }

# ---------------------------------------------------------------- 2. base images
# A Debian root file system with the given packages, imported as rag-suite-local/rootfs-NAME. Cached as a
# tarball in $CACHE/rootfs (the packages in $CACHE/debs), so a pruned image store costs an import only.
rootfs_image() {
  local name="$1" packages="$2" image="rag-suite-local/rootfs-$1:$SUITE" tar="$CACHE/rootfs/$1.tar"
  podman image exists "$image" && return 0
  if [ ! -s "$tar" ]; then
    local dir="$CACHE/rootfs/$name.tmp" t0=$SECONDS
    say "debootstrap $SUITE ($packages) into $dir: several minutes"
    rm -rf "$dir"
    mkdir -p "$CACHE/debs"
    debootstrap --variant=minbase --cache-dir="$CACHE/debs" --include="$packages" "$SUITE" "$dir" "$MIRROR" \
      > "$LOG_DIR/debootstrap-$name.log" 2>&1 || fail "debootstrap of $name failed; see $LOG_DIR/debootstrap-$name.log"
    rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/archives/*.deb "$dir"/usr/share/doc/* "$dir"/usr/share/man/*
    tar -C "$dir" -cf "$tar.part" . && mv "$tar.part" "$tar"
    rm -rf "$dir"
    timed "  debootstrap $name" $((SECONDS - t0))
  fi
  podman import --quiet "$tar" "$image" >/dev/null || fail "podman import of $tar failed"
}

build_base_images() {
  local t0=$SECONDS
  rootfs_image java openjdk-17-jre-headless,curl,ca-certificates
  rootfs_image postgres postgresql-15
  rootfs_image redis redis-server
  build_image "$JAVA_BASE" deploy/compose/java --build-arg "ROOTFS=localhost/rag-suite-local/rootfs-java:$SUITE"
  build_image "$POSTGRES_IMAGE" deploy/compose/postgres --build-arg "ROOTFS=localhost/rag-suite-local/rootfs-postgres:$SUITE"
  build_image "$REDIS_IMAGE" deploy/compose/redis --build-arg "ROOTFS=localhost/rag-suite-local/rootfs-redis:$SUITE"
  timed "base images (debootstrap, cached)" $((SECONDS - t0))
}

build_image() {
  local tag="$1" context="$2"; shift 2
  podman build -q -t "$tag" "$@" "$context" > "$LOG_DIR/build-${tag//[\/:]/_}.log" 2>&1 \
    || { tail -n 30 "$LOG_DIR/build-${tag//[\/:]/_}.log" >&2; fail "podman build of $tag failed"; }
}

# ---------------------------------------------------------------- 3. service images
build_service_images() {
  local t0=$SECONDS svc
  for svc in "${SERVICES[@]}"; do
    [ -f "$svc/target/quarkus-app/quarkus-run.jar" ] || fail "$svc/target/quarkus-app is missing: run ./rag compose-check (it packages the services)"
    say "building $IMAGE_PREFIX/$svc:$IMAGE_TAG (deploy/docker/Dockerfile.jvm on $JAVA_BASE)"
    build_image "$IMAGE_PREFIX/$svc:$IMAGE_TAG" . -f deploy/docker/Dockerfile.jvm \
      --ignorefile deploy/docker/Dockerfile.jvm.dockerignore \
      --build-arg "SERVICE=$svc" --build-arg "JAVA_IMAGE=localhost/$JAVA_BASE"
  done
  timed "service images (5, Dockerfile.jvm)" $((SECONDS - t0))
}

# ---------------------------------------------------------------- 4. compose up
secret() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

write_compose_file() {
  WORK=$(mktemp -d /tmp/rag-compose-check.XXXXXX)
  chmod 700 "$WORK"
  # fresh secrets per run, never written into the repository; deleted with $WORK
  cat > "$WORK/env" <<EOF
POSTGRES_PASSWORD=$(secret)
RAG_DB_PASSWORD=$(secret)
REDIS_PASSWORD=$(secret)
RAG_INTERNAL_TOKEN=$(secret)
GRAFANA_ADMIN_PASSWORD=$(secret)
RAG_BIND_ADDRESS=127.0.0.1
RAG_HTTP_PORT=$PORT
RAG_IMAGE_PREFIX=$IMAGE_PREFIX
RAG_IMAGE_TAG=$IMAGE_TAG
RAG_COMPOSE_POSTGRES_IMAGE=$POSTGRES_IMAGE
RAG_COMPOSE_REDIS_IMAGE=$REDIS_IMAGE
RAG_COMPOSE_START_PERIOD=${RAG_COMPOSE_START_PERIOD:-600s}
RAG_COMPOSE_RETRIEVAL_TIMEOUT_MILLIS=${RAG_COMPOSE_RETRIEVAL_TIMEOUT_MILLIS:-30000}
EOF
  docker-compose --project-directory "$ROOT" --env-file "$WORK/env" -f docker-compose.yml -f "$OVERRIDE" config \
    > "$WORK/merged.yml" || fail "docker-compose config of docker-compose.yml + $OVERRIDE failed"
  # Compose cannot remove a service or a dependency in an override file: drop those the override lists
  # in x-omit-services, every depends_on naming them, and the volumes nothing uses any more.
  /usr/bin/python3 - "$WORK/merged.yml" "$OVERRIDE" > "$WORK/compose.yml" <<'PY' || fail "could not drop the omitted services"
import sys, yaml
merged = yaml.safe_load(open(sys.argv[1]))
omit = set(yaml.safe_load(open(sys.argv[2])).get("x-omit-services", []))
services = {name: svc for name, svc in merged["services"].items() if name not in omit}
used = set()
for svc in services.values():
    deps = svc.get("depends_on")
    if isinstance(deps, dict):
        svc["depends_on"] = {d: c for d, c in deps.items() if d not in omit}
    elif isinstance(deps, list):
        svc["depends_on"] = [d for d in deps if d not in omit]
    if "depends_on" in svc and not svc["depends_on"]:
        del svc["depends_on"]
    for vol in svc.get("volumes", []):
        used.add(vol.get("source") if isinstance(vol, dict) else vol.split(":")[0])
merged["services"] = services
merged["volumes"] = {name: v for name, v in (merged.get("volumes") or {}).items() if name in used}
yaml.safe_dump(merged, sys.stdout, default_flow_style=False, sort_keys=False)
PY
  say "compose file: docker-compose.yml + $OVERRIDE, without $(/usr/bin/python3 -c 'import sys,yaml; print(", ".join(yaml.safe_load(open(sys.argv[1]))["x-omit-services"]))' "$OVERRIDE")"
}

project_containers() { podman ps -a --filter "label=com.docker.compose.project=$PROJECT" --format '{{.ID}}'; }
container_of() {
  podman ps -a --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1" --format '{{.ID}}' | head -n 1
}
health_of() { curl -fsS --unix-socket "$SOCK" "http://d/containers/$1/json" | jq -r '.State.Health.Status // "none"'; }

# Podman runs no health checks by itself without systemd; Docker runs each every `interval`. This loop
# does the same with `podman healthcheck run`, so the health states that docker-compose polls for
# depends_on: service_healthy change as they would under Docker (retries counted per interval, failures
# in the start period not counted).
drive_health_checks() {
  declare -A interval=() due=()
  local id now
  while [ -e "$WORK/health.run" ]; do
    now=$(date +%s)
    for id in $(podman ps --filter "label=com.docker.compose.project=$PROJECT" --format '{{.ID}}' 2>/dev/null); do
      if [ -z "${interval[$id]:-}" ]; then
        interval[$id]=$(podman inspect -f '{{if .Config.Healthcheck}}{{.Config.Healthcheck.Interval.Seconds}}{{else}}none{{end}}' "$id" 2>/dev/null || echo none)
        interval[$id]=${interval[$id]%%.*}
        due[$id]=$now
      fi
      [ "${interval[$id]}" = "none" ] && continue
      if [ "$now" -ge "${due[$id]}" ]; then
        due[$id]=$((now + ${interval[$id]:-10}))
        echo "$(date -u +%T) $id $(podman healthcheck run "$id" 2>&1 | tr '\n' ' ')" >> "$LOG_DIR/health.log"
      fi
    done
    sleep 1
  done
}

compose_up() {
  local t0=$SECONDS
  compose down -v --remove-orphans >/dev/null 2>&1 || true   # what an aborted earlier run left
  : > "$LOG_DIR/health.log"
  touch "$WORK/health.run"
  drive_health_checks &
  HEALTH_PID=$!
  say "docker-compose up (health-gated; timeout ${UP_TIMEOUT}s; health checks driven every interval)"
  timeout "$UP_TIMEOUT" env DOCKER_HOST="unix://$SOCK" docker-compose -p "$PROJECT" -f "$WORK/compose.yml" up -d --no-build \
    > "$LOG_DIR/compose-up.log" 2>&1 \
    || { cat "$LOG_DIR/compose-up.log" >&2; fail "docker-compose up failed or timed out (a dependency unhealthy?); see $LOG_DIR"; }
  # nothing waits for the gateway's health: wait here for every container
  local deadline=$((t0 + UP_TIMEOUT)) id pending
  while :; do
    pending=""
    for id in $(project_containers); do
      case "$(health_of "$id")" in
        healthy|none) ;;
        unhealthy) fail "$(podman inspect -f '{{.Name}}' "$id") is unhealthy; see $LOG_DIR" ;;
        *) pending+=" $(podman inspect -f '{{.Name}}' "$id")" ;;
      esac
    done
    [ -z "$pending" ] && break
    [ "$SECONDS" -lt "$deadline" ] || fail "not healthy within ${UP_TIMEOUT}s:$pending"
    sleep 2
  done
  timed "start-up until all healthy" $((SECONDS - t0))
  say "all $(project_containers | wc -l) containers healthy after $((SECONDS - t0)) s"
}

# ---------------------------------------------------------------- 5. container checks
check_containers() {
  local expected_uid svc id uid ro ports
  expected_uid=$(sed -n 's/^USER[[:space:]]\{1,\}\([0-9]\{1,\}\).*/\1/p' deploy/docker/Dockerfile.jvm | tail -n 1)
  [ -n "$expected_uid" ] || fail "deploy/docker/Dockerfile.jvm sets no numeric USER"
  for svc in "${SERVICES[@]}"; do
    id=$(container_of "$svc")
    [ -n "$id" ] || fail "no container for $svc"
    uid=$(podman exec "$id" awk '/^Uid:/ { print $2 }' /proc/1/status)
    [ "$uid" = "$expected_uid" ] || fail "$svc runs as uid $uid, not $expected_uid (the Dockerfile's USER)"
    ro=$(podman inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$id")
    [ "$ro" = "true" ] || fail "$svc: the root file system is not read-only (ReadonlyRootfs=$ro)"
    if podman exec "$id" sh -c 'echo x > /deployments/.write-test' 2>/dev/null; then
      fail "$svc: writing /deployments/.write-test succeeded on a read-only root file system"
    fi
    say "  $svc: uid $uid, read-only root file system (a write fails)"
  done
  for id in $(project_containers); do
    ports=$(podman port "$id" | tr '\n' ' ')
    svc=$(podman inspect -f '{{index .Config.Labels "com.docker.compose.service"}}' "$id")
    if [ "$svc" = gateway ]; then
      [[ "$ports" == *"127.0.0.1:$PORT"* ]] || fail "the gateway does not publish 127.0.0.1:$PORT (published: ${ports:-nothing})"
    elif [ -n "${ports// /}" ]; then
      fail "$svc publishes a port to the host: $ports"
    fi
  done
  say "  only the gateway publishes a port: 127.0.0.1:$PORT"
}

# ---------------------------------------------------------------- 6. the journey through the gateway
BASE="http://127.0.0.1:$PORT"
STATUS=""
# call METHOD PATH [curl args...]: the body goes to $WORK/body, the status to $STATUS
call() {
  local method="$1" path="$2"; shift 2
  STATUS=$(curl -sS --max-time 120 -o "$WORK/body" -w '%{http_code}' -X "$method" "$@" "$BASE$path") \
    || fail "$method $path: no answer from the gateway"
}
expect() { [ "$STATUS" = "$1" ] || fail "$2: HTTP $STATUS, expected $1: $(head -c 500 "$WORK/body")"; }

journey() {
  local t0=$SECONDS email password token doc status deadline answer
  email="compose-check-$(secret | head -c 12)@example.org"
  password="cc-$(secret | head -c 24)"
  call POST /api/auth/register -H 'Content-Type: application/json' \
    -d "$(jq -n --arg e "$email" --arg p "$password" '{email: $e, password: $p, displayName: "compose check"}')"
  expect 201 "register"
  call POST /api/auth/login -H 'Content-Type: application/json' \
    -d "$(jq -n --arg e "$email" --arg p "$password" '{email: $e, password: $p}')"
  expect 200 "login"
  token=$(jq -r .accessToken "$WORK/body")
  cat > "$WORK/lighthouse.txt" <<'EOF'
The Eddystone Lighthouse stands on the Eddystone Rocks, fourteen kilometres south-west of Rame Head in
Cornwall. The present tower, the fourth on the site, was designed by James Douglass and first lit in
1882. Its light can be seen from a distance of twenty-two nautical miles.
EOF
  call POST /api/documents -H "Authorization: Bearer $token" -F "file=@$WORK/lighthouse.txt;type=text/plain"
  expect 202 "upload"
  doc=$(jq -r .id "$WORK/body")
  deadline=$((SECONDS + INDEX_TIMEOUT))
  while :; do
    call GET "/api/documents/$doc" -H "Authorization: Bearer $token"
    expect 200 "document status"
    status=$(jq -r .status "$WORK/body")
    [ "$status" = indexed ] && break
    [ "$status" = failed ] && fail "indexing failed: $(cat "$WORK/body")"
    [ "$SECONDS" -lt "$deadline" ] || fail "the document was not indexed within ${INDEX_TIMEOUT}s (status $status)"
    sleep 1
  done
  say "  register, login, upload: indexed after $((SECONDS - t0)) s"
  call POST /api/chat -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"question": "Who designed the Eddystone Lighthouse?"}'
  expect 200 "chat"
  jq -e '(.mode | type == "string") and (.citations | length > 0)' "$WORK/body" >/dev/null \
    || fail "the answer has no mode or no citations: $(head -c 500 "$WORK/body")"
  jq -e --arg d "$doc" 'any(.citations[]; .documentId == $d)' "$WORK/body" >/dev/null \
    || fail "no citation points at the uploaded document: $(head -c 500 "$WORK/body")"
  answer=$(jq -r '"mode \(.mode), \(.citations | length) citation(s): \(.answer[0:80])"' "$WORK/body")
  say "  chat: $answer"
  call POST /api/auth/logout -H "Authorization: Bearer $token"
  expect 204 "logout"
  call GET /api/auth/me -H "Authorization: Bearer $token"
  expect 401 "the logged-out token on GET /api/auth/me"
  say "  logout: the same token now gets 401"
  timed "journey through the gateway" $((SECONDS - t0))
}

# ---------------------------------------------------------------- 7. teardown and report
image_sizes() {
  local image
  for image in "$JAVA_BASE" "$POSTGRES_IMAGE" "$REDIS_IMAGE" "${SERVICES[@]/#/$IMAGE_PREFIX/}"; do
    [[ "$image" == *:* ]] || image="$image:$IMAGE_TAG"
    podman image exists "$image" || continue
    printf '  %-42s %6d MB\n' "$image" "$(( $(podman image inspect -f '{{.Size}}' "$image") / 1000000 ))"
  done
}

teardown() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  if [ -n "$HEALTH_PID" ]; then rm -f "$WORK/health.run"; kill "$HEALTH_PID" 2>/dev/null; wait "$HEALTH_PID" 2>/dev/null; fi
  if [ -n "$PODMAN_SERVICE_PID" ] && [ -n "$WORK" ] && [ -s "$WORK/compose.yml" ]; then
    local id name
    for id in $(project_containers); do
      name=$(podman inspect -f '{{index .Config.Labels "com.docker.compose.service"}}' "$id")
      podman logs "$id" > "$LOG_DIR/$name.log" 2>&1
    done
    if [ "${RAG_COMPOSE_KEEP:-0}" = "1" ] && [ "$status" = 0 ]; then
      say "left running (RAG_COMPOSE_KEEP=1): $BASE; tear down with deploy/compose/compose-check.sh --down"
      cp "$WORK/compose.yml" "$LOG_DIR/compose.yml"
    else
      local t0=$SECONDS
      compose down -v --remove-orphans --timeout 30 > "$LOG_DIR/compose-down.log" 2>&1 \
        || say "docker-compose down failed; see $LOG_DIR/compose-down.log"
      say "torn down (containers, network, volumes) in $((SECONDS - t0)) s; container logs in $LOG_DIR"
    fi
  fi
  if [ -n "$PODMAN_SERVICE_PID" ]; then kill "$PODMAN_SERVICE_PID" 2>/dev/null; wait "$PODMAN_SERVICE_PID" 2>/dev/null; fi
  [ -n "$WORK" ] && rm -rf "$WORK"
  if [ ${#TIMINGS[@]} -gt 0 ]; then
    say "timings:"
    [ -n "${RAG_COMPOSE_PACKAGE_SECONDS:-}" ] && printf '  %-34s %6d s\n' "./mvnw package (if stale)" "$RAG_COMPOSE_PACKAGE_SECONDS"
    printf '  %s\n' "${TIMINGS[@]}"
    printf '  %-34s %6d s\n' "total (this script)" $((SECONDS - STARTED))
    say "image sizes:"
    image_sizes
  fi
  if [ "$status" = 0 ]; then [ ${#TIMINGS[@]} -gt 0 ] && say "PASSED"; else printf '\033[31m[compose-check] exit status %s\033[0m\n' "$status" >&2; fi
  exit "$status"
}

down_only() {
  start_podman_service
  WORK=$(mktemp -d /tmp/rag-compose-check.XXXXXX)
  [ -s "$LOG_DIR/compose.yml" ] || fail "no kept stack ($LOG_DIR/compose.yml is missing)"
  cp "$LOG_DIR/compose.yml" "$WORK/compose.yml"
  RAG_COMPOSE_KEEP=0
  exit 0
}

main() {
  [ "$(id -u)" = 0 ] || fail "needs root (rootful podman, debootstrap, apt-get)"
  trap teardown EXIT
  trap 'exit 130' INT TERM
  install_tools
  mkdir -p "$CACHE/rootfs" "$LOG_DIR"
  if [ "${1:-}" = "--down" ]; then down_only; fi
  start_podman_service
  build_base_images
  build_service_images
  write_compose_file
  compose_up
  say "checking the service containers"
  check_containers
  say "the journey through the gateway at $BASE"
  journey
}

main "$@"
