#!/bin/sh
# sanitize.sh SRCDIR WORKDIR — the sanitizer check that ctest runs (label
# "extra"): configures the "asan" preset of CMakePresets.json (every target
# built with AddressSanitizer and UndefinedBehaviorSanitizer, warnings as
# errors) in WORKDIR, builds it, and runs the whole ctest suite there except
# the "extra" checks.  Exits 77 (ctest: skipped) when the compiler cannot
# link a sanitized program.
#
# By hand:  cmake --preset asan && cmake --build --preset asan && ctest --preset asan
set -eu
src=$(cd "$1" && pwd)
work=$2
mkdir -p "$work"
work=$(cd "$work" && pwd)
cc=${CC:-cc}

printf 'int main(void) { return 0; }\n' >"$work/probe.c"
if ! "$cc" -fsanitize=address,undefined "$work/probe.c" -o "$work/probe" >"$work/probe.log" 2>&1 ||
	! "$work/probe" >>"$work/probe.log" 2>&1; then
	cat "$work/probe.log"
	echo "sanitize.sh: $cc cannot build and run a program with -fsanitize=address,undefined: skipped"
	exit 77
fi

cd "$src"
cmake --preset asan -B "$work/build" >"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" -j2
# leaks are errors too; UBSan findings abort (-fno-sanitize-recover)
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	ctest --test-dir "$work/build" -LE extra --output-on-failure -j2
