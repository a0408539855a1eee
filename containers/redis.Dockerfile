# Redis 7 from Debian 12, for the compose stack where no registry image can
# be pulled.  Built by `make images` from the local base image; the context
# is containers/.  Runs as the redis user (uid 998, fixed so a rebuilt image
# still owns its volume), a password required (REDIS_PASSWORD), the
# append-only file on, data in the volume at /data.
ARG BASE=debian:bookworm-slim
FROM ${BASE}
RUN groupadd -r -g 998 redis && \
    useradd -r -u 998 -g 998 -d /var/lib/redis -s /usr/sbin/nologin redis && \
    apt-get update && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	redis-server tini && \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin && \
    install -d -o 998 -g 998 -m 0700 /data
COPY redis/entrypoint redis/healthcheck /usr/local/bin/
ENV REDIS_PORT=6379 \
    REDIS_BIND=127.0.0.1 \
    REDIS_MAXMEMORY=0
USER 998:998
WORKDIR /data
VOLUME ["/data"]
EXPOSE 6379
HEALTHCHECK --interval=5s --timeout=4s --start-period=20s --retries=5 \
    CMD ["/usr/local/bin/healthcheck"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/entrypoint"]
