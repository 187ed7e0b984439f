#!/bin/sh
# The part of the UBI image's run-java.sh that deploy/docker/Dockerfile.jvm relies on: the heap as a
# share of the container's memory limit (JAVA_MAX_RAM_RATIO percent), JAVA_OPTS and JAVA_OPTS_APPEND,
# then `java -jar $JAVA_APP_JAR` as PID 1 (exec), so that SIGTERM reaches the JVM's graceful shutdown.
set -eu
: "${JAVA_APP_JAR:?JAVA_APP_JAR names the jar to run}"
# shellcheck disable=SC2086 # the option variables are lists of words
exec java ${JAVA_MAX_RAM_RATIO:+-XX:MaxRAMPercentage=$JAVA_MAX_RAM_RATIO} ${JAVA_OPTS:-} ${JAVA_OPTS_APPEND:-} \
  -jar "$JAVA_APP_JAR" ${JAVA_ARGS:-} "$@"
