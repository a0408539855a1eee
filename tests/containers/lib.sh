# tests/containers/lib.sh: the checks' bookkeeping and HTTP helpers, sourced
# by tests/containers/run.

passed=0
failed=0
failures=()

say() { echo "containers: $*" >&2; }

ok() {
	passed=$((passed + 1))
	printf '  ok    %s\n' "$1"
}

# fail NAME [DETAIL...]: counted, named again in the summary.
fail() {
	local name=$1
	shift
	failed=$((failed + 1))
	failures+=("$name")
	printf '  FAIL  %s\n' "$name"
	(($# == 0)) || printf '        %s\n' "$@"
}

# check NAME COMMAND...: ok when the command exits 0; its output otherwise.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$name"
	else
		fail "$name" "$(printf '%s' "$out" | tail -n 8)"
	fi
}

# expect NAME GOT WANT
expect() {
	if [[ $2 == "$3" ]]; then
		ok "$1"
	else
		fail "$1" "got '$2', want '$3'"
	fi
}

# A phase that cannot run at all: said loudly, counted as a failure.
cannot_run() {
	fail "$1: NOT RUN" "$2"
}

phase() {
	printf '\n== %s ==\n' "$1"
}

# A TCP port nothing listens on, on any address.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("0.0.0.0", 0)); print(s.getsockname()[1])'
}

# http METHOD URL [JSON] [TOKEN]: sets code, and the body and headers in
# $work/body and $work/headers (curl: insecure TLS for the test certificate).
http() {
	local args=(-sk -m 20 -o "$work/body" -D "$work/headers" -w '%{http_code}' -X "$1")
	[[ -z ${3:-} ]] || args+=(-H 'Content-Type: application/json' --data-binary "$3")
	[[ -z ${4:-} ]] || args+=(-H "Authorization: Bearer $4")
	code=$(curl "${args[@]}" "$2" 2>/dev/null) || code=000
}

# header NAME: its value in $work/headers (case-insensitive), "" if absent.
header() {
	awk -v h="$(tr 'A-Z' 'a-z' <<<"$1")" 'BEGIN { FS = ": " }
	    { k = tolower($1) } k == h { sub(/^[^:]*: /, ""); sub(/\r$/, ""); print; exit }' "$work/headers"
}

# json PATH: a value of $work/body, e.g. json user.email ("" if absent).
json() {
	python3 - "$work/body" "$1" <<-'PY'
	import json, sys
	try:
	    v = json.load(open(sys.argv[1]))
	    for k in sys.argv[2].split("."):
	        v = v[int(k)] if isinstance(v, list) else v[k]
	    print(v if not isinstance(v, (dict, list)) else json.dumps(v))
	except Exception:
	    print("")
	PY
}

# wait_for SECONDS COMMAND...: until the command succeeds.
wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		((SECONDS < deadline)) || return 1
		sleep 1
	done
}
