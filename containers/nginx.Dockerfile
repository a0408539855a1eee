# nginx in front of Carbon Depict: the dashboard build, /api proxied to the
# hosts, TLS with mounted certificates.  Built by `make images`
# (containers/build), whose context holds this file, containers/nginx/ as
# nginx/ and the dashboard build as dashboard/.  The configuration is made
# at start from the templates (containers/nginx/entrypoint lists the
# environment it reads); the root filesystem can be read-only (/run is the
# only place written).  The master starts as root to bind ports and read
# the key; the workers run as www-data.
ARG BASE=debian:bookworm-slim
FROM ${BASE}
RUN apt-get update && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	nginx tini && \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /etc/nginx/sites-enabled/* \
	/etc/nginx/conf.d/* /var/www/html && \
    install -d -m 0755 /etc/nginx/carbon-depict /etc/nginx/certs
COPY nginx/*.conf /etc/nginx/carbon-depict/
COPY nginx/entrypoint nginx/healthcheck /usr/local/bin/
COPY dashboard /usr/share/carbon-depict/dashboard
EXPOSE 80 443
HEALTHCHECK --interval=5s --timeout=4s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/healthcheck"]
STOPSIGNAL SIGQUIT
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/entrypoint"]
