# The shipped nginx configuration passes nginx -t in both HTTP modes, with
# two upstreams; bad settings are refused by name before nginx runs.

t_nginx_conf() {
	local image=carbon-depict/nginx:$tag out
	phase "nginx configuration"
	out=$(docker run --rm --network none -v "$work/certs:/etc/nginx/certs:ro" "$image" -t 2>&1) &&
	    grep -q 'test is successful' <<<"$out" && ok "nginx -t passes on the shipped configuration" ||
	    fail "nginx -t passes on the shipped configuration" "$out"
	out=$(docker run --rm --network none -v "$work/certs:/etc/nginx/certs:ro" \
	    -e NGINX_HTTP=serve -e NGINX_UPSTREAMS=127.0.0.1:5500,10.0.0.2:5500 \
	    -e NGINX_HTTP_PORT=8080 -e NGINX_HTTPS_PORT=8443 "$image" -t 2>&1) &&
	    grep -q 'test is successful' <<<"$out" && ok "nginx -t passes with HTTP serving and two hosts" ||
	    fail "nginx -t passes with HTTP serving and two hosts" "$out"
	out=$(docker run --rm --network none -v "$work/certs:/etc/nginx/certs:ro" \
	    -e NGINX_UPSTREAMS='127.0.0.1:5500;evil' "$image" -t 2>&1) || true
	check "nginx refuses a malformed NGINX_UPSTREAMS, naming it" grep -q "NGINX_UPSTREAMS: '127.0.0.1:5500;evil' is not HOST:PORT" <<<"$out"
	out=$(docker run --rm --network none "$image" -t 2>&1) || true
	check "nginx refuses to start without the certificate, naming the file" grep -q '/etc/nginx/certs/tls.crt is missing' <<<"$out"
}
