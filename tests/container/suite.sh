#!/bin/sh
# suite.sh - the container image, built and run for real with podman
# (scripts/oci.sh: no Docker daemon or registry needed). Builds the image
# from the Dockerfile (scripts/image.sh), checks what is in it, then
# container.test.mjs drives it with the official TypeScript SDK client:
# `--demo` over stdio (podman run -i), and `serve --http 0.0.0.0:PORT` in a
# detached container reached from the host, with its HEALTHCHECK.
# Slow on a clean machine (the image build compiles inside the container):
# run by `make check-container` and .ci/run, not by make check (hence not
# named run-suite.sh). Ends with
# "container: N passed, N failed". CONTAINER_IMAGE names the tag to build.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
IMAGE=${CONTAINER_IMAGE:-localhost/halopsa-mcp:test}
TIMEOUT=${CONTAINER_TIMEOUT:-600}
SUITE=container
. "$ROOT/tests/lib/suite.sh"
oci() { bash "$ROOT/scripts/oci.sh" "$@"; }

if ! command -v podman >/dev/null 2>&1; then
    not_ok "podman is not installed: run 'make deps' as root (podman, runc, mmdebstrap)"
    finish
fi

# ---- the build ----
if sh "$ROOT/scripts/image.sh" "$IMAGE" >"$work/build.log" 2>&1; then
    ok "the image builds: $(tail -n 1 "$work/build.log" | sed 's/^image.sh: //')"
else
    not_ok "the image build failed:"
    tail -n 40 "$work/build.log" | sed 's/^/#   /'
    finish
fi

# ---- what is in it ----
inspect() { oci podman image inspect --format "$1" "$IMAGE"; }
[ "$(inspect '{{json .Config.Entrypoint}}')" = '["halopsa-mcp"]' ] &&
    ok "ENTRYPOINT is [\"halopsa-mcp\"]" || not_ok "ENTRYPOINT is $(inspect '{{json .Config.Entrypoint}}')"
user=$(inspect '{{.Config.User}}')
case "$user" in "" | root | 0 | 0:*) not_ok "the image runs as root (User '$user')" ;; *) ok "runs as a non-root user ($user)" ;; esac
hc=$(inspect '{{json .Config.Healthcheck}}')
case "$hc" in *halopsa-mcp-healthcheck*) ok "HEALTHCHECK is set" ;; *) not_ok "no HEALTHCHECK in the image config: $hc" ;; esac
# Runtime stage only: no compiler, no headers; CA certificates for HTTPS.
if oci run --no-healthcheck --entrypoint /bin/sh "$IMAGE" -c \
    'id -u; ! command -v gcc && ! command -v cc && [ ! -e /usr/include/jansson.h ] &&
     [ -s /etc/ssl/certs/ca-certificates.crt ] && halopsa-mcp --version' >"$work/inside.log" 2>&1; then
    ok "no compiler or headers inside, CA certificates present, $(tail -n 1 "$work/inside.log")"
else
    not_ok "the runtime stage holds build tools, lacks CA certificates, or the binary does not run:"
    sed 's/^/#   /' "$work/inside.log"
fi
uid=$(head -n 1 "$work/inside.log")
[ -n "$uid" ] && [ "$uid" != 0 ] && ok "the process runs as uid $uid" || not_ok "the process runs as uid '$uid'"

# The HTTP form needs --allow-unauthenticated to bind 0.0.0.0 once the
# server refuses open non-loopback binds; older builds do not know it.
ALLOW=""
oci run --no-healthcheck "$IMAGE" serve --help 2>&1 | grep -q -- --allow-unauthenticated &&
    ALLOW=--allow-unauthenticated

# The JavaScript tests (tests/lib/node-suite.sh), their count added to ours.
# Starting a container takes seconds, many under load: generous waits.
CONTAINER_IMAGE="$IMAGE" CONTAINER_ALLOW="$ALLOW" OCI="$ROOT/scripts/oci.sh" NODE_SUITE_TIMEOUT="$TIMEOUT" \
    NODE_SUITE_TEST_TIMEOUT=$((TIMEOUT * 1000)) INTEROP_WAIT_MS=120000 \
    sh "$ROOT/tests/lib/node-suite.sh" image "$ROOT/tests/container" >"$work/node.log" 2>&1
cat "$work/node.log"
add_counts image "$work/node.log"
finish
