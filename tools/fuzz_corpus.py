#!/usr/bin/env python3
"""Seed corpus for the fuzz targets (tests/fuzz): truncated, bit-flipped, size-inflated and
type-confused variants of model files, saved plugin states and WAV files.

  fuzz_corpus.py own OUT       variants of the project's own files only (Resources/models,
                               tests/data fixtures, tests/plugin/data states, synthetic models
                               written here) -> committed as tests/fuzz/corpus/<target>/
  fuzz_corpus.py shared SHARED OUT
                               variants of the third-party files in ../shared (models, audio):
                               generated at fuzz time into the build dir, NEVER committed.

Deterministic (fixed seeds), standard library only. Each target gets OUT/<target>/.
"""
import base64
import copy
import hashlib
import json
import math
import os
import random
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Integers that make sizes blow up (or go negative / zero) when a loader trusts them.
INFLATED = [0, -1, 7, 4096, 65536, 1 << 20, 2**31 - 1, 2**32 + 3, 2**63, 1e308]
# Values of every other JSON type, for type confusion.
CONFUSED = ["16", "", None, True, [], {}, [[1, 2]], {"a": 1}, 1.5, -0.0, "NaN", [None]]
SMALL_LIST = 64  # lists longer than this are weights: flipped/truncated, not walked into


