#!/bin/sh
# fuzz.sh SRCDIR WORKDIR — the libFuzzer check that ctest runs (label "extra").
# Builds the harnesses of tests/fuzz with clang in WORKDIR, replays every
# input in tests/fuzz/regressions, then runs each harness for
# TSNORM_FUZZ_SECONDS (default 60) seconds from seeds made out of the golden
# tests and the bundled sample.  Exits 77 (ctest: skipped) without clang or
# its libFuzzer runtime (Debian: clang, libclang-rt-14-dev).
#
# Longer runs, by hand:  TSNORM_FUZZ_SECONDS=600 tests/checks/fuzz.sh . build/fuzz
# The corpus grows in WORKDIR/corpus/<harness> and is reused by later runs.
set -eu
src=$(cd "$1" && pwd)
work=$2
secs=${TSNORM_FUZZ_SECONDS:-60}
cc=${TSNORM_FUZZ_CC:-clang}
mkdir -p "$work"
work=$(cd "$work" && pwd)

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "fuzz.sh: $cc not found (apt-get install clang libclang-rt-14-dev): skipped"
	exit 77
fi
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
	>"$work/probe.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$work/probe.c" -o "$work/probe" >"$work/probe.log" 2>&1; then
	cat "$work/probe.log"
	echo "fuzz.sh: $cc cannot link libFuzzer with ASan/UBSan (apt-get install libclang-rt-14-dev): skipped"
	exit 77
fi

b=$work/build
CC=$cc cmake -S "$src" -B "$b" -DTSNORM_FUZZ=ON -DTSNORM_TESTS=OFF -DTSNORM_WERROR=ON >"$work/configure.log" ||
	{ cat "$work/configure.log"; exit 1; }
cmake --build "$b" -j2

# seeds: one line each (docker, formats: also every family's example), whole
# files behind option bytes (pipeline), gzip made by the real gzip (gzip)
seeds=$work/seeds
rm -rf "$seeds"
mkdir -p "$seeds/docker" "$seeds/formats" "$seeds/pipeline" "$seeds/gzip"
inputs="$src/tests/golden/*.in $src/contrib/sample/docker-sample.log"
i=0
# shellcheck disable=SC2086
cat $inputs | while IFS= read -r line; do
	i=$((i + 1))
	printf '%s' "$line" >"$seeds/docker/line$i"
	printf '%s' "$line" >"$seeds/formats/line$i"
done
"$b/tsnorm" --list-formats | grep -v '^ *->' | sed -E 's/^[a-z0-9-]+ +//' | {
	i=0
	while IFS= read -r line; do
		i=$((i + 1))
		printf '%s' "$line" >"$seeds/formats/example$i"
	done
}
for f in $inputs; do
	n=$(basename "$f")
	# option bytes: each --input mode, --no-join, --time-string, --annotate,
	# a 256-byte --max-line, the jansson-only path
	for o in 00 01 02 03 04 08 09 0a 18 30 48 80; do
		{ printf "\\$(printf '%03o' "0x$o")"; cat "$f"; } >"$seeds/pipeline/$n.$o"
	done
	gzip -9c "$f" >"$work/seed.gz"
	{ printf '\000'; cat "$work/seed.gz"; } >"$seeds/gzip/$n.gz"
	{ printf '\000'; cat "$work/seed.gz" "$work/seed.gz"; } >"$seeds/gzip/$n.2.gz"
	{ printf '\000'; head -c 40 "$work/seed.gz"; } >"$seeds/gzip/$n.truncated.gz"
	{ printf '\000'; cat "$work/seed.gz"; printf 'xx'; } >"$seeds/gzip/$n.garbage.gz"
	{ printf '\000'; cat "$f"; } >"$seeds/gzip/$n.plain"
done

status=0
# regressions: NAME is "<harness>-what", e.g. docker-nul-in-attrs-key
for r in "$src"/tests/fuzz/regressions/*; do
	[ -f "$r" ] || continue
	h=fuzz_$(basename "$r" | cut -d- -f1)
	echo "== regression $(basename "$r") with $h"
	"$b/$h" "$r" >"$work/regression.log" 2>&1 || { cat "$work/regression.log"; status=1; }
done

mkdir -p "$work/artifacts"
for h in docker formats pipeline gzip; do
	case $h in
	pipeline) max=8192 ;;
	*) max=4096 ;;
	esac
	mkdir -p "$work/corpus/$h"
	echo "== fuzz_$h for $secs s"
	if "$b/fuzz_$h" -max_total_time="$secs" -max_len=$max -timeout=20 -rss_limit_mb=2560 \
		-print_final_stats=1 -artifact_prefix="$work/artifacts/$h-" \
		"$work/corpus/$h" "$seeds/$h" >"$work/$h.log" 2>&1; then
		grep -E '^stat::number_of_executed_units|^Done' "$work/$h.log" || true
	else
		tail -n 60 "$work/$h.log"
		echo "fuzz_$h FAILED: the input is in $work/artifacts/; copy it to"
		echo "tests/fuzz/regressions/$h-<what-it-is> and add a unit test"
		status=1
	fi
done
exit $status
