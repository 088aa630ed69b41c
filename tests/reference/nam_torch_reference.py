#!/usr/bin/env python3
"""PyTorch references for the NAM architectures and options beyond the A1 WaveNet.

Each case is a small .nam file with seeded random weights (numpy default_rng, seed from the
case name), written in the .nam layout the reference implementation (NeuralAmpModelerCore,
neural-amp-modeler) reads, and its output on a seeded test signal computed by an independent
PyTorch forward of the documented math, from zero history:

  WaveNet   per array: h = rechannel(x) (1x1, no bias); per layer
              z = conv_dil(h) (+ bias, groups_input) + mixin(x) (1x1, no bias)
              a = act(z)                                  gating_mode none
                = act(z[:B]) * sec(z[B:])                 gated (sec defaults to Sigmoid)
                = s * act(z[:B]) + (1 - s) * z[:B], s = sec(z[B:])     blended
              head += head1x1(a) if head1x1 active else a
              h = h + layer1x1(a) if layer1x1 active else h
            head_out = causal conv (kernel head.kernel_size, bias optional) of head, which
            starts from the previous array's head_out; output = head_scale * last head_out,
            or the post-stack head: per kernel size, y = conv(act(y)) (bias).
            Weight order: rechannel; per layer conv W (Z, C/g, k), b, mixin, layer1x1 W, b,
            head1x1 W, b; head W (out, in, k) [, b]; post-stack head convs W, b; head_scale.
  ConvNet   blocks conv (kernel 2, dilation d, bias unless batchnorm) -> batchnorm (eval:
            running stats) -> activation; head 1x1 (C -> 1, bias). Weights per block: conv W
            [, b], running_mean, running_var, weight, bias, eps; then head W, b.
  Linear    y[t] = bias + sum_j h[j] x[t - j]: the weights are the impulse response, h[0] on the
            current sample, as NeuralAmpModelerCore plays them (torch conv1d with the taps
            flipped).

Output (--out DIR, default tests/data/nam_torch): <case>.nam, <case>.bin (float32 input then
output, FRAMES each) and manifest.json. --check DIR regenerates into a temporary directory:
the .nam files must be identical and the outputs within 1e-6.

    /usr/bin/python3 tests/reference/nam_torch_reference.py [--out DIR | --check DIR]
"""

import argparse
import json
import pathlib
import sys
import tempfile
import zlib

import numpy as np
import torch
import torch.nn.functional as F

DEFAULT_OUT = pathlib.Path(__file__).resolve().parent.parent / "data" / "nam_torch"
FRAMES = 3000
OUTPUT_TOLERANCE = 1e-6


def leaky(slope):
    return {"type": "LeakyReLU", "negative_slope": slope}


def wavenet_array(input_size, channels, dilations, kernel_sizes, activation, head, **options):
    a = {"input_size": input_size, "condition_size": 1, "channels": channels, "dilations": dilations,
         "kernel_sizes": kernel_sizes, "activation": activation, "head": head}
    a.update(options)
    return a


# name -> (architecture, config)
CASES = {
    "wavenet_a2_style": ("WaveNet", {"layers": [wavenet_array(
        1, 4, [1, 3, 7, 1, 13], [6, 6, 6, 15, 15], [leaky(0.01)] * 5,
        {"out_channels": 1, "kernel_size": 16, "bias": True}, bottleneck=4,
        layer1x1={"active": True, "groups": 1}, head1x1={"active": False, "out_channels": 1, "groups": 1},
        gating_mode=["none"] * 5, secondary_activation=[None] * 5, slimmable=None,
        conv_pre_film={"active": False, "shift": True, "groups": 1})], "head": None, "head_scale": 0.05}),
    "wavenet_a2_lite_style": ("WaveNet", {"layers": [wavenet_array(
        1, 3, [1, 3, 7, 17, 1, 13, 41], [6, 6, 6, 6, 15, 15, 6], {"type": "LeakyReLU", "negative_slope": 0.01},
        {"out_channels": 1, "kernel_size": 16, "bias": True}, bottleneck=3,
        layer1x1={"active": True, "groups": 1}, gating_mode="none")], "head": None, "head_scale": 0.05}),
    "wavenet_gated_blended_bottleneck": ("WaveNet", {"layers": [wavenet_array(
        1, 6, [1, 2, 4, 8], [3, 2, 3, 4], ["Tanh", leaky(0.2), "ReLU", "Softsign"],
        {"out_channels": 5, "kernel_size": 2, "bias": False}, bottleneck=4,
        gating_mode=["gated", "blended", "none", "blended"],
        secondary_activation=["Sigmoid", "Sigmoid", None, {"type": "Hardtanh"}],
        layer1x1={"active": True, "groups": 2}, head1x1={"active": True, "out_channels": 5, "groups": 1},
        groups_input=2), wavenet_array(
        6, 5, [1, 5], [3, 3], "Tanh", {"out_channels": 1, "kernel_size": 1, "bias": True},
        gating_mode="gated", head1x1={"active": False, "out_channels": 5, "groups": 1})],
        "head": None, "head_scale": 0.3}),
    "wavenet_no_layer1x1_post_head": ("WaveNet", {"layers": [wavenet_array(
        1, 3, [1, 2, 4], [3, 3, 3], "SiLU", {"out_channels": 2, "kernel_size": 3, "bias": True},
        layer1x1={"active": False, "groups": 1}, gated=False)],
        "head": {"channels": 4, "out_channels": 1, "kernel_sizes": [3, 2], "activation": "Tanh"},
        "head_scale": 0.5}),
    "wavenet_legacy_gated_head1x1": ("WaveNet", {"layers": [
        {"input_size": 1, "condition_size": 1, "head_size": 1, "channels": 5, "kernel_size": 3,
         "dilations": [1, 2, 4], "activation": "Tanh", "gated": True, "head_bias": True,
         "head1x1": {"active": True, "out_channels": 2, "groups": 1}}], "head": None, "head_scale": 0.4}),
    "convnet_tanh": ("ConvNet", {"channels": 4, "dilations": [1, 2, 4, 8, 16], "batchnorm": False,
                                 "activation": "Tanh"}),
    "convnet_batchnorm_relu": ("ConvNet", {"channels": 3, "dilations": [1, 3, 9, 27], "batchnorm": True,
                                           "activation": "ReLU"}),
    "linear_bias": ("Linear", {"receptive_field": 48, "bias": True}),
    "linear_nobias": ("Linear", {"receptive_field": 7, "bias": False}),
}


