# The Carbon Depict host: built in one stage, run from another that holds
# only the shared libraries, the host, its configuration, the SDK headers
# and the plugins (no compiler).  Built by `make images` from the local base
# image; with a registry, `docker build -f containers/host.Dockerfile .`
# uses debian:bookworm-slim.  The context is the repository root
# (.dockerignore lets only the sources through).
ARG BASE=debian:bookworm-slim

FROM ${BASE} AS build
# The compiler and every -dev package tools/deps lists for the host.
COPY tools/deps containers/host/build-packages /tmp/
RUN apt-get update && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	$(/tmp/build-packages /tmp/deps) && \
    rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY GNUmakefile ./
COPY sdk sdk
COPY host host
COPY plugins plugins
COPY frameworks frameworks
ARG JOBS=2
RUN make -j"${JOBS}" BUILD=/build all
# The packages holding the libraries the host and plugins link against.
COPY containers/host/runtime-packages /tmp/
RUN /tmp/runtime-packages /build/carbon-depict /build/plugins/*.so \
	/build/frameworks/*.so >/build/runtime-packages

FROM ${BASE}
COPY --from=build /build/runtime-packages /tmp/runtime-packages
RUN apt-get update && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	$(cat /tmp/runtime-packages) ca-certificates tini && \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /tmp/runtime-packages && \
    groupadd -g 1001 carbondepict && \
    useradd -u 1001 -g 1001 -d /opt/carbon-depict -M -s /usr/sbin/nologin carbondepict
WORKDIR /opt/carbon-depict
COPY --from=build /build/carbon-depict bin/carbon-depict
COPY --from=build /build/plugins plugins
COPY --from=build /build/frameworks frameworks
COPY sdk/include include
COPY conf conf
COPY containers/host/healthcheck bin/healthcheck
# run/ is the only writable place: the plugin cache (a tmpfs mounted with
# exec, for dlopen) and the CSV spool (mount a volume the hosts share; no
# VOLUME line, so a container that needs none, like compose's check-env,
# leaves no anonymous volume behind).
RUN install -d -o 1001 -g 1001 -m 0700 run run/plugin-cache run/spool
# Paths are the image's; everything else comes from CD_* at run time
# (docs/configuration.md).  The dashboard is nginx's to serve.
ENV CD_PLUGIN_DIRS=plugins,frameworks \
    CD_PLUGIN_CACHE=run/plugin-cache \
    CD_SPOOL_DIR=run/spool \
    CD_DASHBOARD_DIR= \
    CD_PORT=5500
USER 1001:1001
EXPOSE 5500
HEALTHCHECK --interval=5s --timeout=4s --start-period=30s --retries=3 \
    CMD ["/opt/carbon-depict/bin/healthcheck"]
# tini is PID 1: a worker whose parent is PID 1 takes it that its master
# died and exits, so the master must not be PID 1.  tini passes SIGTERM on
# (the master drains its workers) and reaps.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "/opt/carbon-depict/bin/carbon-depict"]
CMD ["-c", "conf/carbon-depict.yaml"]
