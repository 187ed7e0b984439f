# shellcheck shell=bash
# The JVM command line of a service (./rag up, restart; the supervisor in suite.sh): which java, the
# options every service gets, and the class-data archive that makes the next start faster. Sourced by
# suite.sh. docs/performance.md ("P5: start-up and memory") has the measurements behind each choice.
#
# Settings: RAG_JAVA_HOME (the JDK/JRE that runs the services; default: java on the PATH), RAG_CDS
# (auto, the default: use and make the archive; off: neither), RAG_JAVA_OPTS (appended last, so it
# overrides what is set here).
#
# The archive (AppCDS on Java 17-24, the AOT cache of JEP 483/514/515 on Java 25+) is made on this
# machine by the first run of a service after each build: that run records which classes it loaded (and,
# on 25+, how its methods ran), and its archive is written when it stops gracefully (./rag down, ./rag
# restart); every later start maps it. It lives in RAG_HOME/cache/cds (git-ignored), named after a hash of
# the java version, the service's jars (names, sizes, times) and the options, so a new build, another
# JDK or other options simply make a new one; those of older builds are removed as it is written. A JVM that cannot
# use an archive (damaged, from another JVM) says so in the service's log and starts without it; a run
# that used one and then crashed removes it, so a bad archive costs at most one restart.

# The java binary of the services.
service_java() {
  if [ -n "${RAG_JAVA_HOME:-}" ]; then
    [ -x "$RAG_JAVA_HOME/bin/java" ] || die "RAG_JAVA_HOME=$RAG_JAVA_HOME has no bin/java"
    echo "$RAG_JAVA_HOME/bin/java"
  else
    command -v java
  fi
}

# java_facts JAVA: sets JAVA_FACTS to what the suite needs to know of a java: [0] its feature version (17, 21,
# 25 ...), [1] "trim" when it takes -XX:TrimNativeHeapInterval as a product option (17.0.9+, 22+; a JVM refuses
# to start on an option it does not know) else "-", [2] its real path, then the lines of its `java -version`.
# Each question starts a JVM (~30 ms on a quiet machine, several times that while the services start beside
# it) and a start needs three answers, so they are asked once per JDK and kept in RAG_HOME/cache/java, named
# after a hash of the JDK's real path and its launcher's and libjvm's sizes and times (an upgraded or replaced
# JDK is asked again), and in this shell (and the subshells it starts) until another java is asked about.
java_facts() {
  local java="$1" real key dir file version
  [ "${JAVA_FACTS_OF:-}" != "$java" ] || return 0
  real=$(readlink -f "$java")
  key=$( { echo "$real"; stat -L -c '%s %Y' "$real" "$(dirname "$(dirname "$real")")"/lib/server/libjvm.so 2>/dev/null || true; } \
    | sha256sum | cut -c1-16)
  dir="$RAG_HOME/cache/java"
  file="$dir/$key"
  if [ ! -s "$file" ]; then
    version=$("$java" -version 2>&1) || die "$java does not run: $version"
    mkdir -p "$dir"
    {
      echo "$version" | awk -F'"' '/version/ {print $2; exit}' | sed 's/^1\.//' | cut -d. -f1 | cut -d- -f1
      if "$java" -XX:TrimNativeHeapInterval=5000 -version >/dev/null 2>&1; then echo trim; else echo -; fi
      echo "$real"
      echo "$version"
    } > "$file.$$"
    mv -f "$file.$$" "$file" # whole or not at all: the five supervisors of ./rag up may ask at once
  fi
  mapfile -t JAVA_FACTS < "$file"
  JAVA_FACTS_OF="$java"
}

# jvm_base_opts SERVICE: the options every start of SERVICE gets, before RAG_JAVA_OPTS (which come
# last, so they override these). G1 (the JVM's own choice on two cores) with a small initial heap and a
# periodic collection when idle (JEP 346): the heap may shrink back towards 32 MB after a burst, and an
# idle service gives the memory back within seconds instead of keeping its peak. That collection shrinks
# the heap to at most 20% free (MaxHeapFreeRatio; the JVM's default, 70%, kept 94-120 MB committed for a
# 34-39 MB live set), and a periodic malloc_trim (TrimNativeHeapInterval, where the JVM has it: 17.0.9+,
# 21.0.1+ as experimental, 22+) hands back the C heap the JVM and its libraries freed (24-36 MB a service).
# 10/20 are the free ratios Red Hat's OpenJDK container images set by default. The serial collector was
# measured too and kept more, not less, after a warm-up (docs/performance.md, P5).
jvm_base_opts() {
  echo "-Xmx$(heap_of "$1") -Xms32m -XX:G1PeriodicGCInterval=5000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20$(jvm_trim_opt)" \
    "-XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=$RAG_HOME/tmp$([ "$1" != vector-service ] || jvm_vector_opts)"
}

