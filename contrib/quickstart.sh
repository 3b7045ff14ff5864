#!/bin/sh
# quickstart.sh — from a fresh Debian/Ubuntu checkout to tsnorm running on the
# bundled sample: installs the build tools and the four libraries if missing
# (and, as far as the distribution has them, ISA-L and the tools the test
# suite's extra checks use), builds into build/, and prints the sample's
# output with --stats.
set -eu
cd "$(dirname "$0")/.."

PKGS="build-essential cmake pkg-config gzip tzdata libpcre2-dev libjansson-dev zlib1g-dev libcriterion-dev"
# optional: the fast inflate, and what the extra checks use (.ci/run's list;
# a check whose tool is missing shows as skipped)
EXTRA="libisal-dev curl python3 jq clang libclang-rt-14-dev valgrind cppcheck clang-tidy"
absent() {
	out=""
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || out="$out $p"
	done
	echo "$out"
}
missing=$(absent $PKGS)
extra=$(absent $EXTRA)
if [ -n "$missing$extra" ]; then
	echo "quickstart: installing:$missing$extra" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update
	[ -z "$missing" ] || $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
	if [ -n "$extra" ] &&
	   ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y $extra; then
		echo "quickstart: some optional packages are not available here:$extra;" \
		     "tsnorm builds without them, and the checks that need them show as skipped" >&2
	fi
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
echo "quickstart: build/tsnorm contrib/sample/docker-sample.log --stats" >&2
build/tsnorm --stats contrib/sample/docker-sample.log
