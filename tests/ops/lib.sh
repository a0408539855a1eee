# shellcheck shell=bash
# tests/ops/lib.sh: sourced by the ops tests.  Result lines, free ports,
# and a throwaway PostgreSQL + Redis + host (tools/services in a temporary
# folder on free loopback ports, the host from $BUILD, default build/).
#
# Every check prints one line, "  ok   - what" or "  FAIL - what: why";
# tests/ops/run counts those lines.  ops_finish exits 1 if any failed.

ops_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
ops_build=${BUILD:-build}
[[ $ops_build == /* ]] || ops_build=$ops_root/$ops_build
ops_failed=0
ops_passed=0

pass() {
	ops_passed=$((ops_passed + 1))
	echo "  ok   - $*"
}
fail() {
	ops_failed=$((ops_failed + 1))
	echo "  FAIL - $*"
}
# Something that cannot run here, said loudly; tests/ops/run counts it.
skip() {
	echo "  SKIP - $*"
}
# check "what" command...: ok when the command succeeds.
check() {
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}
# ops_run CMD...: run a checker that prints result lines itself; show
# them as they come and count them.  A non-zero exit without a FAIL line
# counts as one failure.
ops_run() {
	local line rc=0 fails=$ops_failed
	while IFS= read -r line; do
		case $line in
		'__ops_rc='*) rc=${line#__ops_rc=}; continue ;;
		'  ok   - '*) ops_passed=$((ops_passed + 1)) ;;
		'  FAIL - '*) ops_failed=$((ops_failed + 1)) ;;
		esac
		printf '%s\n' "$line"
	done < <("$@" 2>&1; echo "__ops_rc=$?")
	if [[ $rc -ne 0 && $ops_failed -eq $fails ]]; then
		fail "$* exited with status $rc"
	fi
}
# A fatal problem: the rest of the test cannot run.  Counted as a failure.
ops_die() {
	fail "$*"
	exit 1
}
ops_finish() {
	echo "$(basename "$0"): $ops_passed passed, $ops_failed failed"
	[[ $ops_failed -eq 0 ]]
}

# A command that fails outside a check stops the test (set -e): say where.
trap 'fail "$(basename "$0") stopped at line $LINENO: $BASH_COMMAND"' ERR

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Needs these programs, or says which package has them.
need_tools() {
	local t
	for t in "$@"; do
		command -v "${t%%:*}" >/dev/null ||
		    ops_die "${t%%:*} is missing: apt-get install -y ${t#*:} (tools/deps installs it)"
	done
}

# ops_start_stack: PostgreSQL, Redis and the host in $ops_dir.  Sets
# CD_DATABASE_URL (the application's role), CD_REDIS_URL, ops_url (the
# host), ops_pg_port, ops_pg_socket.  ops_stop_stack (trap) stops them,
# after running the commands in ops_cleanup (an array).
# ops_start_services: the same without the host.
ops_dir=
ops_host_pid=
ops_cleanup=()
ops_start_stack() {
	[[ -x $ops_build/carbon-depict ]] ||
	    ops_die "no $ops_build/carbon-depict: run make (or make BUILD=... all)"
	ops_start_services
	ops_host_start
}

ops_start_services() {
	ops_dir=$(mktemp -d /tmp/cd-ops.XXXXXX)
	chmod 755 "$ops_dir"
	trap ops_stop_stack EXIT
	CD_PG_PORT=$(free_port) CD_REDIS_PORT=$(free_port)
	export CD_PG_PORT CD_REDIS_PORT
	eval "$("$ops_root/tools/services" start "$ops_dir" 2>"$ops_dir/services.log")" || {
		cat "$ops_dir/services.log" >&2
		ops_die "tools/services could not start PostgreSQL and Redis"
	}
	export CD_DATABASE_URL CD_REDIS_URL
	ops_pg_port=$CD_PG_PORT
	ops_pg_socket=$ops_dir/pg-run
}

ops_host_start() {
	local port i
	port=$(free_port)
	(
		cd "$ops_root" || exit 1
		export CD_LISTEN=127.0.0.1 CD_PORT=$port CD_WORKERS=2 \
		    CD_JWT_SECRET=${ops_jwt:=ops-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')} \
		    CD_PLUGIN_DIRS=$ops_build/plugins,$ops_build/frameworks \
		    CD_PLUGIN_CACHE=$ops_dir/plugin-cache CD_SPOOL_DIR=$ops_dir/spool \
		    CD_DASHBOARD_DIR="" CD_RATE_LIMIT_IP=0 CD_RATE_LIMIT_USER=0 \
		    CD_ACCESS_LOG=false
		exec "$ops_build/carbon-depict" -c conf/carbon-depict.yaml
	) >>"$ops_dir/host.log" 2>&1 &
	ops_host_pid=$!
	ops_url=http://127.0.0.1:$port
	for ((i = 0; i < 150; i++)); do
		curl -fsS "$ops_url/api/ready" >/dev/null 2>&1 && return 0
		kill -0 "$ops_host_pid" 2>/dev/null || break
		sleep 0.1
	done
	tail -n 30 "$ops_dir/host.log" >&2
	ops_die "the host did not become ready on $ops_url (log above)"
}

ops_host_stop() {
	[[ -n $ops_host_pid ]] || return 0
	kill -TERM "$ops_host_pid" 2>/dev/null || true
	wait "$ops_host_pid" 2>/dev/null || true
	ops_host_pid=
}

ops_stop_stack() {
	local rc=$?
	trap - EXIT
	local c
	for c in "${ops_cleanup[@]}"; do
		eval "$c" >/dev/null 2>&1 || true
	done
	ops_host_stop
	if [[ -n $ops_dir ]]; then
		"$ops_root/tools/services" stop "$ops_dir" >/dev/null 2>&1 || true
		if [[ $rc -ne 0 && -f $ops_dir/host.log ]]; then
			echo "$(basename "$0"): the host's log ends:" >&2
			tail -n 20 "$ops_dir/host.log" >&2
		fi
		rm -rf "$ops_dir"
	fi
	exit "$rc"
}

# psql as the cluster's superuser through its socket (no password needed:
# only the server's user may open it).  Root runs it as postgres.
pg_super() {
	local -a as=()
	[[ $(id -u) -ne 0 ]] || as=(runuser -u postgres --)
	(cd / && "${as[@]}" psql -X -q -At -v ON_ERROR_STOP=1 -h "$ops_pg_socket" \
	    -p "$ops_pg_port" -U postgres "$@")
}

# POST JSON; prints the body, fails unless the status is $1.
api() {
	local want=$1 method=$2 path=$3 body=${4:-} tok=${5:-} out code
	local -a h=(-H 'Content-Type: application/json')
	[[ -z $tok ]] || h+=(-H "Authorization: Bearer $tok")
	out=$(mktemp)
	code=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" "${h[@]}" \
	    ${body:+--data-binary "$body"} "$ops_url$path") || code=000
	if [[ $code != "$want" ]]; then
		echo "$method $path: HTTP $code, wanted $want: $(head -c 300 "$out")" >&2
		rm -f "$out"
		return 1
	fi
	cat "$out"
	rm -f "$out"
}
