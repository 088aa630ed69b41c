#!/usr/bin/env bash
# Renders ../shared/audio/guitar_di.wav through every WaveNetVA model in ../shared with our own
# PyTorch reference (wavenetva_reference.py) into OUTDIR, for WaveNetVATorchShared to compare.
# Exit 77 = skipped (no torch, or no ../shared outside CI).
set -euo pipefail
python=$1 shared=$2 outdir=$3
here=$(cd "$(dirname "$0")" && pwd)
if ! "$python" -c "import torch, scipy, numpy" 2>/dev/null; then
    echo "skipped: $python has no torch/scipy/numpy (apt-get install python3-torch python3-scipy)"
    [ "${CI:-}" = true ] && exit 1
    exit 77
fi
if [ ! -f "$shared/audio/guitar_di.wav" ]; then
    echo "skipped: $shared/audio/guitar_di.wav not found (../shared is not beside the checkout)"
    [ "${CI:-}" = true ] && exit 1
    exit 77
fi
mkdir -p "$outdir"
for model in "$shared"/models/wavenetva/*.json; do
    name=$(basename "$model" .json)
    "$python" "$here/wavenetva_reference.py" "$model" "$shared/audio/guitar_di.wav" "$outdir/$name.wav"
done
