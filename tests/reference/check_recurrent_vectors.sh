#!/usr/bin/env bash
# Regenerates the recurrent / Keras-style model vectors with PyTorch and compares them with the
# committed ones (tests/data/recurrent). Exit 77 = skipped (no torch outside CI).
set -euo pipefail
python=$1 data=$2
here=$(cd "$(dirname "$0")" && pwd)
if ! "$python" -c "import torch, numpy" 2>/dev/null; then
    echo "skipped: $python has no torch (apt-get install python3-torch)"
    [ "${CI:-}" = true ] && exit 1
    exit 77
fi
exec "$python" "$here/gen_recurrent_vectors.py" --check "$data"
