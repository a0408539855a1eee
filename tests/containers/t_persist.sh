# docker-compose down, then up again: the volumes keep the data (the
# registered user still logs in, its company is still there; a Redis key
# survives through the append-only file).

t_persist() {
	local out rc start
	phase "down and up again"
	rcli() {
		docker exec -e REDISCLI_AUTH="$(envval REDIS_PASSWORD)" "${project}_redis_1" \
		    redis-cli --no-auth-warning -p "$(envval REDIS_PORT)" "$@"
	}
	rcli set cd:test:persisted yes >/dev/null 2>&1 || true
	start=$SECONDS
	rc=0
	out=$(compose down 2>&1) || rc=$?
	expect "docker-compose down: exit 0" "$rc" 0
	expect "nothing of the stack runs after down" "$(docker ps --filter "label=com.docker.compose.project=$project" -q)" ""
	rc=0
	out=$(up 2>&1) || rc=$?
	if [[ $rc -ne 0 ]]; then
		fail "containers/up again: healthy" "$(tail -n 5 <<<"$out")"
		stack_logs
		return 1
	fi
	timing "down + up (volumes kept)" $((SECONDS - start))
	ok "containers/up again: healthy in $((SECONDS - start)) s"
	check "PostgreSQL kept its cluster (no new initdb)" \
	    bash -c "! docker logs '${project}_postgres_1' 2>&1 | grep -q 'creating the cluster'"
	expect "Redis kept its data (the append-only file in its volume)" "$(rcli get cd:test:persisted 2>&1)" yes
	login "$edge"
	expect "after down and up, the registered user logs in" "$code" 200
	http GET "$edge/api/auth/me" "" "$access"
	expect "after down and up, GET /api/auth/me: the same company" "$(json company.name)" "Container Test Ltd"
}
