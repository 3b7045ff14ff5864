#!/bin/bash
# contrib/loki/tsnorm-loki-push against tests/checks/loki_receiver.py, a
# local stand-in that answers like Loki's push endpoint (204; 400 with a text
# body; 429; 503).  Not against Loki itself, which cannot be installed here.
#
#   loki_push.sh SOURCE_DIR [TSNORM]
#
# With TSNORM (the built program), also the whole way: tsnorm --output loki
# on the bundled sample, pushed, every entry arriving once.
#
# Exit 0 all checks passed, 1 a check failed, 77 skipped (no curl or python3).
set -u -o pipefail
unset LOKI_URL LOKI_TENANT LOKI_USER LOKI_PASSWORD JQ

src=${1:?usage: loki_push.sh SOURCE_DIR [TSNORM]}
tsnorm=${2:-}
push=$src/contrib/loki/tsnorm-loki-push
receiver=$src/tests/checks/loki_receiver.py
bodies=$src/tests/checks/loki-bodies.jsonl

for tool in curl python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "loki_push: SKIP: $tool not installed"
		exit 77
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/loki_push.XXXXXX") || exit 1
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok: $1"; }
bad() { failed=$((failed + 1)); echo "FAILED: $1"; }
check() { # check DESCRIPTION COMMAND...
	local what=$1; shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}

# start a receiver in $tmp/$1 answering with the lines of $2; sets $url
start_receiver() {
	local dir=$tmp/$1 i
	mkdir -p "$dir"
	printf '%s\n' "$2" >"$dir/answers"
	python3 "$receiver" "$dir/port" "$dir" "$dir/answers" 60 &
	pids+=($!)
	for i in $(seq 200); do
		[[ -s $dir/port ]] && break
		sleep 0.05
	done
	[[ -s $dir/port ]] || { echo "loki_push: the receiver did not start"; exit 1; }
	url="http://127.0.0.1:$(cat "$dir/port")/loki/api/v1/push"
}

requests() { find "$tmp/$1" -name '*.body' | wc -l; }

# line $2 of the fixture without its newline is request $3's body, byte for byte
same_body() { cmp -s <(sed -n "${2}{p;q}" "$bodies" | head -c -1) "$tmp/$1/$3.body"; }
has_header() { grep -qxF "$2" "$tmp/$1/$3.head"; }

lines=$(grep -c . "$bodies")
fast=(--min-backoff 0.01 --max-backoff 0.05)

# 1. every batch accepted: each line arrives as one POST, byte for byte
start_receiver all-ok 204
LOKI_PASSWORD='s3cr"t\pw' "$push" --url "$url" --tenant team-a --user alice "${fast[@]}" \
	"$bodies" >"$tmp/all-ok.out" 2>"$tmp/all-ok.err"
rc=$?
check "all accepted: exit 0" [ "$rc" -eq 0 ]
check "all accepted: one request per line ($lines)" [ "$(requests all-ok)" -eq "$lines" ]
for i in $(seq "$lines"); do
	check "all accepted: body $i byte-identical" same_body all-ok "$i" "$i"
	check "all accepted: request $i is a POST to the push path" has_header all-ok "POST /loki/api/v1/push" "$i"
	check "all accepted: request $i Content-Type" has_header all-ok "Content-Type: application/json" "$i"
	check "all accepted: request $i tenant header" has_header all-ok "X-Scope-OrgID: team-a" "$i"
	check "all accepted: request $i basic auth" has_header all-ok \
		"Authorization: Basic $(printf '%s' 'alice:s3cr"t\pw' | base64 -w0)" "$i"
done
check "all accepted: nothing on stdout" [ ! -s "$tmp/all-ok.out" ]
check "all accepted: one report line per batch" [ "$(grep -c ': batch [0-9]*: .* 204 accepted' "$tmp/all-ok.err")" -eq "$lines" ]
check "all accepted: entries counted (3 1 3 2)" grep -q '4 batches, 9 entries: 4 accepted (9 entries), 0 refused' "$tmp/all-ok.err"
check "all accepted: the password is not in the report" bash -c '! grep -q s3cr "$1"' _ "$tmp/all-ok.err"

# 2. the same counts without jq (grep counts the [timestamp, line] pairs)
start_receiver no-jq 204
JQ=/nonexistent/jq "$push" --url "$url" "$bodies" 2>"$tmp/no-jq.err"
check "without jq: same entry counts" grep -q '4 batches, 9 entries: 4 accepted (9 entries)' "$tmp/no-jq.err"

