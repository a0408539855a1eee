# containers/compose.yaml as docker-compose reads it: valid with and without
# the profiles; the health-gated start order; every built service on the
# host network, read-only, memory-limited; named volumes; no secret with a
# default; MongoDB the one pulled image, behind its profile.

t_compose_file() {
	local out
	phase "compose file"
	check "docker-compose config -q: the file is valid" compose config -q
	COMPOSE_PROFILES=mongo,scale check "docker-compose config -q: valid with both profiles on" compose config -q
	expect "profiles: mongo and scale" "$(compose config --profiles 2>/dev/null | sort | tr '\n' ' ')" "mongo scale "
	expect "named volumes" "$(compose config --volumes 2>/dev/null | sort | tr '\n' ' ')" \
	    "mongodata pgdata redisdata spool "
	COMPOSE_PROFILES=mongo,scale compose config >"$work/compose.yaml" 2>/dev/null || true
	out=$(python3 - "$work/compose.yaml" <<-'PY'
	import sys, yaml
	c = yaml.safe_load(open(sys.argv[1]))["services"]
	def dep(s):
	    return {k: v["condition"] for k, v in sorted(c[s].get("depends_on", {}).items())}
	print("order", dep("postgres"), dep("redis"), dep("host"), dep("host2"), dep("nginx"), dep("mongo"))
	for s in ("postgres", "redis", "host", "host2", "nginx"):
	    v = c[s]
	    print(s, v.get("network_mode"), v.get("read_only"), bool(v.get("mem_limit")),
	          bool(v.get("cpus")), v["image"].split(":")[0])
	print("mongo", c["mongo"]["image"], c["mongo"].get("profiles"))
	print("default", *sorted(s for s in c if not c[s].get("profiles")))
	print("profiled", *sorted(f"{s}:{','.join(c[s]['profiles'])}" for s in c if c[s].get("profiles")))
	PY
	)
	local healthy=service_healthy done=service_completed_successfully
	expect "start order: databases after check-env, hosts after healthy databases, nginx after a healthy host" \
	    "$(sed -n 's/^order //p' <<<"$out")" \
	    "{'check-env': '$done'} {'check-env': '$done'} {'postgres': '$healthy', 'redis': '$healthy'} {'postgres': '$healthy', 'redis': '$healthy'} {'host': '$healthy'} {'check-env': '$done'}"
	expect "services started by default" "$(sed -n 's/^default //p' <<<"$out")" \
	    "check-env host nginx postgres redis"
	expect "services behind a profile: host2 (scale), mongo (mongo)" "$(sed -n 's/^profiled //p' <<<"$out")" \
	    "host2:scale mongo:mongo"
	for s in postgres redis host host2 nginx; do
		expect "$s: host network, read-only, memory and CPU limits, a local image" \
		    "$(grep "^$s " <<<"$out")" "$s host True True True carbon-depict/${s%2}"
	done
	expect "mongo: the pulled mongo:7, only with its profile" "$(grep '^mongo ' <<<"$out")" "mongo mongo:7 ['mongo']"
	out=$(grep -o '\${\(POSTGRES_PASSWORD\|DB_PASSWORD\|REDIS_PASSWORD\|JWT_SECRET\|MONGO_PASSWORD\)[^}]*}' containers/compose.yaml |
	    grep -v -e ':?' -e ':-}$' || true)
	expect "no secret has a default in compose.yaml" "$out" ""
}
