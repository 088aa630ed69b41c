#!/usr/bin/python3
"""Builds WaveAmp's embedded default model, end to end, from the project's own material:

    /usr/bin/python3 tools/train/make_default_model.py [--out Resources/models/default.json]
                     [--work out/default_model] [--threads 1] [--epochs 40] [--max-minutes 24]

1. synthesises a training DI (synth_di.py, seed 1) and a held-out DI (seed 2, different music),
2. runs both through the reference overdrive (overdrive.py, drive 0.5, tone 0.5, level -6 dB),
3. trains the default architecture on the training pair (train.py, seed 1; its last seconds
   are the validation split used for early stopping),
4. exports it to --out and measures the ESR on the held-out pair, which the model never saw,
   both with PyTorch and (when build/ has it) with the C++ engine's render of the exported
   file; the held-out numbers are written into the model's metadata and --work/summary.json.
No third-party audio or weights are used.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import overdrive  # noqa: E402
import synth_di  # noqa: E402
import train  # noqa: E402
import wavio  # noqa: E402

RATE = 48000
TRAIN_SECONDS = 90.0
HELDOUT_SECONDS = 30.0
NAME = "WaveAmp Drive"
# The default model's architecture: see the README ("Model your own pedal or amp").
ARCH_ARGS = ["--arch", "nam-feather", "--lr", "0.004", "--lr-end", "0.0002", "--patience", "8"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(ROOT, "Resources", "models", "default.json"))
    ap.add_argument("--work", default=os.path.join(ROOT, "out", "default_model"))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--max-minutes", type=float, default=24.0)
    ap.add_argument("--train-seconds", type=float, default=TRAIN_SECONDS)
    ap.add_argument("--render-exe", default=os.path.join(ROOT, "build", "Source", "Cli", "waveamp-render"))
    ap.add_argument("extra", nargs="*", help="more train.py arguments (after --)")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    w = lambda name: os.path.join(args.work, name)  # noqa: E731

    started = time.perf_counter()
    for name, seconds, seed in (("train", args.train_seconds, 1), ("heldout", HELDOUT_SECONDS, 2)):
        x = synth_di.synth_di(seconds, seed, RATE)
        wavio.write_wav(w(f"di_{name}.wav"), RATE, x)
        wavio.write_wav(w(f"target_{name}.wav"), RATE, overdrive.overdrive(x, RATE))
    print(f"data: {args.train_seconds:g} s training + {HELDOUT_SECONDS:g} s held-out pairs "
          f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)

    code, result = train.run(ARCH_ARGS + [
        "--input", w("di_train.wav"), "--target", w("target_train.wav"), "--out", args.out,
        "--report", w("default"), "--seed", "1", "--threads", str(args.threads), "--epochs", str(args.epochs),
        "--max-minutes", str(args.max_minutes), "--name", NAME, "--modeled-by", "WaveAmp",
        "--gear-type", "pedal", "--gear-make", "WaveAmp", "--gear-model", "reference overdrive (tools/train/overdrive.py)",
        "--tone-type", "overdrive"] + args.extra)
    if code != 0:
        return code
    model = result["model"]

    # held-out evaluation (skip the first receptive field: the zero-history start-up)
    rf = model.receptive_field
    _, x = wavio.read_wav(w("di_heldout.wav"), True)
    _, y = wavio.read_wav(w("target_heldout.wav"), True)
    p = train.forward_causal(model, x)
    heldout = {"esr": train.esr_np(p[rf:], y[rf:]),
               "esr_pre_emphasis_0.95": train.esr_np(p[rf:], y[rf:], 0.95),
               "seconds": HELDOUT_SECONDS, "di_seed": 2}
    engine = None
    if os.path.exists(args.render_exe):
        subprocess.run([args.render_exe, "--model", args.out, w("di_heldout.wav"), w("engine_heldout.wav"),
                        "--quiet"], check=True)
        _, e = wavio.read_wav(w("engine_heldout.wav"), True)
        engine = {"esr": train.esr_np(e[rf:], y[rf:]), "max_abs_vs_torch": float(np.max(np.abs(e - p)))}
        heldout["engine"] = engine

    with open(args.out) as f:
        doc = json.load(f)
    doc["metadata"]["training"]["heldout"] = heldout
    train.write_model(args.out, doc)
    summary = {
        "model": os.path.relpath(args.out, ROOT), "description": model.describe(),
        "parameters": sum(q.numel() for q in model.parameters()), "macs_per_sample": model.macs_per_sample(),
        "receptive_field": rf, "validation_esr": result["val_esr"], "heldout": heldout,
        "epochs": len(result["history"]), "best_epoch": result["best_epoch"],
        "training_wall_seconds": round(result["train_seconds"], 1),
        "total_wall_seconds": round(time.perf_counter() - started, 1),
    }
    with open(w("summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
