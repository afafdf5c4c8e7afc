#!/usr/bin/env bash
# oci.sh - build and run OCI (Docker) images on these machines, where no Docker daemon runs
# and no image registry is reachable. Uses Debian's podman + runc, and builds the base image
# locally from Debian's packages with mmdebstrap, tagged under the name a Dockerfile's FROM
# uses, so the same Dockerfile users build with Docker builds here with --pull=never.
# (Used by scripts/image.sh and tests/container/; make deps installs what `setup` does.)
#
#   oci.sh setup                       install podman, runc, mmdebstrap (as root; idempotent)
#   oci.sh base [SUITE]                make docker.io/library/debian:SUITE-slim (default bookworm)
#                                      from Debian's packages, if it is not there yet (~30 s)
#   oci.sh build TAG [DIR] [-f FILE]   podman build of DIR (default .) with --pull=never
#   oci.sh run [PODMAN RUN ARGS...] IMAGE [ARGS...]
#                                      podman run with the flags this sandbox needs
#   oci.sh podman ARGS...              any other podman command with the same global flags
#
# Why the flags: the machines are VMs without CAP_SYS_RESOURCE (so rlimits may only be lowered)
# and with hybrid cgroups (crun refuses them; runc with cgroupfs works); the overlay driver is
# not available, vfs is. Host networking is used because no bridge can be created; a published
# port is therefore the container's own listening port on 127.0.0.1.
set -euo pipefail
PODMAN=(podman --storage-driver=vfs --cgroup-manager=cgroupfs --runtime runc)
RUNFLAGS=(--network=host --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
cmd=${1:-}; shift || true
case "$cmd" in
  setup)
    need=()
    for p in podman runc mmdebstrap; do command -v "$p" >/dev/null || need+=("$p"); done
    if [ ${#need[@]} -gt 0 ]; then
      [ "$(id -u)" = 0 ] || { echo "oci.sh: run as root, or: apt-get install ${need[*]}" >&2; exit 2; }
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    fi ;;
  base)
    suite=${1:-bookworm}; tag="docker.io/library/debian:${suite}-slim"
    if ! "${PODMAN[@]}" image exists "$tag"; then
      tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
      # Slim like the official image: no docs, man pages, locales or apt
      # caches, in the base and in whatever a Dockerfile installs on it.
      mmdebstrap --quiet --variant=apt \
        --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
        --dpkgopt='path-exclude=/usr/share/lintian/*' --dpkgopt='path-exclude=/usr/share/linda/*' \
        --aptopt='Dir::Cache::pkgcache ""' --aptopt='Dir::Cache::srcpkgcache ""' \
        --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin' \
        "$suite" "$tmp/rootfs.tar" http://deb.debian.org/debian
      "${PODMAN[@]}" import "$tmp/rootfs.tar" "$tag" >/dev/null
      # the usual short names resolve to it too
      [ "$suite" = bookworm ] && "${PODMAN[@]}" tag "$tag" docker.io/library/debian:12-slim
    fi
    echo "$tag" ;;
  build)
    tag=$1; shift; dir=.; if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then dir=$1; shift; fi
    exec "${PODMAN[@]}" build --isolation=chroot --network=host --pull=never -t "$tag" "$@" "$dir" ;;
  run)
    exec "${PODMAN[@]}" run --rm "${RUNFLAGS[@]}" "$@" ;;
  podman)
    exec "${PODMAN[@]}" "$@" ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
