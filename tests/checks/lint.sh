#!/bin/sh
# lint.sh SRCDIR WORKDIR — the static-analysis check that ctest runs (label
# "extra"), over filter/ and formats/; any finding fails.
#  - cppcheck with --enable=warning,performance,portability (its "style"
#    class is left out: opinions about variable scope, and false positives
#    on array stores it cannot follow);
#  - clang-tidy with the checks in the top-level .clang-tidy (the static
#    analyzer, bugprone, performance, portability; what is left out and why
#    is written there), against a compile_commands.json made in WORKDIR.
# A finding that is a false positive is suppressed where it is, with the
# reason (// cppcheck-suppress id, // NOLINT(check)).  Exits 77 (ctest:
# skipped) when neither tool is installed; with only one, runs that one and
# says so.
set -eu
src=$(cd "$1" && pwd)
work=$2
mkdir -p "$work"
work=$(cd "$work" && pwd)
cd "$src"
ran=0
status=0

if command -v cppcheck >/dev/null 2>&1; then
	ran=1
	echo "== $(cppcheck --version)"
	cppcheck --enable=warning,performance,portability --std=c11 --inline-suppr --quiet \
		--error-exitcode=1 -D_GNU_SOURCE -DTSNORM_VERSION='"0"' -I filter -I formats \
		filter formats || status=1
else
	echo "cppcheck not found (apt-get install cppcheck): not run"
fi

tidy=
for t in clang-tidy clang-tidy-14; do
	if command -v $t >/dev/null 2>&1; then
		tidy=$t
		break
	fi
done
if [ -n "$tidy" ]; then
	ran=1
	echo "== $($tidy --version | grep -i version)"
	cmake -S "$src" -B "$work/build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DTSNORM_TESTS=OFF \
		>"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
	# shellcheck disable=SC2046
	$tidy -p "$work/build" --quiet filter/*.c formats/*.c >"$work/tidy.log" 2>&1 || status=1
	grep -v -E '^[0-9]+ warnings? generated\.$' "$work/tidy.log" || true
else
	echo "clang-tidy not found (apt-get install clang-tidy): not run"
fi

if [ $ran -eq 0 ]; then
	echo "lint.sh: neither cppcheck nor clang-tidy installed: skipped"
	exit 77
fi
exit $status
