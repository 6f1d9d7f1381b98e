#!/usr/bin/env bash
# Set up santong and run every test: unit, contract (both brokers), integration (RabbitMQ and
# PostgreSQL), chaos.  A missing RabbitMQ or PostgreSQL fails the run; it never skips.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/services.sh
scripts/setup-python.sh --test
mkdir -p test-output
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