def activation(spec):
    if spec is None:
        return lambda x: x
    name = spec if isinstance(spec, str) else spec["type"]
    if name == "Tanh":
        return torch.tanh
    if name == "ReLU":
        return torch.relu
    if name == "Sigmoid":
        return torch.sigmoid
    if name == "SiLU":
        return F.silu
    if name == "Softsign":
        return F.softsign
    if name == "Hardtanh":
        return F.hardtanh
    if name == "LeakyReLU":
        slope = spec.get("negative_slope", 0.01) if isinstance(spec, dict) else 0.01
        return lambda x: F.leaky_relu(x, slope)
    raise ValueError(name)


class Weights:
    """Draws tensors in file order, and records them as the flat .nam weight list."""

    def __init__(self, rng):
        self.rng, self.flat = rng, []

    def take(self, shape, scale):
        w = (self.rng.uniform(-1.0, 1.0, size=shape) * scale).astype(np.float32)
        self.flat += [float(v) for v in w.reshape(-1)]
        return torch.from_numpy(w)

    def value(self, v):
        self.flat.append(float(np.float32(v)))
        return torch.tensor(np.float32(v))


def causal(x, w, b, dilation=1, groups=1):
    k = w.shape[-1]
    return F.conv1d(F.pad(x, ((k - 1) * dilation, 0)), w, b, dilation=dilation, groups=groups)


def per_layer(value, i):
    return value[i] if isinstance(value, list) else value


