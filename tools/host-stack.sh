# tools/host-stack.sh: sourced (never run) by tests/e2e/run and
# bench/dashboard, which both need a throwaway PostgreSQL, Redis and host
# serving a dashboard build, on free loopback ports, everything in one
# folder.  The caller sources it from the repository's root; it may move
# elsewhere afterwards.
#
#   stack_start DIR DIST   start them; sets STACK_URL and STACK_HOST_PID;
#                          returns 1 (having said why) when one did not start
#   stack_stop DIR RC N    stop them and remove DIR; when RC is not 0, show
#                          the last N lines of the host's log first

STACK_ROOT=$(pwd -P)

stack_free_port() {
	node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

stack_start() {
	local dir=$1 dist=$2 port
	STACK_HOST_PID=
	export CD_PG_PORT CD_REDIS_PORT
	CD_PG_PORT=$(stack_free_port)
	CD_REDIS_PORT=$(stack_free_port)
	if ! eval "$("$STACK_ROOT/tools/services" start "$dir" 2>"$dir/services.log")"; then
		cat "$dir/services.log" >&2
		echo "tools/services did not start" >&2
		return 1
	fi
	export CD_DATABASE_URL CD_REDIS_URL
	port=$(stack_free_port)
	export CD_LISTEN=127.0.0.1 CD_PORT=$port CD_WORKERS=2 \
	    CD_JWT_SECRET=$(head -c 48 /dev/urandom | base64 -w0) \
	    CD_PLUGIN_CACHE=$dir/plugin-cache CD_SPOOL_DIR=$dir/spool \
	    CD_DASHBOARD_DIR=$dist CD_RATE_LIMIT_IP=0 CD_RATE_LIMIT_USER=0 \
	    CD_ACCESS_LOG=false
	"$STACK_ROOT/build/carbon-depict" -c "$STACK_ROOT/conf/carbon-depict.yaml" >"$dir/host.log" 2>&1 &
	STACK_HOST_PID=$!
	STACK_URL=http://127.0.0.1:$port
	for _ in $(seq 100); do
		curl -fsS "$STACK_URL/api/ready" >/dev/null 2>&1 && return 0
		if ! kill -0 "$STACK_HOST_PID" 2>/dev/null; then
			echo "the host stopped at start" >&2
			return 1
		fi
		sleep 0.1
	done
	echo "the host is not ready on $STACK_URL" >&2
	return 1
}

stack_stop() {
	local dir=$1 rc=$2 lines=$3
	if [[ -n ${STACK_HOST_PID:-} ]]; then
		kill -TERM "$STACK_HOST_PID" 2>/dev/null || true
		wait "$STACK_HOST_PID" 2>/dev/null || true
	fi
	"$STACK_ROOT/tools/services" stop "$dir" >/dev/null 2>&1 || true
	if [[ $rc -ne 0 && -f $dir/host.log ]]; then
		echo "the host's log ends:" >&2
		tail -n "$lines" "$dir/host.log" >&2
	fi
	rm -rf "$dir"
}
