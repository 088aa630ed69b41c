#!/usr/bin/env bash
# Runs every test: installs what is missing (PyTorch included, for the reference checks),
# builds, and runs ctest. Tests that need ../shared skip visibly without it (fail under CI=true).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/install-deps.sh" test
"$root/tools/build.sh"
cd "$root/build"
ctest --output-on-failure --parallel "$(nproc)" --timeout 1200