def wavenet(config, wt, x):
    cond, layer_in, head_prev = x, x, None
    for a in config["layers"]:
        c, n = a["channels"], len(a["dilations"])
        b = a.get("bottleneck", c)
        ks = a.get("kernel_sizes") or [a["kernel_size"]] * n
        gi, gm = a.get("groups_input", 1), a.get("groups_input_mixin", 1)
        l1 = a.get("layer1x1", {"active": True, "groups": 1})
        h1 = a.get("head1x1", {"active": False, "groups": 1})
        head = a.get("head") or {"out_channels": a["head_size"], "kernel_size": 1, "bias": a["head_bias"]}
        hin = h1["out_channels"] if h1["active"] else b
        h = F.conv1d(layer_in, wt.take((c, a["input_size"], 1), 1.0))
        acc = torch.zeros(1, hin, x.shape[-1]) if head_prev is None else head_prev
        for i in range(n):
            if "gating_mode" in a:
                mode = per_layer(a["gating_mode"], i)
            else:
                mode = "gated" if a.get("gated", False) else "none"
            z_ch = b if mode == "none" else 2 * b
            wc = wt.take((z_ch, c // gi, ks[i]), 1.0 / np.sqrt(c * ks[i] / gi))
            bc = wt.take((z_ch,), 0.1)
            wm = wt.take((z_ch, 1 // gm, 1), 0.5)
            z = causal(h, wc, bc, a["dilations"][i], gi) + F.conv1d(cond, wm, groups=gm)
            act = activation(per_layer(a["activation"], i))
            sec_spec = per_layer(a.get("secondary_activation"), i) if "secondary_activation" in a else None
            sec = activation(sec_spec if sec_spec is not None else "Sigmoid")
            if mode == "none":
                out = act(z)
            elif mode == "gated":
                out = act(z[:, :b]) * sec(z[:, b:])
            else:
                s = sec(z[:, b:])
                out = s * act(z[:, :b]) + (1.0 - s) * z[:, :b]
            if l1["active"]:
                g = l1["groups"]
                w1 = wt.take((c, b // g, 1), 1.0 / np.sqrt(b / g))
                h = h + F.conv1d(out, w1, wt.take((c,), 0.1), groups=g)
            if h1["active"]:
                g = h1["groups"]
                wh = wt.take((h1["out_channels"], b // g, 1), 1.0 / np.sqrt(b / g))
                acc = acc + F.conv1d(out, wh, wt.take((h1["out_channels"],), 0.1), groups=g)
            else:
                acc = acc + out
        whd = wt.take((head["out_channels"], hin, head["kernel_size"]), 1.0 / np.sqrt(hin * head["kernel_size"]))
        bhd = wt.take((head["out_channels"],), 0.1) if head["bias"] else None
        head_prev = causal(acc, whd, bhd)
        layer_in = h
    post = config.get("head")
    y = None
    if post is not None:
        y_in, cin = None, config["layers"][-1]["head"]["out_channels"]
        convs = []
        for i, k in enumerate(post["kernel_sizes"]):
            cout = post["out_channels"] if i + 1 == len(post["kernel_sizes"]) else post["channels"]
            convs.append((wt.take((cout, cin, k), 1.0 / np.sqrt(cin * k)), wt.take((cout,), 0.1)))
            cin = cout
    scale = wt.value(config["head_scale"])
    if post is None:
        return head_prev * scale
    y = head_prev * scale
    for w, bias in convs:
        y = causal(activation(post["activation"])(y), w, bias)
    return y


def convnet(config, wt, x):
    c, bn = config["channels"], config["batchnorm"]
    act = activation(config["activation"])
    y = x
    for i, d in enumerate(config["dilations"]):
        cin = 1 if i == 0 else c
        w = wt.take((c, cin, 2), 1.0 / np.sqrt(2 * cin))
        bias = None if bn else wt.take((c,), 0.1)
        y = causal(y, w, bias, d)
        if bn:
            mean = wt.take((c,), 0.3)
            var = wt.take((c,), 0.5) + 0.6  # recorded as drawn; shifted below in the file too
            wt.flat[-c:] = [float(v) for v in var.numpy()]
            gamma, beta = wt.take((c,), 1.0), wt.take((c,), 0.2)
            eps = wt.value(1e-5)
            y = F.batch_norm(y, mean, var, gamma, beta, training=False, eps=float(eps))
        y = act(y)
    return F.conv1d(y, wt.take((1, c, 1), 1.0 / np.sqrt(c)), wt.take((1,), 0.1))


def linear(config, wt, x):
    rf = config["receptive_field"]
    h = wt.take((rf,), 1.0 / np.sqrt(rf))
    bias = wt.take((1,), 0.1) if config["bias"] else None
    return causal(x, torch.flip(h, [0]).reshape(1, 1, rf), bias)


def test_signal(rng):
    t = np.arange(FRAMES) / 48000.0
    env = np.exp(-((np.arange(FRAMES) % 1000) / 400.0))
    x = 0.6 * env * np.sin(2 * np.pi * 196.0 * t) + 0.05 * rng.standard_normal(FRAMES)
    x[2200:2400] = 0.0  # some exact silence
    return x.astype(np.float32)


def build_case(name):
    architecture, config = CASES[name]
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    wt = Weights(rng)
    x = torch.from_numpy(test_signal(rng)).reshape(1, 1, FRAMES)
    forward = {"WaveNet": wavenet, "ConvNet": convnet, "Linear": linear}[architecture]
    with torch.no_grad():
        y = forward(config, wt, x).reshape(-1).numpy().astype(np.float32)
    doc = {"version": "0.7.0", "architecture": architecture, "config": config, "weights": wt.flat,
           "sample_rate": 48000, "metadata": {"name": "WaveAmp torch reference: " + name}}
    return json.dumps(doc) + "\n", x.reshape(-1).numpy(), y


def write(out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = {"frames": FRAMES, "cases": []}
    for name in CASES:
        text, x, y = build_case(name)
        (out_dir / (name + ".nam")).write_text(text)
        np.concatenate([x, y]).astype("<f4").tofile(out_dir / (name + ".bin"))
        manifest["cases"].append({"name": name, "architecture": CASES[name][0], "model": name + ".nam",
                                  "vectors": name + ".bin"})
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


def check(committed):
    with tempfile.TemporaryDirectory() as tmp:
        write(pathlib.Path(tmp))
        ok = True
        for name in CASES:
            fresh = pathlib.Path(tmp)
            same_model = (fresh / (name + ".nam")).read_bytes() == (committed / (name + ".nam")).read_bytes()
            a = np.fromfile(fresh / (name + ".bin"), "<f4")
            b = np.fromfile(committed / (name + ".bin"), "<f4")
            diff = float(np.max(np.abs(a - b))) if a.shape == b.shape else float("inf")
            good = same_model and diff <= OUTPUT_TOLERANCE
            ok &= good
            print(("ok      " if good else "DIFFERS ") + name + " (model %s, max abs %.3g)"
                  % ("identical" if same_model else "differs", diff))
        return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    parser.add_argument("--check", type=pathlib.Path)
    args = parser.parse_args()
    if args.check:
        return check(args.check)
    write(args.out)
    print("wrote %d cases to %s" % (len(CASES), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
