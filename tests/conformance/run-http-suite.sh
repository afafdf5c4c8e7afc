#!/bin/sh
# run-http-suite.sh BUILD_DIR - the conformance suite over our own
# Streamable HTTP transport. The runner lives in
# tests/conformance-http/run-suite.sh (tests/run.sh picks up only files
# named run-suite.sh); this name is kept for people who look here.
exec sh "$(dirname "$0")/../conformance-http/run-suite.sh" "$@"
