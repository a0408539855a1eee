# tests/containers/dockerd.sh: a docker daemon for the test.  The one that
# answers ($DOCKER_HOST or the default socket) is used; else, as root, one
# is started with its data in a temporary folder (no bridge, no iptables:
# containers use the host's network) and stopped, its folder removed, at
# the end.  Sourced by tests/containers/run.

dockerd_pid=
dockerd_dir=

dockerd_start() {
	if docker info >/dev/null 2>&1; then
		say "using the docker daemon at ${DOCKER_HOST:-the default socket} (its images are reused)"
		return 0
	fi
	[[ $(id -u) -eq 0 ]] || { say "no docker daemon answers and starting one needs root"; return 1; }
	command -v dockerd >/dev/null || { say "dockerd not found: apt-get install -y docker.io (tools/deps)"; return 1; }
	dockerd_dir=$(mktemp -d /tmp/cdk.XXXXXX)
	say "no docker daemon answers: starting one in $dockerd_dir"
	dockerd --bridge=none --iptables=false --ip6tables=false \
	    --data-root "$dockerd_dir/data" --exec-root "$dockerd_dir/exec" \
	    --pidfile "$dockerd_dir/docker.pid" -H "unix://$dockerd_dir/docker.sock" \
	    >"$dockerd_dir/dockerd.log" 2>&1 &
	dockerd_pid=$!
	export DOCKER_HOST=unix://$dockerd_dir/docker.sock
	if ! wait_for 60 docker info; then
		tail -n 20 "$dockerd_dir/dockerd.log" >&2
		say "the docker daemon did not answer within 60 s (its log is above)"
		return 1
	fi
}

dockerd_stop() {
	[[ -n $dockerd_pid ]] || return 0
	kill -TERM "$dockerd_pid" 2>/dev/null || true
	for _ in $(seq 60); do
		kill -0 "$dockerd_pid" 2>/dev/null || break
		sleep 0.5
	done
	if kill -0 "$dockerd_pid" 2>/dev/null; then
		say "dockerd (pid $dockerd_pid) still runs after 30 s; left in $dockerd_dir"
		return 0
	fi
	wait "$dockerd_pid" 2>/dev/null || true
	# dockerd leaves its network namespace mounted (exec/netns/default).
	awk -v d="$dockerd_dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r |
	    while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
	if grep -q " $dockerd_dir/" /proc/mounts; then
		say "mounts remain under $dockerd_dir; not removed"
	else
		rm -rf "$dockerd_dir"
	fi
}
