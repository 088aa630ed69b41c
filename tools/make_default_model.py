#!/usr/bin/env python3
"""Writes WaveAmp's interim default model: a small gated WaveNet in WaveNetVA JSON format.

The weights are made by this script (seeded), not taken from any third-party model. They are
shaped so that the model behaves like a gentle overdrive: a strong direct path through the skip
mix plus small random layers that add harmonics. The trainer (tools/train) will replace this
model with one fitted to the project's own reference overdrive.
Only the Python standard library is needed.
"""
import argparse
import json
import math
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="Resources/models/default.json")
    ap.add_argument("--seed", type=int, default=20261125)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    c, k = 8, 3
    dilations = [1, 2, 4, 8, 16, 32, 64, 128]

    def uniform(n, scale):
        return [rng.uniform(-scale, scale) for _ in range(n)]

    variables = []

    def var(idx, name, data):
        variables.append({"layer_idx": idx, "name": name, "data": [float("%.9g" % v) for v in data]})

    # input layer: spread the mono input over the channels with a drive of ~3
    var(-1, "W", [3.0 * rng.choice([-1, 1]) * rng.uniform(0.6, 1.0) for _ in range(c)])
    var(-1, "b", uniform(c, 0.05))
    for i, _ in enumerate(dilations):
        w = uniform(k * c * 2 * c, 0.6 / math.sqrt(c * k))
        # TF layout (k, in, out): make the current tap pass channel i to tanh half i (a soft clip)
        for ch in range(c):
            w[((k - 1) * c + ch) * 2 * c + ch] += 1.0
            w[((k - 1) * c + ch) * 2 * c + c + ch] += 0.5  # gate half open
        var(i, "W_conv", w)
        var(i, "b_conv", uniform(2 * c, 0.05))
        var(i, "W_out", uniform(c * c, 0.3 / math.sqrt(c)))
        var(i, "b_out", uniform(c, 0.02))
    mix = uniform(c * len(dilations), 0.08)
    var(len(dilations), "W", mix)
    var(len(dilations), "b", [0.0])
    model = {
        "name": "WaveAmp Interim Drive",
        "activation": "gated",
        "input_channels": 1,
        "output_channels": 1,
        "residual_channels": c,
        "filter_width": k,
        "dilations": dilations,
        "sample_rate": 48000,
        "variables": variables,
    }
    with open(args.out, "w") as f:
        json.dump(model, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
