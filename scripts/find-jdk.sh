# Sourced by ./warden, ./build and .ci/run: sets JAVA_HOME to a JDK 21 or newer.
# Keeps JAVA_HOME when it is new enough; otherwise picks the newest JDK (one with javac)
# under the system's JVM folders. Prints a clear message and returns 1 when there is none.

warden_java_major() {
  # The feature version of the JDK at $1 (e.g. 25), from its release file or `java -version`.
  local home=$1 v=""
  if [ -r "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$v" ] && [ -x "$home/bin/java" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  v=${v#1.}
  v=${v%%[.+-]*}
  case "$v" in ''|*[!0-9]*) echo 0 ;; *) echo "$v" ;; esac
}

warden_find_jdk() {
  local min=21 best="" best_v=0 dir v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(warden_java_major "$JAVA_HOME")
    if [ "$v" -ge "$min" ]; then
      export JAVA_HOME
      return 0
    fi
  fi
  for dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$dir/bin/javac" ] || continue
    v=$(warden_java_major "$dir")
    if [ "$v" -ge "$min" ] && [ "$v" -gt "$best_v" ]; then
      best=$dir
      best_v=$v
    fi
  done
  if [ -z "$best" ]; then
    echo "warden: no JDK $min or newer found." >&2
    echo "  JAVA_HOME is '${JAVA_HOME:-unset}' and /usr/lib/jvm holds none with javac >= $min." >&2
    echo "  Install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 25) or set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME=$(cd "$best" && pwd -P)
  export JAVA_HOME
}
