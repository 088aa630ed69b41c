#!/usr/bin/env python3
"""Golden vectors for WaveAmp's causal dilated Conv1d.

Each case is computed exactly as PyTorch does it for PedalNetRT's CausalConv1d:

    conv = torch.nn.Conv1d(in, out, k, dilation=d, padding=(k-1)*d, bias=...)
    y = conv(x)[..., :-(k-1)*d]          # drop the trailing (k-1)*d outputs

i.e. y[o, t] = b[o] + sum_{i, j} W[o, i, j] * x[i, t - (k-1-j)*d], with x = 0 for
t < 0 (zero history). Tap j = k-1 is the current sample, tap 0 the oldest.

Weights, biases and inputs come from numpy's default_rng(seed) (PCG64), with
the seed derived from the case name, so they are reproducible across versions;
only the output depends on PyTorch's float32 arithmetic.

Output (in --out DIR, default tests/data/conv1d next to this script's tests/):
  manifest.json  {"cases": [{"name", "in_channels", "out_channels",
                  "kernel_size", "dilation", "bias", "frames", "file"}, ...]}
  <name>.bin     little-endian float32, in order:
                   weight (out, in, k) row-major (PyTorch layout)
                   bias   (out)                  only if "bias" is true
                   input  (in, frames) row-major
                   output (out, frames) row-major

--check DIR regenerates into a temporary directory and compares with DIR:
weights, biases and inputs must be bitwise equal, outputs within 1e-6.
"""

import argparse
import json
import pathlib
import sys
import tempfile
import zlib

import numpy as np
import torch

DEFAULT_OUT = pathlib.Path(__file__).resolve().parent.parent / "data" / "conv1d"
OUTPUT_TOLERANCE = 1e-6

# (kernel_size, dilation, in_channels, out_channels, bias)
CASES = [
    # 1x1 convolutions: WaveNet input layer, residual 1x1, linear mix
    (1, 1, 1, 1, True),
    (1, 1, 1, 16, True),
    (1, 1, 16, 16, True),
    (1, 1, 16, 32, False),
    (1, 1, 32, 8, False),
    (1, 1, 160, 1, True),  # linear mix of pedalnet: 10 layers x 16 skips -> 1
    # kernel 2
    (2, 1, 1, 1, True),
    (2, 3, 3, 5, True),
    (2, 7, 4, 4, False),
    (2, 512, 4, 8, True),
    # kernel 3 (the WaveNetVA family: hidden conv C -> 2C)
    (3, 1, 1, 1, True),
    (3, 1, 16, 32, True),
    (3, 1, 32, 32, True),
    (3, 2, 16, 32, True),
    (3, 3, 3, 5, False),
    (3, 4, 8, 16, False),
    (3, 7, 8, 16, True),
    (3, 16, 1, 16, True),
    (3, 64, 16, 32, True),
    (3, 128, 5, 10, True),
    (3, 256, 10, 20, True),
    (3, 512, 1, 1, False),
    (3, 512, 16, 32, True),
    # kernel 4
    (4, 1, 2, 3, True),
    (4, 5, 6, 6, True),
    (4, 64, 8, 4, False),
    # kernel 5
    (5, 1, 1, 1, True),
    (5, 2, 32, 8, True),
    (5, 3, 3, 5, True),
    (5, 512, 2, 2, True),
]


def case_name(k, d, cin, cout, bias):
    return f"k{k}_d{d}_{cin}to{cout}_{'bias' if bias else 'nobias'}"


def case_frames(k, d):
    # Longer than the receptive field by a few hundred samples so that an
    # engine's history buffer wraps; odd so it is no multiple of a block size.
    return max(401, (k - 1) * d + 301)


