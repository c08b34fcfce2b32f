#!/usr/bin/env bash
# CI step: download the Kafka broker jars (Maven Central, via mvn) once, before
# the integration tests start brokers with tests/helpers/kafka.ts.
# Cache <repo>/.cache/kafka (or $PLATEAU_CACHE_DIR/kafka) and ~/.m2 between runs to skip the download.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/kafka-local.sh fetch
