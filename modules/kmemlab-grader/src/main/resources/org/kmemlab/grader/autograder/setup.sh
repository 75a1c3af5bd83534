#!/usr/bin/env bash
# kmemlab's Gradescope autograder setup (made by `kmemlab autograder`). Gradescope runs `bash setup.sh` once, in
# /autograder/source, when it builds the autograder image. It installs only what the image lacks:
#   - a JDK 17 (openjdk-17-jdk-headless, from the Ubuntu archive) when there is no java 17 or newer;
#   - Maven (the maven package) when there is no mvn: the grader builds Maven project submissions with it;
# then puts the bundled kmemlab-api jar into the local Maven repository (a student's plugin project depends on it,
# and it is on no public registry) and builds each Maven project of the assignment (a Java starter) once, so the
# Maven plugins and Guice come from Maven Central now and the graded builds run offline.
# AUTOGRADER_ROOT replaces /autograder; KMEMLAB_MAVEN_WARMUP=0 skips the starter builds.
set -euo pipefail

root="${AUTOGRADER_ROOT:-/autograder}"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# java.util.zip (which wrote this zip) cannot store unix permissions: make run_autograder executable here.
chmod +x "$src/run_autograder"
if [ ! -e "$root/run_autograder" ]; then
  cp "$src/run_autograder" "$root/run_autograder"
fi
chmod +x "$root/run_autograder"

java_major() {
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

missing=()
major="$(java_major 2>/dev/null || true)"
if ! command -v java >/dev/null 2>&1 || [ "${major:-0}" -lt 17 ]; then
  missing+=(openjdk-17-jdk-headless)
fi
if ! command -v mvn >/dev/null 2>&1; then
  missing+=(maven)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
  major="$(java_major 2>/dev/null || true)"
  if [ "${major:-0}" -lt 17 ]; then
    # maven may have pulled in an older default JDK: point java at 17
    for j in /usr/lib/jvm/java-17-openjdk-*/bin/java; do
      [ -x "$j" ] && update-alternatives --set java "$j" && break
    done
  fi
else
  echo "setup.sh: java ${major} and mvn already installed"
fi

# kmemlab-api in the local Maven repository, with a pom of its own (no parent) naming its one dependency
repo="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
version="$(tr -d '[:space:]' <"$src/kmemlab/VERSION")"
api="$src/kmemlab/lib/kmemlab-api-$version.jar"
if [ -f "$api" ]; then
  guice="$(ls "$src/kmemlab/lib" | sed -n 's/^guice-\(.*\)\.jar$/\1/p' | head -n 1)"
  dir="$repo/org/kmemlab/kmemlab-api/$version"
  mkdir -p "$dir"
  cp "$api" "$dir/kmemlab-api-$version.jar"
  cat >"$dir/kmemlab-api-$version.pom" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.kmemlab</groupId>
  <artifactId>kmemlab-api</artifactId>
  <version>$version</version>
  <dependencies>
    <dependency><groupId>com.google.inject</groupId><artifactId>guice</artifactId><version>${guice:-7.0.0}</version></dependency>
  </dependencies>
</project>
POM
  echo "setup.sh: installed org.kmemlab:kmemlab-api:$version in $repo"
else
  echo "setup.sh: warning: no kmemlab-api jar in the bundle; Maven project submissions will not build" >&2
fi

# warm the Maven repository: build a copy of every Maven project in the assignment (failures only warn)
if [ "${KMEMLAB_MAVEN_WARMUP:-1}" != "0" ] && command -v mvn >/dev/null 2>&1; then
  while IFS= read -r -d '' pom; do
    work="$(mktemp -d)"
    cp -R "$(dirname "$pom")/." "$work/"
    echo "setup.sh: building ${pom#"$src/"} once to fetch its Maven plugins and dependencies"
    if ! (cd "$work" && mvn -B -q -Dmaven.repo.local="$repo" -DskipTests package >/dev/null 2>&1); then
      echo "setup.sh: warning: ${pom#"$src/"} did not build; student builds will download what they need" >&2
    fi
    rm -rf "$work"
  done < <(find "$src/assignment" -name pom.xml -not -path '*/target/*' -print0)
fi
echo "setup.sh: done"
