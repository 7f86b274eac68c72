#!/bin/sh
# Run every built fuzz target ($B/fuzz/fuzz_*) for FUZZ_SECONDS seconds
# (default 60) on a copy of its seed corpus tests/fuzz/corpus/<name>/,
# FUZZ_JOBS (default 2) at a time. Called by `make fuzz` and, as one
# suite, by scripts/run-tests.
#
#   tests/fuzz/run.sh [NAME...]      only these targets (e.g. csv json)
#
# The seeds are copied into a scratch folder first: what the fuzzer
# learns stays there and never lands in the repository. Leaks fail
# (-detect_leaks=1), and so does any ASan or UBSan report (UBSan does not
# recover); libFuzzer then exits non-zero and writes the input that did
# it to $B/fuzz/artifacts/<name>/ — reproduce with
# `$B/fuzz/fuzz_<name> FILE`, then add it to the corpus and, better, a
# unit test.
#
# Prints one TAP line per target ("ok N - fuzz/NAME" or "not ok ...")
# with the end of a failing target's log; exits non-zero if any failed.
set -u

cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
SECONDS_EACH=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-2}

if [ $# -gt 0 ]; then
	names="$*"
else
	names=""
	for src in tests/fuzz/fuzz_*.c; do
		[ -f "$src" ] || continue
		n=$(basename "$src" .c)
		names="$names ${n#fuzz_}"
	done
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/samplan-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM HUP

# run_one NAME: fuzz one target; its exit status lands in $WORK/NAME.rc.
run_one() {
	name=$1
	bin="$B/fuzz/fuzz_$name"
	log="$WORK/$name.log"
	if [ ! -x "$bin" ]; then
		echo "not built: $bin (make fuzzers)" >"$log"
		echo 1 >"$WORK/$name.rc"
		return
	fi
	corpus="$WORK/$name.corpus"
	mkdir -p "$corpus" "$B/fuzz/artifacts/$name"
	if [ -d "tests/fuzz/corpus/$name" ]; then
		cp -R "tests/fuzz/corpus/$name/." "$corpus/"
	fi
	ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1" \
	UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
		"$bin" -max_total_time="$SECONDS_EACH" -detect_leaks=1 \
		-timeout=20 -rss_limit_mb=2560 -print_final_stats=1 \
		-artifact_prefix="$B/fuzz/artifacts/$name/" \
		"$corpus" >"$log" 2>&1
	echo $? >"$WORK/$name.rc"
}

# A few at a time; each waits for its round.
set -- $names
total=$#
while [ $# -gt 0 ]; do
	pids=""
	i=0
	while [ $# -gt 0 ] && [ "$i" -lt "$JOBS" ]; do
		run_one "$1" &
		pids="$pids $!"
		shift
		i=$((i + 1))
	done
	for p in $pids; do
		wait "$p"
	done
done

n=0
failed=0
for name in $names; do
	n=$((n + 1))
	rc=$(cat "$WORK/$name.rc" 2>/dev/null || echo 1)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/$name.log")
	if [ "$rc" -eq 0 ]; then
		echo "ok $n - fuzz/$name (${runs:-?} runs in ${SECONDS_EACH}s)"
	else
		failed=$((failed + 1))
		echo "not ok $n - fuzz/$name (exit status $rc)"
		tail -n 60 "$WORK/$name.log" | sed 's/^/#   /'
	fi
done
echo "1..$total"
[ "$failed" -eq 0 ]
