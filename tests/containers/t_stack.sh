# The compose stack on this machine, through nginx: the dashboard, the API
# (register, login, an authenticated read), security headers, gzip, the
# edge rate limit, /metrics kept off the edge; the services' own settings
# (read-only roots, uid 1001, Redis with a password and AOF).

# security_headers WHERE: the headers of $work/headers.
security_headers() {
	expect "$1: X-Content-Type-Options nosniff" "$(header X-Content-Type-Options)" nosniff
	expect "$1: X-Frame-Options DENY" "$(header X-Frame-Options)" DENY
	expect "$1: Referrer-Policy no-referrer" "$(header Referrer-Policy)" no-referrer
	check "$1: Content-Security-Policy with frame-ancestors 'none'" \
	    grep -q "frame-ancestors 'none'" <<<"$(header Content-Security-Policy)"
	expect "$1: HSTS over HTTPS" "$(header Strict-Transport-Security)" "max-age=31536000; includeSubDomains"
	expect "$1: each header once (the host's copies replaced, not doubled)" \
	    "$(grep -ciE '^(x-content-type-options|x-frame-options|referrer-policy|content-security-policy|strict-transport-security):' "$work/headers")" 5
}

t_stack() {
	local out rc start asset n429 codes
	phase "compose stack"
	start=$SECONDS
	rc=0
	out=$(up 2>&1) || rc=$?
	if [[ $rc -ne 0 ]]; then
		fail "containers/up: the stack comes up healthy" "$(tail -n 5 <<<"$out")"
		stack_logs
		return 1
	fi
	timing "stack up (first start, empty volumes)" $((SECONDS - start))
	ok "containers/up: PostgreSQL, Redis, the host and nginx healthy in $((SECONDS - start)) s"
	expect "host container runs as uid 1001" "$(docker exec "${project}_host_1" id -u)" 1001
	expect "host container: a master and 2 workers" \
	    "$(docker top "${project}_host_1" -eo pid,comm | grep -c ' carbon-depict$')" 3
	for s in host nginx postgres redis; do
		expect "$s container: read-only root filesystem" \
		    "$(docker inspect -f '{{.HostConfig.ReadonlyRootfs}}' "${project}_${s}_1")" true
		check "$s container: a memory limit" test "$(docker inspect -f '{{.HostConfig.Memory}}' "${project}_${s}_1")" -gt 0
	done
	expect "Redis: the append-only file is on" \
	    "$(docker exec -e REDISCLI_AUTH="$(envval REDIS_PASSWORD)" "${project}_redis_1" \
	        redis-cli --no-auth-warning -p "$(envval REDIS_PORT)" config get appendonly | tail -n 1)" yes
	out=$(docker exec "${project}_redis_1" redis-cli -p "$(envval REDIS_PORT)" ping 2>&1 || true)
	check "Redis: refuses a client without the password" grep -q NOAUTH <<<"$out"

	# The dashboard.
	http GET "$edge/"
	expect "GET / through nginx: 200" "$code" 200
	check "GET /: the dashboard's index.html" grep -q '<div id="root">' "$work/body"
	security_headers "GET / (dashboard)"
	asset=$(grep -o '/assets/index-[^"]*\.js' "$work/body" | head -n 1)
	http GET "$edge$asset"
	expect "GET $asset: 200" "$code" 200
	expect "GET $asset: cached a year, immutable" "$(header Cache-Control)" "public, max-age=31536000, immutable"
	code=$(curl -sk -m 10 -o /dev/null -w '%{http_code}' -D "$work/headers" -H 'Accept-Encoding: gzip' "$edge$asset")
	expect "GET $asset with Accept-Encoding gzip: gzip (the .gz file)" "$(header Content-Encoding)" gzip
	check "the gzip body is the asset" bash -c "curl -sk -m 10 -H 'Accept-Encoding: gzip' '$edge$asset' | gunzip | cmp -s - <(curl -sk -m 10 '$edge$asset')"
	http GET "$edge/reports/annual"
	check "a client-side route gets index.html (SPA fallback)" grep -q '<div id="root">' "$work/body"
	http GET "$edge/assets/no-such-file.js"
	expect "a missing asset: 404, not index.html" "$code" 404
	http GET "$edge/metrics"
	expect "/metrics is not served at the edge" "$code" 404
	code=$(curl -s -m 10 -o /dev/null -D "$work/headers" -w '%{http_code}' "http://127.0.0.1:$(envval HTTP_PORT)/api/health")
	expect "plain HTTP: 301" "$code" 301
	expect "plain HTTP: to the HTTPS port" "$(header Location)" "https://127.0.0.1:$(envval HTTPS_PORT)/api/health"

	# The API.
	http GET "$edge/api/ready"
	expect "GET /api/ready through nginx: the database ok" "$(json checks.database.status)" ok
	expect "GET /api/ready: Redis ok (the host authenticates with REDIS_PASSWORD)" "$(json checks.redis.status)" ok
	http POST "$edge/api/auth/register" "{\"company_name\":\"Container Test Ltd\",\"email\":\"$email\",\"password\":\"$password\",\"name\":\"Ops Test\"}"
	expect "POST /api/auth/register: 201" "$code" 201
	security_headers "POST /api/auth/register (API)"
	expect "API answers keep the host's CSP" "$(header Content-Security-Policy)" "default-src 'none'; frame-ancestors 'none'"
	check "the host's request id comes back" test -n "$(header X-Request-Id)"
	login "$edge"
	expect "POST /api/auth/login: 200" "$code" 200
	http GET "$edge/api/auth/me" "" "$access"
	expect "GET /api/auth/me with the token: 200" "$code" 200
	expect "GET /api/auth/me: the registered user" "$(json user.email)" "$email"
	http GET "$edge/api/auth/me"
	expect "GET /api/auth/me without a token: 401" "$code" 401
	code=$(curl -sk -m 10 -o "$work/body" -D "$work/headers" -w '%{http_code}' --compressed "$edge/api/plugins")
	expect "GET /api/plugins with gzip accepted: 200" "$code" 200
	expect "JSON from the host is gzipped by nginx" "$(header Content-Encoding)" gzip

	# The edge rate limit: 40 logins at once from one address.
	sleep 6	# the bucket refills (2 r/s, burst 10)
	# (An empty body: the host answers 400 at once, no bcrypt, no lock-out.)
	codes=$(seq 40 | xargs -P 40 -I{} curl -sk -m 20 -o /dev/null -w '%{http_code}\n' \
	    -H 'Content-Type: application/json' --data '{}' "$edge/api/auth/login" |
	    sort | uniq -c | tr -s ' \n' ' ')
	n429=$(awk '{ for (i = 1; i < NF; i += 2) if ($(i + 1) == 429) print $i }' <<<"$codes")
	check "40 logins at once: nginx answers 429 beyond the burst (count, status:$codes)" test "${n429:-0}" -ge 20
	# The bucket refills at 2/s: one request after another soon meets an empty one.
	for _ in $(seq 20); do
		http POST "$edge/api/auth/login" '{}'
		[[ $code != 429 ]] || break
	done
	expect "requests one after another: 429 again" "$code" 429
	check "the 429 is nginx's own (the host was not asked)" grep -q '429 Too Many Requests' "$work/body"
	security_headers "nginx's own 429"
	http GET "$edge/api/auth/me" "" "$access"
	expect "the rest of /api/auth is not limited by it (GET /api/auth/me: 200)" "$code" 200

	local leaked='' c k
	for c in $(project_containers); do
		docker logs "$c" >"$work/log" 2>&1 || true
		for k in POSTGRES_PASSWORD DB_PASSWORD REDIS_PASSWORD JWT_SECRET; do
			! grep -qF -- "$(envval "$k")" "$work/log" || leaked+=" $k in $c"
		done
	done
	expect "no secret appears in any container's log" "$leaked" ""
	sleep 6
}

# login URL: sets access and refresh (and code).
login() {
	http POST "$1/api/auth/login" "{\"email\":\"$email\",\"password\":\"$password\"}"
	access=$(json access_token)
	refresh=$(json refresh_token)
}
