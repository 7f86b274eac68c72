#!/bin/sh
# Browser tests: Chromium (Debian's /usr/bin/chromium, driven by
# playwright-core) against the real server on a fresh SQLite demo
# database, with axe-core on every page. Called by scripts/run-tests
# (make test); runs on its own too:
#
#   make && tests/e2e/run.sh            # or: B=build-e2e tests/e2e/run.sh
#
# Runs every tests/e2e/*.test.js (foundation.test.js: login, admin pages,
# language, keyboard; sip.test.js: a plan from need to established plan
# through the pages) against one server, numbering on from file to file.
#
# Builds nothing: expects $B/samplan (B defaults to build). Installs the
# node modules from package-lock.json (npm ci) when they are missing or
# older than the lock file. Prints TAP: one line per test and per page
# audited, then the server's own checks, then the plan "1..N".
# Screenshots go to tests/e2e/artifacts/ (not committed).
#
# Environment: B, CHROMIUM (default /usr/bin/chromium), E2E_KEEP=1 keeps
# the run's folder (database, server log) and prints where it is.
set -u

cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
E2E=tests/e2e
BIN="$B/samplan"
N=0
FAILED=0
SERVER_PID=""

RUN=$(mktemp -d "${TMPDIR:-/tmp}/samplan-e2e.XXXXXX") || exit 1
# Playwright and Chromium put their scratch files under TMPDIR: keep them
# in this run's folder, so nothing is left in /tmp after a crash.
mkdir -p "$RUN/tmp"
export TMPDIR="$RUN/tmp"
# The server's "today" is the Swedish date (src/main.c); the tests' dates
# (day(0) for a meeting held today) must be the same one, also between
# 22:00 and midnight UTC.
export TZ=Europe/Stockholm

ok() {
	N=$((N + 1))
	echo "ok $N - $1"
}

not_ok() {
	N=$((N + 1))
	FAILED=$((FAILED + 1))
	echo "not ok $N - $1"
	shift
	for line in "$@"; do
		echo "#   $line"
	done
}

# Diagnostics from a file, as TAP comments (the last $2 lines).
diag_file() {
	[ -f "$1" ] || return 0
	tail -n "${2:-40}" "$1" | sed 's/^/#   | /'
}

stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill -TERM "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
		SERVER_PID=""
	fi
}

