#!/usr/bin/env bash
# Trainer round trip: a short training run (tiny models, a few seconds of the project's own
# synthetic DI through its reference overdrive) in each export format, then the C++ engine's
# render of the exported file is compared with PyTorch's forward of the trained network on the
# same input (both from zero history): max abs <= 1e-5.
#   trainer_roundtrip.sh PYTHON WAVEAMP_RENDER WORKDIR
# Exit 77 = skipped (no torch outside CI); under CI=true a missing torch fails.
set -euo pipefail
python=$1 render=$2 work=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
train="$root/tools/train"
if ! "$python" -c "import torch, scipy, numpy" 2>/dev/null; then
    echo "skipped: $python has no torch/scipy/numpy (apt-get install python3-torch python3-scipy)"
    [ "${CI:-}" = true ] && exit 1
    exit 77
fi
rm -rf "$work" && mkdir -p "$work" && cd "$work"
"$python" "$train/synth_di.py" di.wav --seconds 6 --seed 7
"$python" "$train/overdrive.py" di.wav target.wav
"$python" "$train/synth_di.py" probe.wav --seconds 3 --seed 8   # unseen input for the comparison

status=0
check() {  # check NAME MODEL TRAIN-ARGS...
    local name=$1 model=$2
    shift 2
    echo "== $name: training"
    "$python" "$train/train.py" --input di.wav --target target.wav --out "$model" --seed 1 --threads 1 \
        --val-seconds 1 --segment 2048 --no-report --render probe.wav "$name.torch.wav" "$@"
    echo "== $name: rendering with the engine"
    "$render" --model "$model" probe.wav "$name.engine.wav" --block 67
    "$python" - "$name" "$model" "$name.torch.wav" "$name.engine.wav" <<'EOF' || status=1
import json, os, sys
import numpy as np
sys.path.insert(0, os.environ["TRAIN_DIR"])
import wavio
name, model, a, b = sys.argv[1:5]
_, torch_out = wavio.read_wav(a, True)
_, engine_out = wavio.read_wav(b, True)
assert torch_out.size == engine_out.size, (torch_out.size, engine_out.size)
err = float(np.max(np.abs(torch_out.astype(np.float64) - engine_out)))
peak = float(np.max(np.abs(torch_out)))
meta = json.load(open(model))["metadata"]
esr = meta["validation_esr"]
print(f"{name}: max abs engine vs PyTorch {err:.3g} over {torch_out.size} samples (peak {peak:.3f}); "
      f"validation ESR {esr:.4f}, loudness {meta['loudness']:.1f} dB")
ok = err <= 1e-5 and peak > 1e-3 and np.isfinite(esr) and esr < 1.0
print(f"{name}: {'ok' if ok else 'FAILED'}")
sys.exit(0 if ok else 1)
EOF
}
export TRAIN_DIR="$train"
check wavenetva tiny.json --arch pedalnet --channels 4 --dilations 1,2,4,8,16,32 --epochs 3
check nam nano.nam --arch nam-nano --epochs 2
exit $status
