# PostgreSQL 15 from Debian 12, for the compose stack where no registry
# image can be pulled.  Built by `make images` from the local base image;
# the context is containers/.  Runs as the postgres user (uid 999, fixed so
# a rebuilt image still owns its volume); the data is in the volume at
# /var/lib/postgresql/data.  containers/postgres/entrypoint says which
# environment variables it reads.
ARG BASE=debian:bookworm-slim
FROM ${BASE}
RUN groupadd -r -g 999 postgres && \
    useradd -r -u 999 -g 999 -d /var/lib/postgresql -s /bin/bash postgres && \
    mkdir -p /etc/postgresql-common/createcluster.d && \
    echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/no-main.conf && \
    apt-get update && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	postgresql-15 tini && \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin && \
    install -d -o 999 -g 999 -m 0700 /var/lib/postgresql/data && \
    install -d -o 999 -g 999 -m 2775 /run/postgresql
COPY postgres/entrypoint postgres/healthcheck /usr/local/bin/
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data \
    PG_PORT=5432 \
    PG_LISTEN=127.0.0.1
USER 999:999
VOLUME ["/var/lib/postgresql/data"]
EXPOSE 5432
HEALTHCHECK --interval=5s --timeout=4s --start-period=60s --retries=5 \
    CMD ["/usr/local/bin/healthcheck"]
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/entrypoint"]
