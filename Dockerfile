# Dockerfile - halopsa-mcp as a container image. stdio by default
# (docker run -i --rm -e HALOPSA_... IMAGE); Streamable HTTP for remote use
# (docker run -p 8080:8080 ... IMAGE serve --http 0.0.0.0:8080 ...).
# Two stages: the build stage gets the compiler and -dev packages from
# scripts/deps.sh (the same list as any build); the image gets only the
# packages of the shared libraries the binary links (and SQLite, for the
# demo tenant's reports), CA certificates, tzdata (HALOPSA_TIMEZONE), the
# binary and its health check, and runs as a non-root user.
# `make image` builds it with podman; `docker build -t halopsa-mcp .` too.
FROM debian:bookworm-slim AS build
WORKDIR /src
COPY scripts/deps.sh scripts/deps.sh
RUN sh scripts/deps.sh build && apt-get clean && rm -rf /var/lib/apt/lists/*
# The rest of the context (.dockerignore: the Makefile, src/, sim/, the
# health check) in one layer: with podman's vfs driver every layer is a
# full copy of the file system.
COPY . .
# The runtime packages: those owning the libraries the binary links, and
# SQLite's, which the demo tenant's reports load with dlopen.
RUN make -j"$(nproc)" bin/halopsa-mcp && strip bin/halopsa-mcp \
 && for lib in $(ldd bin/halopsa-mcp | awk '$3 ~ "^/" { print $3 }') \
               /usr/lib/*/libsqlite3.so.0; do \
        dpkg -S "*/$(basename "$(readlink -f "$lib")")"; \
    done | cut -d: -f1 | sort -u > runtime-packages

FROM debian:bookworm-slim
COPY --from=build /src/runtime-packages /tmp/runtime-packages
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        ca-certificates tzdata $(cat /tmp/runtime-packages) \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages \
 && useradd --system --uid 10001 --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin halopsa
COPY --from=build /src/bin/halopsa-mcp /usr/local/bin/halopsa-mcp
COPY scripts/healthcheck.sh /usr/local/bin/halopsa-mcp-healthcheck
USER 10001:10001
EXPOSE 8080
# Probes the HTTP endpoint when the server runs with --http; in stdio mode
# there is no port and the check passes while the process lives.
HEALTHCHECK --interval=30s --timeout=10s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/halopsa-mcp-healthcheck"]
ENTRYPOINT ["halopsa-mcp"]
