#!/usr/bin/env bash
# Regenerates committed PyTorch reference data with its generator and compares (the generator's
# --check mode): check_torch_vectors.sh PYTHON GENERATOR.py DATA_DIR.
# Exit 77 = skipped (no torch outside CI).
set -euo pipefail
python=$1 generator=$2 data=$3
if ! "$python" -c "import torch, numpy" 2>/dev/null; then
    echo "skipped: $python has no torch (apt-get install python3-torch)"
    [ "${CI:-}" = true ] && exit 1
    exit 77
fi
exec "$python" "$generator" --check "$data"