# jvm_vector_opts: on Java 21+, " --add-modules jdk.incubator.vector" and Lucene's permission to use it on this
# feature version (Lucene 9.12 trusts the incubator API up to Java 23 unless told otherwise): Lucene's vector
# distances then run as SIMD instructions (a 384-dimension dot product: 22 ns instead of 118 ns on the
# machine of docs/performance.md, "Lucene's vector code on JDK 25"), for vector-service and the bench's in-process
# index. Nothing on Java 17, which has no such API: Lucene's plain Java loops, as before.
jvm_vector_opts() {
  local feature
  java_facts "$(service_java)"
  feature=${JAVA_FACTS[0]}
  if [ "${feature:-0}" -ge 21 ]; then
    echo " --add-modules jdk.incubator.vector -Dorg.apache.lucene.vectorization.upperJavaFeatureVersion=$feature"
  fi
}

# jvm_trim_opt: " -XX:TrimNativeHeapInterval=5000" when the services' java takes it as a product option, else nothing
jvm_trim_opt() {
  java_facts "$(service_java)"
  if [ "${JAVA_FACTS[1]}" = trim ]; then
    echo " -XX:TrimNativeHeapInterval=5000"
  fi
}

# cds_key SERVICE JAVA OPTS...: what an archive of SERVICE depends on, hashed: "BUILD-JVM", where BUILD
# covers the service's jars (names, sizes, times), JVM the java (its path and version text) and the options
cds_key() {
  local svc="$1" java="$2"
  shift 2
  (cd "$svc/target/quarkus-app" && find . -type f \( -name '*.jar' -o -name '*.dat' \) -printf '%p %s %T@\n' | sort) \
    | sha256sum | cut -c1-12
  java_facts "$java"
  { printf '%s\n' "${JAVA_FACTS[@]:2}"; echo "$*"; } | sha256sum | cut -c1-12
}

# cds_plan SERVICE JAVA OPTS...: sets CDS_OPTS (the archive options of this start), CDS_FILE (the
# archive) and CDS_OUT (where this run writes one at its exit, empty when it uses one)
cds_plan() {
  local svc="$1" java="$2" feature dir key ext
  shift 2
  CDS_OPTS=() CDS_FILE="" CDS_OUT=""
  rm -f "$RAG_HOME/run/$svc.recording"
  [ "${RAG_CDS:-auto}" = "off" ] && return 0
  java_facts "$java"
  feature=${JAVA_FACTS[0]}
  dir="$RAG_HOME/cache/cds"
  mkdir -p "$dir"
  key=$(cds_key "$svc" "$java" "$@" | paste -sd-)
  if [ "${feature:-0}" -ge 25 ]; then ext=aot; else ext=jsa; fi
  CDS_FILE="$dir/$svc-$key.$ext"
  if [ -s "$CDS_FILE" ]; then
    if [ "$ext" = aot ]; then CDS_OPTS=(-XX:AOTCache="$CDS_FILE"); else CDS_OPTS=(-XX:SharedArchiveFile="$CDS_FILE"); fi
    return 0
  fi
  # no archive for this build, JVM and options: this run records one (written at its graceful exit)
  CDS_OUT="$CDS_FILE.$BASHPID.tmp"
  touch "$RAG_HOME/run/$svc.recording"
  rm -f "$dir/$svc"-*."$ext".*.tmp "$dir/$svc"-*."$ext".*.tmp.config
  if [ "$ext" = aot ]; then CDS_OPTS=(-XX:AOTCacheOutput="$CDS_OUT"); else CDS_OPTS=(-XX:ArchiveClassesAtExit="$CDS_OUT"); fi
}

