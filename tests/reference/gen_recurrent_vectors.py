#!/usr/bin/env python3
"""PyTorch references for WaveAmp's recurrent and Keras-style models.

Each case builds a small network from torch.nn modules (LSTM, GRU, Conv1d, Linear, PReLU,
BatchNorm1d, activations) with weights from numpy's default_rng(seed) (seed derived from the
case name), writes it in the file format WaveAmp loads (.nam LSTM, or AIDA-X/RTNeural Keras
JSON), runs a test signal through the torch modules, and stores input and output.

Format conversions (the point of these tests):
  NAM LSTM: per layer [cat(weight_ih, weight_hh, dim=1) row-major, bias_ih + bias_hh,
            h0, c0], then head weight, head bias (torch gate order i, f, g, o).
  Keras LSTM: kernel = weight_ih.T (in, 4H), recurrent = weight_hh.T (H, 4H), bias =
            bias_ih + bias_hh; Keras's gate order i, f, c, o is torch's.
  Keras GRU (reset_after=True): torch's gates (r, z, n) reordered to Keras's (z, r, h);
            kernel = W_ih.T, recurrent = W_hh.T, bias = [[b_ih], [b_hh]] (2, 3H). The
            arithmetic is the same: n = tanh(W_in x + b_in + r * (W_hn h + b_hn)),
            h' = (1 - z) * n + z * h.
  Keras GRU (reset_after=False): torch has no such module; the reference applies Keras's
            formula h~ = tanh(W_h x + U_h (r * h) + b_h) with torch tensor ops.
  Keras Conv1D: kernel (k, in/groups, out) = torch weight (out, in/groups, k) transposed
            (2, 1, 0); causal (left zero padding (k-1)*d), as RTNeural streams it.
  Dense: kernel = weight.T (in, out).

Output (--out DIR, default tests/data/recurrent):
  manifest.json   {"cases": [{"name", "model", "frames", "data"}]}
  <name>.nam / <name>.json   the model file
  <name>.bin      little-endian float32: input (frames), then output (frames)

--check DIR regenerates into a temporary directory and compares with DIR: model files and
inputs must be identical, outputs within 1e-6.
"""

import argparse
import json
import pathlib
import sys
import tempfile
import zlib

import numpy as np
import torch

DEFAULT_OUT = pathlib.Path(__file__).resolve().parent.parent / "data" / "recurrent"
OUTPUT_TOLERANCE = 1e-6
FRAMES = 1500


def rng_for(name):
    return np.random.default_rng(zlib.crc32(name.encode()))


def fill(module, rng, scale=0.5):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.from_numpy(rng.uniform(-scale, scale, size=tuple(p.shape)).astype(np.float32)))


def signal(rng):
    t = np.arange(FRAMES)
    env = np.exp(-(t % 700) / 250.0)
    x = 0.6 * env * np.sin(2 * np.pi * 110 * t / 48000) + 0.05 * rng.standard_normal(FRAMES)
    x[900:1000] = 0.0  # a stretch of exact silence
    return x.astype(np.float32)


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).reshape(-1)]


def nested(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64).tolist()


