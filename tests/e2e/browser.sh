#!/usr/bin/env bash
# The report in a real browser (Debian chromium + playwright-core): see tests/browser/.
exec bash "$(dirname "$0")/../browser/run.sh" "$1"