# cds_after SERVICE EXIT_CODE: after the JVM of a start planned by cds_plan has exited
cds_after() {
  local svc="$1" code="$2"
  [ -n "$CDS_FILE" ] || return 0
  if [ -n "$CDS_OUT" ]; then
    rm -f "$RAG_HOME/run/$svc.recording"
    case "$code" in
      0|130|143)
        if [ -s "$CDS_OUT" ]; then
          # the new archive replaces those of other builds (those of other JVMs and options stay)
          local build
          build=$(basename "$CDS_FILE" | sed "s/^$svc-//" | cut -d- -f1)
          find "$RAG_HOME/cache/cds" -maxdepth 1 -name "$svc-*" ! -name "$svc-$build-*" -type f -delete
          mv -f "$CDS_OUT" "$CDS_FILE"
          echo "$(date -u +%FT%TZ) $svc: class-data archive written ($(du -k "$CDS_FILE" | cut -f1) KB, $(basename "$CDS_FILE")); used from its next start on" >> "$RAG_HOME/logs/supervisor.log"
        fi ;;
    esac
    rm -f "$CDS_OUT" "$CDS_OUT.config" # .config: the JDK 25 training run's own temporary file
  else
    case "$code" in
      0|130|143) ;;
      *) # it crashed with the archive mapped: never again with this one (the next start records a new one)
        rm -f "$CDS_FILE"
        echo "$(date -u +%FT%TZ) $svc exited with code $code while using $(basename "$CDS_FILE"); archive removed" >> "$RAG_HOME/logs/supervisor.log" ;;
    esac
  fi
}

# jvm_describe: one line on how the services' JVMs run (./rag bench's P5 records it)
jvm_describe() {
  local java feature archive
  java=$(service_java)
  java_facts "$java"
  feature=${JAVA_FACTS[0]}
  if [ "${RAG_CDS:-auto}" = "off" ]; then archive="none (RAG_CDS=off)"
  elif [ "${feature:-0}" -ge 25 ]; then archive="AOT cache (JEP 483/514/515)"
  else archive="AppCDS (dynamic archive)"; fi
  echo "java $(printf '%s\n' "${JAVA_FACTS[@]:3}" | awk -F'"' '/version/ {print $2; exit}') ($java), $(jvm_base_opts SERVICE | sed 's/-Xmx[^ ]* //; s/ -XX:+ExitOnOutOfMemoryError.*//'), class-data archive: $archive, RAG_JAVA_OPTS: ${RAG_JAVA_OPTS:-none}"
}

# proc_tree PID: PID and every process started below it, one per line (a service's JVM and the processes
# it runs: ingest-service's parser JVMs), for CPU and memory figures that count what a service costs
proc_tree() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2 }
    END {
      inside[root] = 1; print root
      do {
        grew = 0
        for (p in parent) if (!(p in inside) && (parent[p] in inside)) { inside[p] = 1; print p; grew = 1 }
      } while (grew)
    }'
}

# tree_cpu_ms PID: CPU time (user + system, ms) used so far by PID and the processes below it
tree_cpu_ms() {
  local p total=0 t
  for p in $(proc_tree "$1"); do
    t=$(awk -v t="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / t }' "/proc/$p/stat" 2>/dev/null) || continue
    total=$((total + ${t:-0}))
  done
  echo "$total"
}

# tree_rss_kb PID: "OWN ALL", the resident memory (VmRSS, kB) of PID alone and of PID with the processes
# below it, each process read once; nothing (and status 1) when PID has no VmRSS (gone)
tree_rss_kb() {
  local p own="" total=0 kb
  for p in $(proc_tree "$1"); do
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null) || continue
    [ "$p" = "$1" ] && own=$kb
    total=$((total + ${kb:-0}))
  done
  [ -n "$own" ] && echo "$own $total"
}

# stop_wait_rounds SERVICE: how many 0.5 s rounds ./rag down and restart wait for SERVICE's JVM to exit
# after SIGTERM before they kill it: 30 s, or 120 s while it records an archive (written as it exits:
# ~10 s for the gateway on a loaded machine with Java 17, longer for the AOT cache's assembly on JDK 25;
# a run killed meanwhile leaves no archive, and the next one would record again)
stop_wait_rounds() {
  if [ -f "$RAG_HOME/run/$1.recording" ]; then echo 240; else echo 60; fi
}
