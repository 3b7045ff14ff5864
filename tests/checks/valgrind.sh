#!/bin/sh
# valgrind.sh SRCDIR TSNORM — the valgrind check that ctest runs (label
# "extra"): the built program under valgrind (memcheck, every leak kind
# counted, any error fails) on every golden pair of tests/golden, read as a
# file, from a pipe and gzip-compressed, as test_cli does; the output must
# equal NAME.out.  Exits 77 (ctest: skipped) without valgrind.
set -eu
src=$(cd "$1" && pwd)
tsnorm=$2
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind.sh: valgrind not found (apt-get install valgrind): skipped"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
vg="valgrind -q --error-exitcode=1 --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all"
status=0
for in in "$src"/tests/golden/*.in; do
	name=$(basename "$in" .in)
	want=${in%.in}.out
	[ -f "$want" ] || continue
	# the options each pair is run with (tests/golden/README.md)
	case $name in
	formats) opts=--annotate ;;
	*) opts= ;;
	esac
	gzip -c "$in" >"$tmp/$name.gz"
	for how in file pipe gzip; do
		rc=0
		case $how in
		file) $vg "$tsnorm" $opts "$in" >"$tmp/out" 2>"$tmp/err" || rc=$? ;;
		pipe) $vg "$tsnorm" $opts <"$in" >"$tmp/out" 2>"$tmp/err" || rc=$? ;;
		gzip) $vg "$tsnorm" $opts "$tmp/$name.gz" >"$tmp/out" 2>"$tmp/err" || rc=$? ;;
		esac
		if [ $rc -ne 0 ] || ! cmp -s "$tmp/out" "$want"; then
			echo "FAIL $name ($how): exit $rc"
			cat "$tmp/err"
			diff "$want" "$tmp/out" | head -20 || true
			status=1
		else
			echo "ok   $name ($how)"
		fi
	done
done
exit $status
