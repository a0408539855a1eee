# Two hosts behind one nginx upstream, sharing PostgreSQL and Redis: nginx
# uses both; a token issued by one is accepted by the other; a refresh on
# one revokes on both; stopping one under load fails no request.  (The
# load comes from one address and one user: the run sets the hosts' own
# rate limits high, see run.)

t_scale() {
	local out rc h1 h2 start wrk_out non2xx sock fails total loop_pid used
	phase "two hosts behind nginx"
	h1=http://127.0.0.1:$(envval HOST_PORT)
	h2=http://127.0.0.1:$(envval HOST2_PORT)
	set_env COMPOSE_PROFILES scale
	set_env NGINX_UPSTREAMS "127.0.0.1:$(envval HOST_PORT),127.0.0.1:$(envval HOST2_PORT)"
	start=$SECONDS
	rc=0
	out=$(up 2>&1) || rc=$?
	if [[ $rc -ne 0 ]]; then
		fail "the second host and nginx with both: healthy" "$(tail -n 5 <<<"$out")"
		stack_logs
		return 1
	fi
	timing "second host added" $((SECONDS - start))
	ok "host2 up and nginx with two upstreams, healthy in $((SECONDS - start)) s"

	# nginx spreads over both.
	used=$(for _ in $(seq 20); do
		curl -sk -m 10 -o /dev/null "$edge/api/health"
	done; docker logs --since 30s "${project}_nginx_1" 2>/dev/null |
	    grep -o '"upstream":"127.0.0.1:[0-9]*"' | sort -u | wc -l)
	expect "nginx sends /api to both hosts" "$used" 2

	# Tokens from one host work on the other.
	login "$h1"
	expect "login on host 1: 200" "$code" 200
	http GET "$h2/api/auth/me" "" "$access"
	expect "host 1's access token accepted by host 2" "$code" 200
	local r0=$refresh
	http POST "$h1/api/auth/refresh" "{\"refresh_token\":\"$r0\"}"
	expect "refresh on host 1: 200" "$code" 200
	local r1
	r1=$(json refresh_token)
	http POST "$h2/api/auth/refresh" "{\"refresh_token\":\"$r0\"}"
	expect "the old refresh token reused on host 2: 401" "$code" 401
	expect "host 2 calls it reuse" "$(json error.code)" token_reused
	http POST "$h1/api/auth/refresh" "{\"refresh_token\":\"$r1\"}"
	expect "the reuse on host 2 revoked the family on host 1 too: 401" "$code" 401
	login "$h2"
	http POST "$h1/api/auth/refresh" "{\"refresh_token\":\"$refresh\"}"
	expect "host 2's refresh token rotates on host 1: 200" "$code" 200

	# Under load through nginx, host 2 stops (SIGTERM: it drains).
	login "$edge"
	: >"$work/loop"
	(
		end=$((SECONDS + 14))
		while ((SECONDS < end)); do
			curl -sk -m 20 -o /dev/null -w '%{http_code}\n' \
			    -H "Authorization: Bearer $access" "$edge/api/auth/me" >>"$work/loop" || echo 000 >>"$work/loop"
		done
	) &
	loop_pid=$!
	local since
	since=$(date +%s)
	wrk -t 2 -c 16 -d 14s -H "Authorization: Bearer $access" "$edge/api/auth/me" >"$work/wrk" 2>&1 &
	local wrk_pid=$!
	sleep 5
	start=$SECONDS
	docker stop -t 30 "${project}_host2_1" >/dev/null
	timing "host 2 stopped under load (drain)" $((SECONDS - start))
	wait "$wrk_pid" || true
	wait "$loop_pid" || true
	wrk_out=$(cat "$work/wrk")
	total=$(awk '/requests in/ { print $1 }' <<<"$wrk_out")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$wrk_out")
	sock=$(grep 'Socket errors' <<<"$wrk_out" || true)
	check "wrk ran (${total:-no} authenticated reads through nginx)" test "${total:-0}" -gt 500
	expect "host 2 stopped under load: no non-2xx answer among ${total:-0} (wrk)" "${non2xx:-0}" 0
	expect "host 2 stopped under load: no socket error (wrk)" "$sock" ""
	expect "host 2 carried part of the load before it stopped" \
	    "$(docker logs --since "$since" "${project}_nginx_1" 2>/dev/null |
	        grep -m 1 -c "\"upstream\":\"127.0.0.1:$(envval HOST2_PORT)\"")" 1
	fails=$(grep -vc '^200$' "$work/loop" || true)
	expect "host 2 stopped under load: every read of a second client answered 200 ($(wc -l <"$work/loop") requests, status:$(sort "$work/loop" | uniq -c | tr -s ' \n' ' '))" "$fails" 0
	expect "host 2 exited cleanly (drained, exit 0)" \
	    "$(docker inspect -f '{{.State.ExitCode}}' "${project}_host2_1")" 0
	http GET "$edge/api/auth/me" "" "$access"
	expect "afterwards nginx serves from host 1 alone" "$code" 200
}