def keras_lstm(lstm):
    w_ih, w_hh = lstm.weight_ih_l0.detach().numpy(), lstm.weight_hh_l0.detach().numpy()
    b = (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach().numpy()
    return {"type": "lstm", "activation": "", "shape": [None, None, lstm.hidden_size],
            "weights": [nested(w_ih.T), nested(w_hh.T), nested(b)]}


def gru_zrh(m):
    """torch (r, z, n) rows -> Keras (z, r, h)."""
    h = m.shape[0] // 3
    return np.concatenate([m[h:2 * h], m[:h], m[2 * h:]], axis=0)


def keras_gru(gru):
    w_ih, w_hh = gru_zrh(gru.weight_ih_l0.detach().numpy()), gru_zrh(gru.weight_hh_l0.detach().numpy())
    b_ih, b_hh = gru_zrh(gru.bias_ih_l0.detach().numpy()), gru_zrh(gru.bias_hh_l0.detach().numpy())
    return {"type": "gru", "activation": "", "shape": [None, None, gru.hidden_size],
            "weights": [nested(w_ih.T), nested(w_hh.T), nested(np.stack([b_ih, b_hh]))]}


def keras_dense(linear, activation=""):
    return {"type": "dense", "activation": activation, "shape": [None, None, linear.out_features],
            "weights": [nested(linear.weight.detach().numpy().T), nested(linear.bias.detach().numpy())]}


def keras_conv(conv, activation=""):
    w = conv.weight.detach().numpy()  # (out, in/groups, k)
    return {"type": "conv1d", "activation": activation, "shape": [None, None, conv.out_channels],
            "kernel_size": [conv.kernel_size[0]], "dilation": [conv.dilation[0]], "groups": conv.groups,
            "weights": [nested(w.transpose(2, 1, 0)), nested(conv.bias.detach().numpy())]}


def causal(conv, x):
    """x: (1, C, L) -> conv with (k-1)*d zeros in front."""
    pad = (conv.kernel_size[0] - 1) * conv.dilation[0]
    return conv(torch.nn.functional.pad(x, (pad, 0)))


def keras_doc(layers, extra=None):
    d = {"in_shape": [None, None, 1], "layers": layers, "metadata": {"samplerate": 48000}}
    d.update(extra or {})
    return d


def case_keras_lstm8(name, rng):
    lstm, head = torch.nn.LSTM(1, 8, batch_first=True), torch.nn.Linear(8, 1)
    fill(lstm, rng), fill(head, rng)
    x = signal(rng)
    with torch.no_grad():
        y = head(lstm(torch.from_numpy(x)[None, :, None])[0])[0, :, 0].numpy()
    # The first 256 samples also as the file's own test vectors (AIDA-X's input/output_batch).
    doc = keras_doc([keras_lstm(lstm), keras_dense(head)],
                    {"input_batch": floats(x[:256]), "output_batch": floats(y[:256])})
    return doc, ".json", x, y


def nam_lstm(name, rng, layers, hidden, burn_in):
    lstm, head = torch.nn.LSTM(1, hidden, num_layers=layers, batch_first=True), torch.nn.Linear(hidden, 1)
    fill(lstm, rng, 0.4), fill(head, rng)
    with torch.no_grad():
        if burn_in:  # as NAM's trainer exports: the state after zeros from a zero state
            _, (h0, c0) = lstm(torch.zeros(1, burn_in, 1))
        else:
            h0 = torch.from_numpy(rng.uniform(-0.5, 0.5, size=(layers, 1, hidden)).astype(np.float32))
            c0 = torch.from_numpy(rng.uniform(-0.5, 0.5, size=(layers, 1, hidden)).astype(np.float32))
        x = signal(rng)
        y = head(lstm(torch.from_numpy(x)[None, :, None], (h0, c0))[0])[0, :, 0].numpy()
    weights = []
    for i in range(layers):
        g = lambda n: getattr(lstm, f"{n}_l{i}").detach().numpy()
        weights += floats(np.concatenate([g("weight_ih"), g("weight_hh")], axis=1))
        weights += floats(g("bias_ih") + g("bias_hh")) + floats(h0[i, 0]) + floats(c0[i, 0])
    weights += floats(head.weight.detach().numpy()) + floats(head.bias.detach().numpy())
    doc = {"version": "0.5.4", "architecture": "LSTM", "sample_rate": 48000,
           "config": {"input_size": 1, "hidden_size": hidden, "num_layers": layers},
           "metadata": {"name": name}, "weights": weights}
    return doc, ".nam", x, y


def case_keras_gru8(name, rng):
    gru, head = torch.nn.GRU(1, 8, batch_first=True), torch.nn.Linear(8, 1)
    fill(gru, rng), fill(head, rng)
    x = signal(rng)
    with torch.no_grad():
        y = head(gru(torch.from_numpy(x)[None, :, None])[0])[0, :, 0].numpy()
    return keras_doc([keras_gru(gru), keras_dense(head, "tanh")]), ".json", x, np.tanh(y)


def case_keras_gru6_reset_before(name, rng):
    """Keras reset_after=False: r gates the hidden state before the recurrent product."""
    hidden = 6
    w = torch.from_numpy(rng.uniform(-0.5, 0.5, size=(1, 3 * hidden)).astype(np.float32))   # Keras (in, 3H), z r h
    u = torch.from_numpy(rng.uniform(-0.5, 0.5, size=(hidden, 3 * hidden)).astype(np.float32))
    b = torch.from_numpy(rng.uniform(-0.5, 0.5, size=(3 * hidden,)).astype(np.float32))
    head = torch.nn.Linear(hidden, 1)
    fill(head, rng)
    x = signal(rng)
    h = torch.zeros(hidden)
    out = []
    with torch.no_grad():
        for v in torch.from_numpy(x):
            xw = v * w[0] + b
            z = torch.sigmoid(xw[:hidden] + h @ u[:, :hidden])
            r = torch.sigmoid(xw[hidden:2 * hidden] + h @ u[:, hidden:2 * hidden])
            cand = torch.tanh(xw[2 * hidden:] + (r * h) @ u[:, 2 * hidden:])
            h = z * h + (1 - z) * cand
            out.append(head(h)[0])
        y = torch.stack(out).numpy()
    layer = {"type": "gru", "activation": "", "shape": [None, None, hidden],
             "weights": [nested(w.numpy()), nested(u.numpy()), nested(b.numpy())]}
    return keras_doc([layer, keras_dense(head)]), ".json", x, y


def case_keras_mixed(name, rng):
    """conv1d(tanh) > grouped conv1d > prelu > lstm > dense(sigmoid) > batchnorm > dense(elu)
    > softmax > dense, with in_skip and in/out gains."""
    c1 = torch.nn.Conv1d(1, 4, 3, dilation=2)
    c2 = torch.nn.Conv1d(4, 4, 2, dilation=4, groups=2)
    prelu = torch.nn.PReLU(4)
    lstm = torch.nn.LSTM(4, 6, batch_first=True)
    d1, d2, d3 = torch.nn.Linear(6, 3), torch.nn.Linear(3, 4), torch.nn.Linear(4, 1)
    bn = torch.nn.BatchNorm1d(3, eps=1e-3).eval()
    for m in (c1, c2, prelu, lstm, d1, d2, d3, bn):
        fill(m, rng)
    with torch.no_grad():
        bn.running_mean.copy_(torch.from_numpy(rng.uniform(-0.3, 0.3, 3).astype(np.float32)))
        bn.running_var.copy_(torch.from_numpy(rng.uniform(0.5, 1.5, 3).astype(np.float32)))
    in_db, out_db = -2.0, 3.0
    g_in, g_out = np.float32(10 ** (in_db / 20)), np.float32(10 ** (out_db / 20))
    x = signal(rng)
    with torch.no_grad():
        xin = torch.from_numpy(x) * torch.tensor(g_in)
        a = torch.tanh(causal(c1, xin[None, None, :]))
        a = prelu(causal(c2, a))                            # (1, 4, L)
        a = lstm(a.transpose(1, 2))[0]                      # (1, L, 6)
        a = torch.sigmoid(d1(a))
        a = bn(a.transpose(1, 2)).transpose(1, 2)
        a = torch.nn.functional.elu(d2(a))
        a = torch.softmax(a, dim=-1)
        y = ((d3(a)[0, :, 0] + xin) * torch.tensor(g_out)).numpy()
    layers = [keras_conv(c1, "tanh"), keras_conv(c2),
              {"type": "prelu", "shape": [None, None, 4], "weights": [nested(prelu.weight.detach().numpy()[None, :])]},
              keras_lstm(lstm), keras_dense(d1, "sigmoid"),
              {"type": "batchnorm", "shape": [None, None, 3], "epsilon": 1e-3,
               "weights": [nested(bn.weight.detach().numpy()), nested(bn.bias.detach().numpy()),
                           nested(bn.running_mean.numpy()), nested(bn.running_var.numpy())]},
              keras_dense(d2, "elu"), {"type": "activation", "activation": "softmax", "shape": [None, None, 4]},
              keras_dense(d3)]
    return keras_doc(layers, {"in_skip": 1, "in_gain": in_db, "out_gain": out_db}), ".json", x, y


def case_keras_conv_relu(name, rng):
    """No recurrence: a finite receptive field (conv1d k4 d3 > relu > dense)."""
    c1, d1 = torch.nn.Conv1d(1, 3, 4, dilation=3), torch.nn.Linear(3, 1)
    fill(c1, rng), fill(d1, rng)
    x = signal(rng)
    with torch.no_grad():
        y = d1(torch.relu(causal(c1, torch.from_numpy(x)[None, None, :])).transpose(1, 2))[0, :, 0].numpy()
    return keras_doc([keras_conv(c1, "relu"), keras_dense(d1)]), ".json", x, y


CASES = {
    "keras_lstm8": case_keras_lstm8,
    "nam_lstm_2x5": lambda n, r: nam_lstm(n, r, 2, 5, 0),
    "nam_lstm_1x16_burnin": lambda n, r: nam_lstm(n, r, 1, 16, 4800),
    "keras_gru8": case_keras_gru8,
    "keras_gru6_reset_before": case_keras_gru6_reset_before,
    "keras_mixed": case_keras_mixed,
    "keras_conv_relu": case_keras_conv_relu,
}


def generate(out):
    torch.set_num_threads(1)
    out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for name, make in CASES.items():
        doc, ext, x, y = make(name, rng_for(name))
        y = np.asarray(y, dtype=np.float32)
        assert x.shape == (FRAMES,) and y.shape == (FRAMES,) and np.all(np.isfinite(y)), name
        (out / (name + ext)).write_text(json.dumps(doc, separators=(",", ":")) + "\n")
        (out / (name + ".bin")).write_bytes(x.astype("<f4").tobytes() + y.astype("<f4").tobytes())
        manifest.append({"name": name, "model": name + ext, "frames": FRAMES, "data": name + ".bin"})
    (out / "manifest.json").write_text(json.dumps({"cases": manifest}, indent=1) + "\n")


def check(committed):
    with tempfile.TemporaryDirectory() as tmp:
        fresh = pathlib.Path(tmp)
        generate(fresh)
        failures = 0
        for case in json.loads((fresh / "manifest.json").read_text())["cases"]:
            name = case["name"]
            if (fresh / case["model"]).read_text() != (committed / case["model"]).read_text():
                print(f"{name}: model file differs from the committed one"); failures += 1; continue
            a = np.frombuffer((fresh / case["data"]).read_bytes(), "<f4")
            b = np.frombuffer((committed / case["data"]).read_bytes(), "<f4")
            if a.shape != b.shape or not np.array_equal(a[:FRAMES], b[:FRAMES]):
                print(f"{name}: input differs"); failures += 1; continue
            err = float(np.max(np.abs(a[FRAMES:] - b[FRAMES:])))
            print(f"{name}: output max abs difference {err:.3g}")
            failures += err > OUTPUT_TOLERANCE
        return 1 if failures else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    p.add_argument("--check", type=pathlib.Path)
    a = p.parse_args()
    if a.check:
        sys.exit(check(a.check))
    generate(a.out)


if __name__ == "__main__":
    main()