def make_case(k, d, cin, cout, bias):
    name = case_name(k, d, cin, cout, bias)
    frames = case_frames(k, d)
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    bound = 1.0 / np.sqrt(cin * k)
    weight = rng.uniform(-bound, bound, size=(cout, cin, k)).astype(np.float32)
    b = rng.uniform(-bound, bound, size=cout).astype(np.float32) if bias else None
    x = rng.uniform(-1.0, 1.0, size=(cin, frames)).astype(np.float32)

    conv = torch.nn.Conv1d(cin, cout, k, dilation=d, padding=(k - 1) * d, bias=bias)
    with torch.no_grad():
        conv.weight.copy_(torch.from_numpy(weight))
        if bias:
            conv.bias.copy_(torch.from_numpy(b))
        y = conv(torch.from_numpy(x).unsqueeze(0))
        if (k - 1) * d:
            y = y[..., : -(k - 1) * d]
    y = y.squeeze(0).numpy().astype(np.float32)
    assert y.shape == (cout, frames)

    # Independent float64 check of the formula in the module docstring.
    ref = np.zeros((cout, frames)) if b is None else np.repeat(b.astype(np.float64)[:, None], frames, 1)
    x64 = x.astype(np.float64)
    for j in range(k):
        shift = (k - 1 - j) * d
        if shift >= frames:
            continue
        ref[:, shift:] += weight[:, :, j].astype(np.float64) @ x64[:, : frames - shift]
    err = float(np.max(np.abs(ref - y)))
    if err > 1e-5:
        raise RuntimeError(f"{name}: torch output differs from float64 formula by {err}")

    meta = {
        "name": name,
        "in_channels": cin,
        "out_channels": cout,
        "kernel_size": k,
        "dilation": d,
        "bias": bias,
        "frames": frames,
        "file": name + ".bin",
    }
    parts = {"weight": weight, "bias": b, "input": x, "output": y}
    return meta, parts


def write_all(out_dir):
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    metas = []
    for spec in CASES:
        meta, parts = make_case(*spec)
        with open(out_dir / meta["file"], "wb") as f:
            for key in ("weight", "bias", "input", "output"):
                if parts[key] is not None:
                    f.write(parts[key].astype("<f4").tobytes(order="C"))
        metas.append(meta)
    with open(out_dir / "manifest.json", "w") as f:
        json.dump({"cases": metas}, f, indent=1)
        f.write("\n")
    return metas


def read_case(directory, meta):
    """Split a case's .bin into its parts, checking the size."""
    cin, cout, k, n = meta["in_channels"], meta["out_channels"], meta["kernel_size"], meta["frames"]
    shapes = [("weight", (cout, cin, k))]
    if meta["bias"]:
        shapes.append(("bias", (cout,)))
    shapes += [("input", (cin, n)), ("output", (cout, n))]
    data = np.fromfile(pathlib.Path(directory) / meta["file"], dtype="<f4")
    expected = sum(int(np.prod(s)) for _, s in shapes)
    if data.size != expected:
        raise ValueError(f"{meta['file']}: {data.size} floats, expected {expected}")
    parts, pos = {}, 0
    for key, shape in shapes:
        size = int(np.prod(shape))
        parts[key] = data[pos : pos + size].reshape(shape)
        pos += size
    return parts


def check(committed_dir):
    committed_dir = pathlib.Path(committed_dir)
    with open(committed_dir / "manifest.json") as f:
        committed = {c["name"]: c for c in json.load(f)["cases"]}
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        fresh = write_all(tmp)
        fresh_names = {m["name"] for m in fresh}
        for name in sorted(set(committed) - fresh_names):
            print(f"FAIL {name}: in {committed_dir} but no longer generated")
            failures += 1
        for meta in fresh:
            name = meta["name"]
            old = committed.get(name)
            if old is None:
                print(f"FAIL {name}: missing from committed manifest")
                failures += 1
                continue
            if old != meta:
                print(f"FAIL {name}: manifest entry differs: {old} != {meta}")
                failures += 1
                continue
            try:
                a = read_case(committed_dir, old)
            except (OSError, ValueError) as e:
                print(f"FAIL {name}: {e}")
                failures += 1
                continue
            b = read_case(tmp, meta)
            problems = [f"{key} not bitwise equal" for key in ("weight", "bias", "input")
                        if key in a and a[key].tobytes() != b[key].tobytes()]
            err = float(np.max(np.abs(a["output"].astype(np.float64) - b["output"])))
            if err > OUTPUT_TOLERANCE:
                problems.append(f"output max abs {err:.3g} > {OUTPUT_TOLERANCE:g}")
            status = "FAIL" if problems else "ok  "
            detail = "; ".join(problems) if problems else "inputs bitwise equal"
            print(f"{status} {name:28s} frames {meta['frames']:5d}  output max abs {err:.3g}  {detail}")
            failures += bool(problems)
    print(f"{len(fresh)} cases checked against {committed_dir}: "
          + ("all match" if not failures else f"{failures} FAILURE(S)"))
    return failures == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--out", default=str(DEFAULT_OUT), help="directory to write (default: %(default)s)")
    group.add_argument("--check", metavar="DIR", help="compare a regeneration against DIR instead of writing")
    args = parser.parse_args()
    if args.check:
        sys.exit(0 if check(args.check) else 1)
    metas = write_all(args.out)
    total = sum((pathlib.Path(args.out) / m["file"]).stat().st_size for m in metas)
    print(f"wrote {len(metas)} cases, {total} bytes of .bin, to {args.out}")


if __name__ == "__main__":
    main()
