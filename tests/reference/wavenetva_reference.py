#!/usr/bin/env python3
"""PyTorch reference forward of a WaveNetVA / PedalNetRT / SmartGuitarPedal JSON model.

    wavenetva_reference.py MODEL.json IN.wav OUT.wav [--apply-level-adjust]

The network mirrors PedalNetRT's WaveNet module (zero initial history):

    h    = input_layer(x)                       causal 1x1 conv, input_channels -> C, bias
    for each dilation d (layer l):
        z    = hidden_l(h)                      causal conv, kernel filter_width, dilation d
        s_l  = tanh(z[:C]) * sigmoid(z[C:])     gated: hidden is C -> 2C ("skip" of layer l)
               or act(z) for activation tanh/relu/linear (hidden is C -> C)
        h    = residual_l(s_l) + h              1x1 conv C -> C, bias
    y    = linear_mix(concat(s_0, ..., s_{L-1}))  1x1 conv C*L -> output_channels, bias

"Causal conv" is torch.nn.Conv1d(padding=(k-1)*d) with the last (k-1)*d outputs
dropped, so y[t] = b + sum_j W[:, :, j] x[t - (k-1-j)*d]: tap k-1 is the current
sample, tap 0 the oldest.

JSON weights are stored TensorFlow-style, shape (k, in, out) row-major:
    data[(j * in + i) * out + o] == W_torch[o, i, j]
with the same tap order as PyTorch (j = 0 is the oldest sample), no kernel flip.
Variables: layer_idx -1 "W","b" (input layer); 0..L-1 "W_conv","b_conv","W_out",
"b_out"; L "W","b" (linear mix). Numbers may be given as strings.

Input WAV: integer PCM (including 24-bit) is divided by 2^(bits-1), float is
taken as is; a multi-channel file uses channel 0. Output: mono float32 WAV at
the input rate. The top-level "level_adjust" is ignored unless
--apply-level-adjust is given (then the output is multiplied by it if non-zero).
"""

import argparse
import json
import sys
import time
import warnings

import numpy as np
import scipy.io.wavfile
import torch


class CausalConv1d(torch.nn.Conv1d):
    """Conv1d with left zero padding only: output t sees inputs <= t."""

    def __init__(self, cin, cout, kernel_size, dilation=1, bias=True):
        self.history = (kernel_size - 1) * dilation
        super().__init__(cin, cout, kernel_size, dilation=dilation, padding=self.history, bias=bias)

    def forward(self, x):
        y = super().forward(x)
        return y[..., : -self.history] if self.history else y


ACTIVATIONS = {
    "tanh": torch.tanh,
    "relu": torch.relu,
    "linear": lambda x: x,
}


class WaveNetVA(torch.nn.Module):
    def __init__(self, input_channels, output_channels, channels, filter_width, dilations, activation):
        super().__init__()
        if activation != "gated" and activation not in ACTIVATIONS:
            raise ValueError(f"unsupported activation {activation!r}")
        self.channels = channels
        self.activation = activation
        hidden_out = 2 * channels if activation == "gated" else channels
        self.input_layer = CausalConv1d(input_channels, channels, 1)
        self.hidden = torch.nn.ModuleList(
            CausalConv1d(channels, hidden_out, filter_width, dilation=d) for d in dilations)
        self.residuals = torch.nn.ModuleList(
            CausalConv1d(channels, channels, 1) for _ in dilations)
        self.linear_mix = torch.nn.Conv1d(channels * len(dilations), output_channels, 1)

    def forward(self, x):
        h = self.input_layer(x)
        skips = []
        for hidden, residual in zip(self.hidden, self.residuals):
            z = hidden(h)
            if self.activation == "gated":
                s = torch.tanh(z[:, : self.channels]) * torch.sigmoid(z[:, self.channels :])
            else:
                s = ACTIVATIONS[self.activation](z)
            skips.append(s)
            h = residual(s) + h
        return self.linear_mix(torch.cat(skips, dim=1))