# ---------------------------------------------------------------------------------- byte variants
def truncations(data):
    cuts = sorted({len(data) // 10, len(data) // 2, len(data) * 9 // 10, len(data) - 1})
    return [data[:c] for c in cuts if 0 < c < len(data)]


def bit_flips(data, rng, variants=3, flips=8, protect=0):
    out = []
    for _ in range(variants):
        b = bytearray(data)
        for _ in range(flips):
            if len(b) > protect:
                i = rng.randrange(protect, len(b))
                b[i] ^= 1 << rng.randrange(8)
        out.append(bytes(b))
    return out


# ---------------------------------------------------------------------------------- JSON variants
def paths(node, prefix=()):
    """Every (path, value) in a JSON tree, not descending into long (weight) lists."""
    yield prefix, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(node, list) and len(node) <= SMALL_LIST:
        for i, v in enumerate(node):
            yield from paths(v, prefix + (i,))


def replaced(doc, path, value):
    d = copy.deepcopy(doc)
    if not path:
        return value
    node = d
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value
    return d


def json_variants(doc, rng, inflated=10, confused=10):
    out = []
    all_paths = list(paths(doc))
    ints = [(p, v) for p, v in all_paths if isinstance(v, int) and not isinstance(v, bool) and p]
    small_lists = [(p, v) for p, v in all_paths
                   if isinstance(v, list) and 0 < len(v) <= SMALL_LIST and p and len(json.dumps(v)) < 2000]
    long_lists = [(p, v) for p, v in all_paths if isinstance(v, list) and len(v) > SMALL_LIST]
    # Size-inflated: counts, channels, dilations, kernel sizes made huge / zero / negative ...
    for p, _ in rng.sample(ints, min(len(ints), inflated)):
        out.append(replaced(doc, p, rng.choice(INFLATED)))
    # ... lists of layers/dilations repeated many times, weights lists doubled or emptied.
    for p, v in rng.sample(small_lists, min(len(small_lists), 3)):
        out.append(replaced(doc, p, v * 300))
    for p, v in long_lists[:2]:
        out.append(replaced(doc, p, v + v[: len(v) // 2]))
        out.append(replaced(doc, p, []))
    # Type-confused: any node replaced by a value of another type.
    candidates = [(p, v) for p, v in all_paths if p]
    for p, v in rng.sample(candidates, min(len(candidates), confused)):
        choices = [c for c in CONFUSED if type(c) is not type(v)]
        out.append(replaced(doc, p, rng.choice(choices)))
    out.append([doc])          # the whole model wrapped in an array
    out.append({"model": doc})  # ... or in an object
    return [json.dumps(d).encode() for d in out]


def model_variants(data, rng, small=True):
    """All variants of one model file's bytes (the file itself first)."""
    out = [data]
    out += truncations(data)
    out += bit_flips(data, rng, variants=3 if small else 2)
    try:
        doc = json.loads(data)
    except ValueError:
        return out
    out += json_variants(doc, rng, inflated=10 if small else 5, confused=10 if small else 5)
    return out


# ---------------------------------------------------------------------------------- own models
def seeded(rng, n, scale=0.3):
    return [round(rng.uniform(-scale, scale), 6) for _ in range(n)]


def synthetic_models():
    """Tiny models of every family, written here (the project's own, freely committable)."""
    rng = random.Random(7)
    models = {}
    # NAM WaveNet: one array, 2 channels, kernel 2, dilations 1,2, head 1.
    c, k, dil = 2, 2, [1, 2]
    n = c * 1 + sum(c * c * k + c + c + c * c + c for _ in dil) + c * 1 + 1
    models["nam_wavenet_tiny.nam"] = {
        "version": "0.5.4", "architecture": "WaveNet", "sample_rate": 48000,
        "config": {"layers": [{"input_size": 1, "condition_size": 1, "head_size": 1, "channels": c,
                               "kernel_size": k, "dilations": dil, "activation": "Tanh",
                               "gated": False, "head_bias": True}],
                   "head": None, "head_scale": 0.5},
        "weights": seeded(rng, n + 1)}
    # NAM LSTM: 1 layer, hidden 3 (W, b, h0, c0 per layer; head weight + bias).
    h = 3
    models["nam_lstm_tiny.nam"] = {
        "version": "0.5.4", "architecture": "LSTM", "sample_rate": 48000,
        "config": {"input_size": 1, "hidden_size": h, "num_layers": 1},
        "weights": seeded(rng, 4 * h * (1 + h) + 4 * h + 2 * h + h + 1)}
    models["nam_linear_tiny.nam"] = {
        "version": "0.5.4", "architecture": "Linear", "sample_rate": 48000,
        "config": {"receptive_field": 8, "bias": True}, "weights": seeded(rng, 9)}
    models["nam_convnet_tiny.nam"] = {
        "version": "0.5.4", "architecture": "ConvNet", "sample_rate": 48000,
        "config": {"channels": 2, "dilations": [1, 2], "batchnorm": False, "activation": "Tanh"},
        "weights": seeded(rng, 2 * 2 + 2 + 2 * 2 * 2 + 2 + 2 + 1)}
    # Keras-style (AIDA-X / RTNeural): LSTM 3 -> dense 1, and GRU 3 -> dense 1.
    for cell, gates in (("lstm", 4), ("gru", 3)):
        models[f"keras_{cell}_tiny.json"] = {
            "in_shape": [None, None, 1],
            "layers": [{"type": cell, "activation": "", "shape": [None, None, h],
                        "weights": [[seeded(rng, gates * h)], [seeded(rng, gates * h) for _ in range(h)],
                                    seeded(rng, gates * h) if cell == "lstm" else [seeded(rng, gates * h)] * 2]},
                       {"type": "dense", "activation": "", "shape": [None, None, 1],
                        "weights": [[[w] for w in seeded(rng, h)], seeded(rng, 1)]}]}
    return {name: json.dumps(doc).encode() for name, doc in models.items()}


def own_models():
    files = {}
    with open(os.path.join(ROOT, "Resources/models/default.json"), "rb") as f:
        files["default.json"] = f.read()
    bad = os.path.join(ROOT, "tests/data/bad_models")
    for name in sorted(os.listdir(bad)):
        if name.startswith("valid_"):
            with open(os.path.join(bad, name), "rb") as f:
                files[name] = f.read()
    files.update(synthetic_models())
    return files


# ---------------------------------------------------------------------------------- states
def wrap_state(xml):
    """JUCE's copyXmlToBinary layout: 'VC2!', uint32 length, UTF-8 XML, NUL."""
    body = xml.encode() + b"\0"
    return b"VC2!" + struct.pack("<I", len(body) - 1) + body


def xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def state_xml(model_text="", params="", ir="", version="1", model_attrs='name="m.nam" path="" default="0"'):
    model = f"<Model {model_attrs}>{xml_escape(model_text)}</Model>" if model_text is not None else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<WaveAmpState formatVersion="{version}" '
            f'pluginVersion="0.1.0"><Parameters>{params}</Parameters>{model}{ir}</WaveAmpState>')


def ir_xml(samples, channels=1, rate="48000", declared=None, payload=None):
    floats = [math.exp(-i / 20.0) * (1 if i % 2 else -1) for i in range(samples * channels)]
    data = payload if payload is not None else base64.b64encode(struct.pack(f"<{len(floats)}f", *floats)).decode()
    n = samples if declared is None else declared
    return (f'<ImpulseResponse name="ir.wav" path="/nonexistent/ir.wav" sampleRate="{rate}" '
            f'channels="{channels}" samples="{n}">{data}</ImpulseResponse>')


def state_variants(rng, models, states):
    out = list(states)
    for s in states:
        out += truncations(s)
        out += bit_flips(s, rng, variants=3, protect=8)
    tiny = models["nam_wavenet_tiny.nam"].decode()
    params = ('<Param id="inputGain" value="1e39"/><Param id="mix" value="nan"/>'
              '<Param id="outputLevel" value="-inf"/><Param id="bass" value="abc"/>'
              '<Param id="stereoMode" value="7"/><Param id="bypass" value="1"/>')
    texts = [
        state_xml(tiny),
        state_xml(tiny, params=params),
        state_xml(tiny, ir=ir_xml(64)),
        state_xml(tiny, ir=ir_xml(64, channels=2)),
        state_xml(tiny, ir=ir_xml(64, channels=1000)),            # inflated channel count
        state_xml(tiny, ir=ir_xml(64, declared=2**31 - 1)),       # inflated sample count
        state_xml(tiny, ir=ir_xml(64, declared=-5)),
        state_xml(tiny, ir=ir_xml(64, rate="1e300")),
        state_xml(tiny, ir=ir_xml(64, rate="nan")),
        state_xml(tiny, ir=ir_xml(64, payload="!!!not base64@@@")),
        state_xml(tiny, ir=ir_xml(0, payload="")),
        state_xml(tiny, version="0"),
        state_xml(tiny, version="999"),
        state_xml(tiny, version="-2147483649"),
        state_xml(None),
        state_xml(""),
        state_xml("", model_attrs='name="gone.nam" path="/nonexistent/gone.nam" default="0"'),
        state_xml("", model_attrs='name="x" path="relative/path.nam" default="1"'),
        state_xml("{}", model_attrs='name="" path="/" default="yes"'),
        state_xml(models["keras_lstm_tiny.json"].decode()),
        state_xml(tiny).replace("WaveAmpState", "SomethingElse"),
        "<WaveAmpState formatVersion=\"1\">" + "<a>" * 3000 + "</a>" * 3000 + "</WaveAmpState>",  # deep nesting
        "<WaveAmpState formatVersion=\"1\"><Model name=\"&#xFFFF;&#0;&bogus;\">" + tiny + "</WaveAmpState>",
    ]
    for v in model_variants(models["nam_wavenet_tiny.nam"], rng)[1:]:
        texts.append(state_xml(v.decode("utf-8", "replace")))
    for t in texts:
        out.append(wrap_state(t))
    body = state_xml(tiny).encode()
    out.append(b"VC2!" + struct.pack("<I", 0xFFFFFFF0) + body)   # length field inflated
    out.append(b"VC2!" + struct.pack("<I", len(body)) + body[: len(body) // 2])
    out.append(b"VC2!")
    out.append(body)                                               # XML without the wrapper
    out.append(b"\x56\x43\x32\x21" + b"\xff" * 4)
    return out


# ---------------------------------------------------------------------------------- WAV files
def wav(frames=64, channels=1, rate=48000, bits=16, fmt_tag=1, extensible=False, data_size=None,
        fmt_size=None, block_align=None, extra_chunks=b""):
    block = block_align if block_align is not None else max(1, channels * bits // 8)
    samples = b""
    for i in range(frames):
        for c in range(channels):
            v = math.sin(2 * math.pi * 440 * i / max(rate, 1) + c)
            if fmt_tag == 3 and bits == 32:
                samples += struct.pack("<f", v)
            elif bits == 8:
                samples += struct.pack("<B", int(128 + 100 * v))
            elif bits == 24:
                samples += struct.pack("<i", int(v * 8000000))[:3]
            elif bits == 32:
                samples += struct.pack("<i", int(v * 2e9))
            else:
                samples += struct.pack("<h", int(v * 30000))
    if extensible:
        fmt = struct.pack("<HHIIHHHHIH14s", 0xFFFE, channels, rate, (rate * block) & 0xFFFFFFFF, block & 0xFFFF, bits, 22, bits,
                          (1 << channels) - 1 if channels < 32 else 0, fmt_tag,
                          b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71")
    else:
        fmt = struct.pack("<HHIIHH", fmt_tag, channels, rate, (rate * block) & 0xFFFFFFFF, block & 0xFFFF, bits)
    fsize = len(fmt) if fmt_size is None else fmt_size
    dsize = len(samples) if data_size is None else data_size
    body = (b"WAVE" + b"fmt " + struct.pack("<I", fsize) + fmt + extra_chunks
            + b"data" + struct.pack("<I", dsize) + samples)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def own_wavs():
    return [
        wav(), wav(channels=2, bits=24), wav(fmt_tag=3, bits=32), wav(bits=8, rate=44100),
        wav(bits=32), wav(extensible=True, channels=2, bits=24),
        wav(extra_chunks=b"LIST" + struct.pack("<I", 4) + b"INFO"),
    ]


def wav_variants(rng, wavs):
    out = []
    for w in wavs:
        out.append(w)
        out += truncations(w)
        out += bit_flips(w, rng, variants=3)
    # Size-inflated headers: channel counts, rates, bit depths, chunk sizes a reader must not trust.
    for kw in ({"channels": 65535, "frames": 2}, {"channels": 1024, "frames": 2}, {"channels": 0},
               {"rate": 0}, {"rate": 2**32 - 1}, {"bits": 0}, {"bits": 64}, {"bits": 7},
               {"block_align": 0}, {"block_align": 65535}, {"data_size": 0xFFFFFFF0},
               {"data_size": 0}, {"fmt_size": 0xFFFFFFF0}, {"fmt_size": 2},
               {"extensible": True, "channels": 200}):
        out.append(wav(**kw))
    # Type-confused: the same bytes claiming another encoding.
    for tag, bits in ((3, 16), (3, 64), (2, 4), (6, 8), (7, 8), (0x55, 16), (0x11, 4), (0, 16), (0xFFFE, 16)):
        out.append(wav(fmt_tag=tag, bits=bits))
    out.append(b"RIFF" + struct.pack("<I", 0xFFFFFFFF) + b"WAVE")
    out.append(b"FORM" + struct.pack(">I", 4) + b"AIFF")
    out.append(b"fLaC" + b"\x00" * 40)
    out.append(b"OggS" + b"\x00" * 40)
    return out


# ---------------------------------------------------------------------------------- output
def write(out_dir, target, items):
    folder = os.path.join(out_dir, target)
    os.makedirs(folder, exist_ok=True)
    seen = set()
    for data in items:
        digest = hashlib.sha1(data).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        with open(os.path.join(folder, digest[:16]), "wb") as f:
            f.write(data)
    print(f"{target}: {len(seen)} inputs in {folder}")


def own(out_dir):
    rng = random.Random(1)
    models = own_models()
    items = []
    for name, data in models.items():
        items += model_variants(data, rng, small=len(data) < 20000)
    write(out_dir, "model_load", items)
    with open(os.path.join(ROOT, "tests/plugin/data/state_v1.bin"), "rb") as f:
        states = [f.read()]
    write(out_dir, "state_restore", state_variants(rng, models, states))
    write(out_dir, "wav_read", wav_variants(rng, own_wavs()))


def shared(shared_dir, out_dir):
    rng = random.Random(2)
    items = []
    models_dir = os.path.join(shared_dir, "models")
    for sub in sorted(os.listdir(models_dir)):
        for name in sorted(os.listdir(os.path.join(models_dir, sub))):
            with open(os.path.join(models_dir, sub, name), "rb") as f:
                items += model_variants(f.read(), rng, small=False)
    write(out_dir, "model_load", items)
    small = [m for m in items if len(m) < 60000][:40]
    write(out_dir, "state_restore", [wrap_state(state_xml(m.decode("utf-8", "replace"))) for m in small])
    wavs = []
    audio_dir = os.path.join(shared_dir, "audio")
    for name in sorted(os.listdir(audio_dir)):
        with open(os.path.join(audio_dir, name), "rb") as f:
            head = f.read(16384)  # the header and the first samples are what the reader parses
        wavs.append(head)
    write(out_dir, "wav_read", wav_variants(rng, wavs))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "own":
        own(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "shared":
        shared(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
