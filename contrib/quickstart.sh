#!/bin/sh
# quickstart.sh — from a fresh Debian/Ubuntu checkout to tsnorm running on the
# bundled sample: installs the build tools and the four libraries if missing,
# builds into build/, and prints the sample's output with --stats.
set -eu
cd "$(dirname "$0")/.."

PKGS="build-essential cmake pkg-config gzip tzdata libpcre2-dev libjansson-dev zlib1g-dev libcriterion-dev"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "quickstart: installing:$missing" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
echo "quickstart: build/tsnorm contrib/sample/docker-sample.log --stats" >&2
build/tsnorm --stats contrib/sample/docker-sample.log