def tf_to_torch(data, conv):
    """Copy a TensorFlow-layout (k, in, out) flat weight into conv.weight (out, in, k)."""
    cout, cin, k = conv.weight.shape
    w = np.asarray([float(v) for v in data], dtype=np.float32)
    if w.size != cout * cin * k:
        raise ValueError(f"weight has {w.size} values, expected {k}x{cin}x{cout}")
    conv.weight.copy_(torch.from_numpy(np.ascontiguousarray(w.reshape(k, cin, cout).transpose(2, 1, 0))))


def set_bias(data, conv):
    b = np.asarray([float(v) for v in data], dtype=np.float32)
    if b.size != conv.bias.numel():
        raise ValueError(f"bias has {b.size} values, expected {conv.bias.numel()}")
    conv.bias.copy_(torch.from_numpy(b))


def load_model(path):
    with open(path) as f:
        spec = json.load(f)
    dilations = [int(d) for d in spec["dilations"]]
    model = WaveNetVA(int(spec["input_channels"]), int(spec["output_channels"]),
                      int(spec["residual_channels"]), int(spec["filter_width"]),
                      dilations, spec.get("activation", "gated"))
    n = len(dilations)
    targets = {(-1, "W"): (tf_to_torch, model.input_layer), (-1, "b"): (set_bias, model.input_layer),
               (n, "W"): (tf_to_torch, model.linear_mix), (n, "b"): (set_bias, model.linear_mix)}
    for l in range(n):
        targets[(l, "W_conv")] = (tf_to_torch, model.hidden[l])
        targets[(l, "b_conv")] = (set_bias, model.hidden[l])
        targets[(l, "W_out")] = (tf_to_torch, model.residuals[l])
        targets[(l, "b_out")] = (set_bias, model.residuals[l])
    seen = set()
    with torch.no_grad():
        for var in spec["variables"]:
            key = (int(var["layer_idx"]), var["name"])
            if key not in targets:
                raise ValueError(f"unexpected variable {key}")
            if key in seen:
                raise ValueError(f"duplicate variable {key}")
            seen.add(key)
            setter, conv = targets[key]
            setter(var["data"], conv)
    missing = set(targets) - seen
    if missing:
        raise ValueError(f"missing variables {sorted(missing)}")
    model.eval()
    return model, float(spec.get("level_adjust", 0.0) or 0.0)


def read_wav(path):
    with warnings.catch_warnings():
        # e.g. a LIST/INFO chunk: irrelevant to the samples
        warnings.simplefilter("ignore", scipy.io.wavfile.WavFileWarning)
        rate, data = scipy.io.wavfile.read(path)
    if data.ndim > 1:
        data = data[:, 0]
    if data.dtype == np.uint8:
        x = (data.astype(np.float64) - 128.0) / 128.0
    elif np.issubdtype(data.dtype, np.integer):
        # scipy returns 24-bit PCM left-justified in int32, so bits = 32 here
        # gives the same value as dividing the 24-bit sample by 2^23.
        x = data.astype(np.float64) / float(2 ** (8 * data.dtype.itemsize - 1))
    else:
        x = data
    return rate, np.asarray(x, dtype=np.float32)


def render(model, x):
    with torch.no_grad():
        y = model(torch.from_numpy(x).reshape(1, 1, -1))
    return y[0, 0].numpy().astype(np.float32)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model")
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--apply-level-adjust", action="store_true",
                        help="multiply the output by the JSON's level_adjust when it is non-zero")
    args = parser.parse_args()

    torch.set_num_threads(2)
    model, level_adjust = load_model(args.model)
    if model.input_layer.in_channels != 1 or model.linear_mix.out_channels != 1:
        sys.exit("only mono models (input_channels = output_channels = 1) are supported")
    rate, x = read_wav(args.input)
    start = time.perf_counter()
    y = render(model, x)
    elapsed = time.perf_counter() - start
    if args.apply_level_adjust and level_adjust != 0.0:
        y = (y * np.float32(level_adjust)).astype(np.float32)
    scipy.io.wavfile.write(args.output, rate, y)
    print(f"{args.output}: {y.size} samples at {rate} Hz, forward {elapsed:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
