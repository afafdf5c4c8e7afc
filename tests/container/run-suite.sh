#!/bin/sh
# run-suite.sh BUILD_DIR - the container image, built and run for real with
# podman (scripts/oci.sh: no Docker daemon or registry needed). Builds the
# image from the Dockerfile (scripts/image.sh), checks what is in it, then
# container.test.mjs drives it with the official TypeScript SDK client:
# `--demo` over stdio (podman run -i), and `serve --http 0.0.0.0:PORT` in a
# detached container reached from the host, with its HEALTHCHECK.
# The image build is slow on a clean machine (the Debian base is made with
# mmdebstrap, the build stage installs a compiler and compiles everything):
# `make check` starts it in the background first (run-suite.sh --prebuild
# BUILD_DIR), so it overlaps the sanitizer builds, and this suite waits for
# it; without a prebuild it builds the image itself (make check-container).
# Ends with "container: N passed, N failed". CONTAINER_IMAGE names the tag
# (default: one per checkout, so two checkouts on one machine do not mix).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
IMAGE=${CONTAINER_IMAGE:-localhost/halopsa-mcp:test-$(echo "$ROOT" | cksum | cut -d' ' -f1)}
TIMEOUT=${CONTAINER_TIMEOUT:-600}
BUILD_TIMEOUT=${CONTAINER_BUILD_TIMEOUT:-1800}

# ---- --prebuild BUILD_DIR: start the image build and return at once ----
if [ "${1:-}" = "--prebuild" ]; then
    pre="$2/container"
    mkdir -p "$pre" && rm -f "$pre/build.rc" "$pre/build.log" || exit 1
    (sh "$ROOT/scripts/image.sh" "$IMAGE" >"$pre/build.log" 2>&1 </dev/null
        echo $? >"$pre/build.rc") >/dev/null 2>&1 </dev/null &
    echo $! >"$pre/build.pid"
    exit 0
fi

B=${1:-build/asan}
case "$B" in /*) ;; *) B="$ROOT/$B" ;; esac
SUITE=container
. "$ROOT/tests/lib/suite.sh"
oci() { bash "$ROOT/scripts/oci.sh" "$@"; }

# ---- the build: the prebuild's result, else built here ----
pre="$B/container"
pid=$(cat "$pre/build.pid" 2>/dev/null)
rm -f "$pre/build.pid"
# A prebuild that is gone without a result (an interrupted make check) is
# not waited for: the image is built here.
if [ -n "$pid" ] && { [ -f "$pre/build.rc" ] || kill -0 "$pid" 2>/dev/null; }; then
    waited=0
    while [ ! -f "$pre/build.rc" ] && kill -0 "$pid" 2>/dev/null && [ "$waited" -lt "$BUILD_TIMEOUT" ]; do
        sleep 2
        waited=$((waited + 2))
    done
    cp "$pre/build.log" "$work/build.log" 2>/dev/null
    rc=$(cat "$pre/build.rc" 2>/dev/null || echo "no result after $waited s")
else
    sh "$ROOT/scripts/image.sh" "$IMAGE" >"$work/build.log" 2>&1
    rc=$?
fi
if [ "$rc" = 0 ]; then
    ok "the image builds: $(tail -n 1 "$work/build.log" | sed 's/^image.sh: //')"
else
    not_ok "the image build failed ($rc):"
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
     [ -s /etc/ssl/certs/ca-certificates.crt ] && [ -f /usr/share/zoneinfo/Europe/London ] &&
     halopsa-mcp --version' >"$work/inside.log" 2>&1; then
    ok "no compiler or headers inside, CA certificates and time zones present, $(tail -n 1 "$work/inside.log")"
else
    not_ok "the runtime stage holds build tools, lacks CA certificates or tzdata, or the binary does not run:"
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
