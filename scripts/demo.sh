#!/usr/bin/env bash
# Set up santong and run its demo on the embedded broker (no RabbitMQ or PostgreSQL needed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-python.sh
exec .venv/bin/santong demo "$@"
