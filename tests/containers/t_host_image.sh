# The host image: user 1001, no compiler, its HEALTHCHECK answers, and it
# runs on a read-only root with only the plugin cache writable.

healthy() {
	[[ $(docker inspect -f '{{.State.Health.Status}}' "$1" 2>/dev/null) == healthy ]]
}

t_host_image() {
	local image=carbon-depict/host:$tag name=$project-hostimg port out status
	phase "host image"
	expect "host image: USER is 1001" "$(docker image inspect -f '{{.Config.User}}' "$image")" "1001:1001"
	expect "host image: runs as uid 1001" \
	    "$(docker run --rm --network none --entrypoint id "$image" -u 2>&1)" 1001
	out=$(docker run --rm --network none --entrypoint bash "$image" -c \
	    'for c in cc gcc c99 c89 g++ clang tcc cpp as ld make; do command -v "$c"; done
	     dpkg-query -W -f "\${Package} \${Status}\n" gcc gcc-12 cpp-12 libc6-dev binutils 2>/dev/null | grep " installed$" || true' 2>&1)
	expect "host image: no compiler, assembler, linker or make (and no gcc, binutils, libc6-dev packages)" "$out" ""
	expect "host image: HEALTHCHECK is the health probe" \
	    "$(docker image inspect -f '{{join .Config.Healthcheck.Test " "}}' "$image")" \
	    "CMD /opt/carbon-depict/bin/healthcheck"
	out=$(docker run --rm --network none --entrypoint bash "$image" -c \
	    'for f in bin/carbon-depict plugins/*.so frameworks/*.so; do ldd "$f" | grep "not found" | sed "s|^|$f: |"; done' 2>&1)
	expect "host image: every library the host and plugins need is there (ldd)" "$out" ""
	expect "host image: no build stage left in it (no /src, no /build)" \
	    "$(docker run --rm --network none --entrypoint bash "$image" -c 'ls -d /src /build 2>/dev/null || true')" ""

	# Alone (no database: dev mode for the signing secret), read-only root,
	# the plugin cache a tmpfs with exec for dlopen.
	port=$(free_port)
	docker run -d --name "$name" --network host --read-only \
	    --tmpfs /opt/carbon-depict/run/plugin-cache:rw,exec,nosuid,nodev,size=64m,uid=1001,gid=1001,mode=0700 \
	    -e CD_PORT="$port" -e CD_DEV=true -e CD_WORKERS=2 \
	    --health-interval 2s --health-start-period 2s "$image" >/dev/null
	standalone+=("$name")
	if wait_for 60 healthy "$name"; then
		ok "host image: Docker reports it healthy (its HEALTHCHECK answered)"
	else
		fail "host image: Docker reports it healthy" \
		    "health: $(docker inspect -f '{{.State.Health.Status}} {{range .State.Health.Log}}{{.Output}}{{end}}' "$name" | tail -n 3)" \
		    "log: $(docker logs "$name" 2>&1 | tail -n 3)"
	fi
	status=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/health" || true)
	expect "host image: /api/health answers 200 on a read-only root" "$status" 200
	expect "host image: its processes run as uid 1001" \
	    "$(docker top "$name" -eo pid,uid,comm | awk 'NR > 1 && $3 != "tini" { print $2 }' | sort -u)" 1001
	out=$(docker exec "$name" bash -c 'touch conf/x 2>&1 || true; touch run/plugin-cache/x && echo cache-writable')
	check "host image: the root filesystem refuses writes, the plugin cache takes them" \
	    grep -q 'Read-only file system' <<<"$out"
	expect "host image: plugins load from the image (from the tmpfs cache)" \
	    "$(curl -s -m 5 "http://127.0.0.1:$port/api/ready" | python3 -c 'import json,sys; print(json.load(sys.stdin)["checks"]["plugins"]["status"])' 2>/dev/null)" ok
	docker rm -f -v "$name" >/dev/null 2>&1 || true
}
