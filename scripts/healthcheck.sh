#!/bin/bash
# healthcheck.sh - the container image's HEALTHCHECK. When halopsa-mcp runs
# with --http [ADDR:]PORT, an HTTP request to its endpoint must get an HTTP
# answer (any status: without a session or a token the server refuses, and
# a refusal proves it serves) within 5 s. In stdio mode there is nothing to
# probe: the check passes while the process lives. Needs only bash (its
# /dev/tcp) and coreutils, both in debian:bookworm-slim.
set -u
spec=""
for cmd in /proc/[0-9]*/cmdline; do
    mapfile -d '' -t argv <"$cmd" 2>/dev/null || continue
    [ "${argv[0]:-}" != "" ] && [ "${argv[0]##*/}" = halopsa-mcp ] || continue
    for ((i = 1; i < ${#argv[@]}; i++)); do
        case "${argv[$i]}" in
        --http) spec=${argv[$((i + 1))]:-} ;;
        --http=*) spec=${argv[$i]#--http=} ;;
        esac
    done
    [ -n "$spec" ] && break
done
[ -n "$spec" ] || exit 0 # stdio mode

port=${spec##*:}
addr=127.0.0.1
case "$spec" in
*:*) addr=${spec%:*} ;;
esac
addr=${addr#[}
addr=${addr%]}
# A wildcard bind is reached on loopback.
case "$addr" in 0.0.0.0) addr=127.0.0.1 ;; ::) addr=::1 ;; esac

reply=$(timeout 5 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "GET /mcp HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n" >&3
    head -n 1 <&3' healthcheck "$addr" "$port" 2>/dev/null)
case "$reply" in
HTTP/1.?" "[1-4]*) exit 0 ;;
*)
    echo "halopsa-mcp-healthcheck: no HTTP answer from $addr:$port (${reply:-nothing})" >&2
    exit 1
    ;;
esac
