#!/bin/sh
# zlib_build.sh SRCDIR BINDIR — the zlib build stays the reference: configure
# tsnorm with -DTSNORM_ISAL=OFF in BINDIR/zlib-build and run its whole test
# suite (but for the "extra" checks, this one among them).  Registered in
# tests/CMakeLists.txt with the label "extra"; exits 77 (skipped) when cmake
# or ctest cannot be found.
set -eu
src=$1
bin=$2
command -v cmake > /dev/null 2>&1 || { echo "cmake not found: skipped"; exit 77; }
command -v ctest > /dev/null 2>&1 || { echo "ctest not found: skipped"; exit 77; }
dir="$bin/zlib-build"
cmake -S "$src" -B "$dir" -DTSNORM_ISAL=OFF -DTSNORM_WERROR=ON > "$dir.configure.log" 2>&1 || {
	cat "$dir.configure.log"
	exit 1
}
grep -q "gzip inflate: zlib" "$dir.configure.log" || { echo "the zlib build did not pick zlib"; exit 1; }
cmake --build "$dir" -j "$(nproc 2> /dev/null || echo 2)"
"$dir/tsnorm" --version | grep -q "^gzip inflate: zlib" || { echo "tsnorm --version does not say zlib"; exit 1; }
ctest --test-dir "$dir" --output-on-failure -LE extra
