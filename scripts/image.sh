#!/bin/sh
# image.sh [TAG] - builds the container image (Dockerfile) with podman
# through scripts/oci.sh: makes the debian:bookworm-slim base locally from
# Debian's packages when it is not there (no registry needed), then builds
# in the docker format, which keeps the HEALTHCHECK. Prints the build time
# and the image size. `make image` runs it; IMAGE=name:tag picks the tag.
set -eu
TAG=${1:-halopsa-mcp:latest}
cd "$(dirname "$0")/.."
for c in podman runc mmdebstrap; do
    command -v "$c" >/dev/null 2>&1 || {
        echo "image.sh: $c not found: run 'make deps' as root (or apt-get install podman runc mmdebstrap)" >&2
        exit 2
    }
done
bash scripts/oci.sh base >/dev/null
start=$(date +%s)
bash scripts/oci.sh build "$TAG" . --format docker
secs=$(($(date +%s) - start))
size=$(bash scripts/oci.sh podman image inspect --format '{{.Size}}' "$TAG")
echo "image.sh: built $TAG in ${secs} s; $((size / 1024 / 1024)) MiB ($size bytes)"