# 3. one batch refused, one rate limited then accepted
start_receiver mixed "204
400 entry with timestamp 2024-05-30 12:35:00 +0000 UTC ignored, reason: 'entry out of order' for stream: {container=\"nginx\"}
429 Ingestion rate limit exceeded
204"
"$push" --url "$url" "${fast[@]}" <"$bodies" 2>"$tmp/mixed.err"
rc=$?
check "refused batch: exit 1" [ "$rc" -eq 1 ]
check "429: the batch is sent again (5 requests for 4 lines)" [ "$(requests mixed)" -eq 5 ]
check "429: the resend is the same body" same_body mixed 3 4
check "429: the batch after it follows" same_body mixed 4 5
check "400: Loki's text is reported" grep -q "batch 2: 1 entries: 400 refused: .*'entry out of order'" "$tmp/mixed.err"
check "429: the wait is reported" grep -q 'batch 3: 3 entries: 429: Ingestion rate limit exceeded; resend 1/5' "$tmp/mixed.err"
check "429: then accepted" grep -q 'batch 3: 3 entries: 204 accepted after 1 resend' "$tmp/mixed.err"
check "summary counts the refused batch" grep -q '4 batches, 9 entries: 3 accepted (8 entries), 1 refused (1 entries)' "$tmp/mixed.err"

# 4. 5xx until the retries run out: refused, bounded
start_receiver down 503
"$push" --url "$url" --retries 2 "${fast[@]}" - <<<"$(head -n 1 "$bodies")" 2>"$tmp/down.err"
rc=$?
check "503 throughout: exit 1" [ "$rc" -eq 1 ]
check "503 throughout: 1 + 2 resends" [ "$(requests down)" -eq 3 ]
check "503 throughout: reported" grep -q 'not accepted after 2 resend' "$tmp/down.err"

# 5. nothing listens: exit 2, and the rest is not sent
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$push" --url "http://127.0.0.1:$port/loki/api/v1/push" --retries 1 "${fast[@]}" "$bodies" 2>"$tmp/unreachable.err"
rc=$?
check "unreachable: exit 2" [ "$rc" -eq 2 ]
check "unreachable: stops at the first batch" grep -q 'batch 1: 3 entries: not delivered: .*gave up after 1 resend' "$tmp/unreachable.err"
check "unreachable: says what was not sent" grep -q 'not reached: batch 1 and everything after it not sent' "$tmp/unreachable.err"

# 6. dry run: nothing sent, the lines copied, bad lines found (with jq)
start_receiver dry 204
"$push" --url "$url" --dry-run "$bodies" >"$tmp/dry.out" 2>"$tmp/dry.err"
rc=$?
check "dry run: exit 0" [ "$rc" -eq 0 ]
check "dry run: no request" [ "$(requests dry)" -eq 0 ]
check "dry run: the lines on stdout" cmp -s "$bodies" "$tmp/dry.out"
check "dry run: says what it would send" grep -q 'batch 3: 3 entries, streams: .*would POST to' "$tmp/dry.err"
if command -v jq >/dev/null 2>&1; then
	printf '%s\n' '{"streams":[]}' 'not json' '{"values":[]}' >"$tmp/invalid.jsonl"
	"$push" --url "$url" --dry-run "$tmp/invalid.jsonl" >/dev/null 2>"$tmp/dry-bad.err"
	rc=$?
	check "dry run: a line that is not a push body gives exit 1" [ "$rc" -eq 1 ]
	check "dry run: both bad lines named" [ "$(grep -c 'not a push body' "$tmp/dry-bad.err")" -eq 2 ]
	check "dry run, bad lines: still no request" [ "$(requests dry)" -eq 0 ]
else
	echo "note: jq not installed, dry-run validation not checked"
fi

# 7. usage errors: exit 2, nothing sent
"$push" --url "$url" --no-such-option "$bodies" 2>/dev/null
check "unknown option: exit 2" [ $? -eq 2 ]
"$push" --url "$url" "$tmp/missing.jsonl" 2>/dev/null
check "missing file: exit 2" [ $? -eq 2 ]
"$push" --url "$url" --user bob "$bodies" 2>/dev/null </dev/null
check "--user without LOKI_PASSWORD: exit 2" [ $? -eq 2 ]
"$push" --url "ftp://x" "$bodies" 2>/dev/null
check "not an http URL: exit 2" [ $? -eq 2 ]
check "usage errors: no request" [ "$(requests dry)" -eq 0 ]
"$push" --help >/dev/null
check "--help: exit 0" [ $? -eq 0 ]

# 8. the whole way: tsnorm's own bodies for the bundled sample, small batches
if [[ -n $tsnorm ]] && command -v jq >/dev/null 2>&1; then
	sample=$src/contrib/sample/docker-sample.log
	"$tsnorm" --output loki --batch-lines 7 --label env=test "$sample" >"$tmp/e2e.jsonl"
	check "tsnorm --output loki: exit 0" [ $? -eq 0 ]
	nb=$(wc -l <"$tmp/e2e.jsonl")
	start_receiver e2e 204 # the last answer repeats
	"$push" --url "$url" "${fast[@]}" "$tmp/e2e.jsonl" >/dev/null 2>"$tmp/e2e.err"
	check "tsnorm bodies: all accepted" [ $? -eq 0 ]
	check "tsnorm bodies: one request per body ($nb)" [ "$(requests e2e)" -eq "$nb" ]
	# one entry per sample line (the sample has no split messages)
	entries=$(cat "$tmp"/e2e/*.body | jq -s '[.[].streams[].values | length] | add')
	check "tsnorm bodies: one entry per sample line" [ "$entries" -eq "$(wc -l <"$sample")" ]
	check "tsnorm bodies: every stream labelled env=test" \
		[ "$(cat "$tmp"/e2e/*.body | jq -s '[.[].streams[].stream | select(.env != "test")] | length')" -eq 0 ]
else
	echo "note: no tsnorm given or no jq: the whole-way case not run"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
