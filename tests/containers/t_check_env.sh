# containers/check-env refuses empty, placeholder, short and repeated
# secrets by name; a weak secret stops `docker-compose up` before any
# database or host starts, with or without containers/up.

# refused NAME FILE PATTERN [VAR=VALUE...]: check-env exits 1 saying PATTERN.
refused() {
	local name=$1 file=$2 pattern=$3 out rc=0
	shift 3
	out=$(env "$@" containers/check-env "$file" 2>&1) || rc=$?
	if [[ $rc -eq 1 ]] && grep -q -- "$pattern" <<<"$out"; then
		ok "check-env: $name"
	else
		fail "check-env: $name" "exit $rc, want 1 and '$pattern'; said: $(tr '\n' ' ' <<<"$out")"
	fi
}

t_check_env() {
	local out rc running
	phase "check-env"
	refused "refuses the example's placeholders, naming each secret" containers/.env.example \
	    'JWT_SECRET is a placeholder'
	out=$(containers/check-env containers/.env.example 2>&1) || true
	expect "check-env: names all four secrets of the example" \
	    "$(grep -c -E '^check-env: (POSTGRES_PASSWORD|DB_PASSWORD|REDIS_PASSWORD|JWT_SECRET) is a placeholder' <<<"$out")" 4
	refused "refuses an empty JWT_SECRET" "$work/env" 'JWT_SECRET is empty' JWT_SECRET=
	refused "refuses an empty REDIS_PASSWORD" "$work/env" 'REDIS_PASSWORD is empty' REDIS_PASSWORD=
	refused "refuses 'changeme' as DB_PASSWORD" "$work/env" 'DB_PASSWORD is a placeholder' DB_PASSWORD=changeme
	refused "refuses a 12-character POSTGRES_PASSWORD" "$work/env" 'POSTGRES_PASSWORD is too short: 12 characters, at least 16' \
	    POSTGRES_PASSWORD=Zq8wLp2Rt5Vx
	refused "refuses a 24-character JWT_SECRET (needs 32)" "$work/env" 'JWT_SECRET is too short: 24 characters, at least 32' \
	    JWT_SECRET=Zq8wLp2Rt5VxKm9Bc3Nd7Fh1
	refused "refuses a secret of few different characters" "$work/env" 'REDIS_PASSWORD is too simple' \
	    REDIS_PASSWORD=abababababababababababab
	refused "refuses a URL-breaking character in DB_PASSWORD" "$work/env" 'DB_PASSWORD holds a character' \
	    DB_PASSWORD='Zq8wLp2Rt5Vx/Km9Bc3Nd7'
	refused "refuses one secret used twice" "$work/env" 'DB_PASSWORD is the same as POSTGRES_PASSWORD' \
	    DB_PASSWORD="$(sed -n 's/^POSTGRES_PASSWORD=//p' "$work/env")"
	refused "checks MONGO_PASSWORD when the mongo profile is on" "$work/env" 'MONGO_PASSWORD is empty' \
	    COMPOSE_PROFILES=mongo MONGO_PASSWORD=
	out=$(containers/check-env "$work/env" 2>&1) && ok "check-env: accepts the generated secrets" ||
	    fail "check-env: accepts the generated secrets" "$out"

	# The stack itself: containers/up, then docker-compose directly.
	rc=0
	out=$(JWT_SECRET=short CD_ENV_FILE=$work/env COMPOSE_PROJECT_NAME=$project containers/up 2>&1) || rc=$?
	if [[ $rc -ne 0 ]] && grep -q 'JWT_SECRET is too short' <<<"$out"; then
		ok "containers/up refuses a short JWT_SECRET, naming it"
	else
		fail "containers/up refuses a short JWT_SECRET, naming it" "exit $rc: $(tail -n 3 <<<"$out")"
	fi
	expect "containers/up started nothing" "$(project_containers)" ""
	rc=0
	out=$(REDIS_PASSWORD=changeme-changeme CD_ENV_FILE=$work/env COMPOSE_PROJECT_NAME=$project \
	    containers/compose up -d 2>&1) || rc=$?
	running=$(docker ps --filter "label=com.docker.compose.project=$project" --format '{{.Names}}')
	if [[ $rc -ne 0 && -z $running ]]; then
		ok "docker-compose up (no wrapper) with a placeholder REDIS_PASSWORD: nothing runs"
	else
		fail "docker-compose up (no wrapper) with a placeholder REDIS_PASSWORD: nothing runs" \
		    "exit $rc, running: ${running:-none}"
	fi
	check "the check-env service's log names REDIS_PASSWORD" \
	    grep -q 'REDIS_PASSWORD is a placeholder' <<<"$(docker logs "${project}_check-env_1" 2>&1)"
	out=$(env -u JWT_SECRET bash -c "sed '/^JWT_SECRET=/d' '$work/env' >'$work/env-nojwt'; \
	    CD_ENV_FILE='$work/env-nojwt' COMPOSE_PROJECT_NAME=$project containers/compose config" 2>&1) && rc=0 || rc=$?
	if [[ $rc -ne 0 ]] && grep -q 'JWT_SECRET is not set' <<<"$out"; then
		ok "docker-compose refuses a file without JWT_SECRET, naming it"
	else
		fail "docker-compose refuses a file without JWT_SECRET, naming it" "exit $rc: $(tail -n 2 <<<"$out")"
	fi
	compose down -v --remove-orphans >/dev/null 2>&1 || true
}