cleanup() {
	stop_server
	if [ "${E2E_KEEP:-}" = 1 ]; then
		echo "# kept: $RUN"
	else
		rm -rf "$RUN"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# Print the plan and leave; the exit status says whether anything failed.
finish() {
	echo "1..$N"
	[ "$FAILED" -eq 0 ]
	exit $?
}

# ---- what the tests need ----

if [ ! -x "$BIN" ]; then
	not_ok "the server binary $BIN exists" "build it first: make B=$B"
	finish
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	not_ok "node and npm are installed" "apt-get install nodejs npm (scripts/install-deps)"
	finish
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	not_ok "Chromium is installed at ${CHROMIUM:-/usr/bin/chromium}" \
		"apt-get install chromium (scripts/install-deps)"
	finish
fi
if [ ! -f "$E2E/node_modules/playwright-core/package.json" ] ||
	[ ! -f "$E2E/node_modules/axe-core/axe.min.js" ] ||
	[ "$E2E/package-lock.json" -nt "$E2E/node_modules/.package-lock.json" ]; then
	if ! (cd "$E2E" && npm ci --no-audit --no-fund) >"$RUN/npm.log" 2>&1; then
		not_ok "npm ci installs playwright-core and axe-core into $E2E/node_modules"
		diag_file "$RUN/npm.log" 30
		finish
	fi
fi

# ---- a fresh demo database and a server on a free port ----

DB="sqlite:$RUN/demo.db"
if ! "$BIN" demo --db "$DB" >"$RUN/demo.log" 2>&1; then
	not_ok "samplan demo creates the demo database"
	diag_file "$RUN/demo.log"
	finish
fi

free_port() {
	node -e 'const s = require("net").createServer();
		s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

healthy() {
	node -e 'fetch(process.argv[1]).then((r) => process.exit(r.status === 200 ? 0 : 1),
		() => process.exit(1))' "$1/healthz" 2>/dev/null
}

# Another process may take the port between choosing and binding it: try
# a few ports.
URL=""
for attempt in 1 2 3; do
	PORT=$(free_port) || break
	"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 2 \
		>"$RUN/server.log" 2>&1 &
	SERVER_PID=$!
	tries=0
	while [ "$tries" -lt 100 ]; do
		if healthy "http://127.0.0.1:$PORT"; then
			URL="http://127.0.0.1:$PORT"
			break
		fi
		if grep -q "cannot listen" "$RUN/server.log"; then
			break
		fi
		tries=$((tries + 1))
		sleep 0.1
	done
	[ -n "$URL" ] && break
	stop_server
	grep -q "cannot listen" "$RUN/server.log" || break
done
if [ -z "$URL" ]; then
	not_ok "samplan serve starts and answers /healthz"
	diag_file "$RUN/server.log"
	finish
fi
echo "# server $URL (pid $SERVER_PID), database $DB"

# ---- the browser tests ----

# Every *.test.js in name order (foundation, then sip), against the same
# server and database: later files may rely on nothing an earlier one
# made, but must tolerate it (another unit, another user). Numbering
# runs on from file to file (E2E_TAP_START); each file writes where it
# got to in the count file, also when it crashes.
mkdir -p "$E2E/artifacts"
rm -f "$E2E"/artifacts/*.png
for test_file in "$E2E"/*.test.js; do
	[ -f "$test_file" ] || continue
	echo "# $(basename "$test_file")"
	rm -f "$RUN/count"
	SAMPLAN_URL="$URL" SAMPLAN_E2E_DB="$DB" SAMPLAN_BIN="$BIN" \
		E2E_ARTIFACTS="$E2E/artifacts" E2E_TAP_START="$N" \
		E2E_TAP_COUNT_FILE="$RUN/count" node "$test_file"
	rc=$?
	count=$N
	failed=0
	if [ -f "$RUN/count" ]; then
		read -r count failed <"$RUN/count"
	fi
	if [ "$count" -gt "$N" ]; then
		N=$count
	else
		not_ok "$(basename "$test_file") ran" \
			"node exited with status $rc before printing results"
		continue
	fi
	if [ "$rc" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then
		# Every test passed, yet node failed: it crashed after them.
		not_ok "$(basename "$test_file") finished" "node exited with status $rc"
	elif [ "$rc" -ne 0 ]; then
		FAILED=$((FAILED + 1))
	fi
done

# ---- the server's side of the run ----

SERVER_WAS=$SERVER_PID
kill -TERM "$SERVER_PID" 2>/dev/null
wait "$SERVER_PID"
src=$?
SERVER_PID=""
if [ "$src" -eq 0 ] && grep -q " info stopped$" "$RUN/server.log"; then
	ok "the server (pid $SERVER_WAS) stops cleanly on SIGTERM"
else
	not_ok "the server (pid $SERVER_WAS) stops cleanly on SIGTERM" "exit status $src"
	diag_file "$RUN/server.log" 20
fi

if grep -q " error " "$RUN/server.log"; then
	not_ok "the server logged no errors during the run"
	grep " error " "$RUN/server.log" | head -n 20 | sed 's/^/#   | /'
else
	ok "the server logged no errors during the run"
fi

access=$(grep -c " info access " "$RUN/server.log")
if [ "$access" -gt 0 ] && ! grep " info access " "$RUN/server.log" | grep -q '?'; then
	ok "the access log has $access lines and no query strings"
else
	not_ok "the access log has lines and no query strings" "$access access lines"
	grep " info access .*?" "$RUN/server.log" | head -n 5 | sed 's/^/#   | /'
fi

if [ "$FAILED" -gt 0 ]; then
	echo "# the server's log (last lines):"
	diag_file "$RUN/server.log" 30
	echo "# screenshots: $E2E/artifacts/"
fi
finish
