#!/usr/bin/env python3
"""Malformed, hostile and unsupported model files for WaveAmp's loader tests.

Everything here is built from two tiny hand-constructed valid models (no third-party
file is read or copied):

  valid_wavenetva.json          WaveNetVA / PedalNetRT JSON: gated, 2 residual channels,
                                filter_width 3, dilations [1, 2]; variables layer_idx -1..2
                                with TensorFlow (k, in, out) row-major data, as numbers
  valid_wavenetva_strings.json  the same model with every weight written as a numeric
                                string ("0.123456"), as SmartGuitarPedal exports do
  valid_nam.nam                 NAM 0.5.4 WaveNet, two layer arrays:
                                  [0] 1 -> 3 channels, kernel 3, dilations [1, 2], Tanh,
                                      not gated, head 3 -> 2, no head bias
                                  [1] 3 -> 2 channels, kernel 2, dilations [1, 3], Tanh,
                                      gated, head 2 -> 1 with bias
                                169 flat weights in NAM's order (see nam_weight_count)

Each bad file changes one thing in one of those (or is raw text), and manifest.json
says what the loader must do with it:

  [{"file": ..., "kind": <ModelErrorKind name>, "message_contains": [...],
    "description": ...}, ...]

tests/BadModelTest.cpp loads every entry with ModelLoader::loadFile and requires a
ModelError of that kind whose message contains every listed substring.

Python standard library only; weights come from random.Random with fixed seeds, so
the output is byte-for-byte reproducible:

    /usr/bin/python3 tests/reference/make_bad_models.py            # write tests/data/bad_models
    /usr/bin/python3 tests/reference/make_bad_models.py --out DIR  # somewhere else
    /usr/bin/python3 tests/reference/make_bad_models.py --check    # compare with the committed files
"""

import argparse
import copy
import json
import pathlib
import random
import sys
import tempfile

import bad_nam_models
import bad_recurrent_models

DEFAULT_OUT = pathlib.Path(__file__).resolve().parent.parent / "data" / "bad_models"


# ---------------------------------------------------------------------------------------
# Writing JSON the way the files look in the wild: one top-level key (and one WaveNetVA
# variable) per line, number lists inline.

def dump_doc(doc):
    lines = []
    for key, value in doc.items():
        if key == "variables" and isinstance(value, list):
            body = ",\n".join("    " + json.dumps(v) for v in value)
            text = "[\n" + body + "\n  ]" if value else "[]"
        else:
            text = json.dumps(value)
        lines.append("  " + json.dumps(key) + ": " + text)
    return "{\n" + ",\n".join(lines) + "\n}\n"


def weights(rng, n, scale):
    return [round(rng.uniform(-scale, scale), 6) for _ in range(n)]


# ---------------------------------------------------------------------------------------
# WaveNetVA JSON

WNVA_C, WNVA_K, WNVA_DILATIONS = 2, 3, [1, 2]


def make_wavenetva(strings=False):
    rng = random.Random(1234)
    c, k, dil = WNVA_C, WNVA_K, WNVA_DILATIONS
    z = 2 * c  # gated: the conv outputs tanh and sigmoid halves
    n_layers = len(dil)
    variables = []

    def var(idx, name, n, scale):
        data = weights(rng, n, scale)
        if strings:
            data = [repr(x) for x in data]
        variables.append({"layer_idx": idx, "name": name, "data": data})

    var(-1, "W", c, 1.0)            # input 1x1: (1, 1, C)
    var(-1, "b", c, 0.1)
    for layer in range(n_layers):
        var(layer, "W_conv", k * c * z, 0.5)   # (k, C, 2C)
        var(layer, "b_conv", z, 0.1)
        var(layer, "W_out", c * c, 0.5)        # (1, C, C)
        var(layer, "b_out", c, 0.1)
    var(n_layers, "W", c * n_layers, 0.5)      # linear mix over the skips: (1, C*L, 1)
    var(n_layers, "b", 1, 0.1)
    return {
        "name": "bad-model fixture base (WaveNetVA)",
        "activation": "gated",
        "input_channels": 1,
        "output_channels": 1,
        "residual_channels": c,
        "filter_width": k,
        "dilations": list(dil),
        "variables": variables,
    }


def find_var(doc, idx, name):
    for v in doc["variables"]:
        if v["layer_idx"] == idx and v["name"] == name:
            return v
    raise KeyError((idx, name))


# ---------------------------------------------------------------------------------------
# NAM WaveNet

NAM_ARRAYS = [
    {"input_size": 1, "condition_size": 1, "head_size": 2, "channels": 3, "kernel_size": 3,
     "dilations": [1, 2], "activation": "Tanh", "gated": False, "head_bias": False},
    {"input_size": 3, "condition_size": 1, "head_size": 1, "channels": 2, "kernel_size": 2,
     "dilations": [1, 3], "activation": "Tanh", "gated": True, "head_bias": True},
]


def nam_weight_count(arrays):
    """NAM's flat weight order, counted: per array the rechannel 1x1 (C*in, no bias); per
    layer the dilated conv (Z*C*k + Z bias, Z = 2C if gated else C), the input mixin
    (Z*condition_size, no bias) and the residual 1x1 (C*C + C); the head 1x1
    (head_size*C, + head_size if head_bias); finally 1 float head_scale."""
    count = 0
    for a in arrays:
        c = a["channels"]
        z = 2 * c if a["gated"] else c
        count += c * a["input_size"]
        for _ in a["dilations"]:
            count += z * c * a["kernel_size"] + z
            count += z * a["condition_size"]
            count += c * c + c
        count += a["head_size"] * c + (a["head_size"] if a["head_bias"] else 0)
    return count + 1


def make_nam():
    rng = random.Random(5678)
    flat = []
    for a in NAM_ARRAYS:
        c = a["channels"]
        z = 2 * c if a["gated"] else c
        flat += weights(rng, c * a["input_size"], 1.0)           # rechannel
        for _ in a["dilations"]:
            flat += weights(rng, z * c * a["kernel_size"], 0.4)  # conv weight (out, in, k)
            flat += weights(rng, z, 0.1)                         # conv bias
            flat += weights(rng, z * a["condition_size"], 0.4)   # input mixin
            flat += weights(rng, c * c, 0.4)                     # 1x1 weight
            flat += weights(rng, c, 0.1)                         # 1x1 bias
        flat += weights(rng, a["head_size"] * c, 0.4)            # head weight
        if a["head_bias"]:
            flat += weights(rng, a["head_size"], 0.1)            # head bias
    flat.append(0.5)                                             # head_scale
    assert len(flat) == nam_weight_count(NAM_ARRAYS) == 169, len(flat)
    return {
        "version": "0.5.4",
        "metadata": {"name": "bad-model fixture base (NAM)", "modeled_by": "WaveAmp tests",
                     "loudness": -20.0},
        "architecture": "WaveNet",
        "config": {"layers": copy.deepcopy(NAM_ARRAYS), "head": None, "head_scale": 0.5},
        "weights": flat,
        "sample_rate": 48000,
    }


# ---------------------------------------------------------------------------------------
# The fixtures

def line_column(text, index):
    """1-based line and column of text[index], the way nlohmann/json reports a parse error
    at the token that ends at index (column = characters read on that line)."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def build():
    """Returns ({file name: text}, manifest)."""
    files = {}
    manifest = []

    def add(name, text, kind, contains, description):
        assert name not in files, name
        files[name] = text
        manifest.append({"file": name, "kind": kind, "message_contains": contains,
                         "description": description})

    wnva = make_wavenetva()
    nam = make_nam()
    files["valid_wavenetva.json"] = dump_doc(wnva)
    files["valid_wavenetva_strings.json"] = dump_doc(make_wavenetva(strings=True))
    files["valid_nam.nam"] = dump_doc(nam)

    def w(mutate):
        d = copy.deepcopy(wnva)
        mutate(d)
        return dump_doc(d)

    def n(mutate):
        d = copy.deepcopy(nam)
        mutate(d)
        return dump_doc(d)

    # --- not JSON at all ---------------------------------------------------------------
    valid = files["valid_wavenetva.json"]
    cut = valid.rfind(", ", 0, len(valid) * 2 // 3) + 2
    add("syntax_truncated.json", valid[:cut], "Syntax",
        ["not valid JSON", "unexpected end of input"],
        "a download cut off two thirds of the way through")

    text = valid.replace('"dilations": [1, 2]', '"dilations": [1, 2,]')
    assert text != valid
    line, column = line_column(text, text.index("2,]") + 2)
    add("syntax_stray_comma.json", text, "Syntax",
        ["not valid JSON", "line %d, column %d" % (line, column), "unexpected ']'"],
        "hand-edited file with a trailing comma in the dilations list")

    add("syntax_empty.json", "", "Syntax", ["not valid JSON", "the file is empty"], "a zero-byte file")

    add("format_top_level_array.json", "[1, 2, 3]\n", "UnknownFormat",
        ["not a model WaveAmp recognises", "a JSON array at the top level"],
        "valid JSON, but a list rather than an object")

    add("format_unknown_object.json", dump_doc({"preset": "Crunch", "gain": 0.7, "bass": 5}),
        "UnknownFormat", ["not a model WaveAmp recognises", "bass, gain, preset"],
        "some other program's JSON (a preset, not a model)")

    # --- WaveNetVA: missing and mistyped fields ------------------------------------------
    add("wnva_missing_residual_channels.json", w(lambda d: d.pop("residual_channels")),
        "MissingField", ['no "residual_channels" field'], "WaveNetVA without residual_channels")
    add("wnva_missing_dilations.json", w(lambda d: d.pop("dilations")),
        "MissingField", ['no "dilations" field'], "WaveNetVA without dilations")
    add("wnva_dilations_string.json", w(lambda d: d.update(dilations="1,2")),
        "WrongType", ["dilations", "should be a list of numbers", 'a string ("1,2")'],
        "dilations written as a string")
    add("wnva_channels_string.json", w(lambda d: d.update(residual_channels="16")),
        "WrongType", ["residual_channels", "should be a whole number", 'a string ("16")'],
        "residual_channels written as a string")
    add("wnva_stereo.json", w(lambda d: d.update(input_channels=2)),
        "Unsupported", ["mono", "2 input"], "a two-input (stereo) model")
    add("wnva_activation_swishy.json", w(lambda d: d.update(activation="swishy")),
        "Unsupported", ['activation "swishy"', "not supported"], "an activation nobody implements")
    add("wnva_sample_rate_absurd.json", w(lambda d: d.update(sample_rate=1e12)),
        "WrongType", ["sample_rate", "not a usable audio rate"],
        "a sample rate of 10^12 Hz (the host would have to resample to it)")

    # --- WaveNetVA: tensors -------------------------------------------------------------
    add("wnva_w_conv_one_short.json", w(lambda d: find_var(d, 0, "W_conv")["data"].pop()),
        "WeightCount", ['layer 0 "W_conv"', "has 23 values", "expected 24"],
        "layer 0's dilated conv weight lacks its last value")
    add("wnva_missing_b_out_layer1.json",
        w(lambda d: d["variables"].remove(find_var(d, 1, "b_out"))),
        "MissingField", ['layer 1 "b_out"', "missing"], "layer 1 has no b_out tensor")

    def unknown_variable(d):
        find_var(d, 0, "W_out")["name"] = "W_skip"
    add("wnva_unknown_variable.json", w(unknown_variable),
        "WrongType", ['unknown variable "W_skip"', "layer 0", "W_conv, b_conv, W_out and b_out"],
        "a variable name the format does not have")

    def duplicate_variable(d):
        d["variables"].append(copy.deepcopy(find_var(d, 1, "b_conv")))
    add("wnva_duplicate_variable.json", w(duplicate_variable),
        "WrongType", ['variable "b_conv"', "layer 1", "appears twice"], "the same tensor given twice")

    def layer_idx_out_of_range(d):
        find_var(d, 1, "W_out")["layer_idx"] = 7
    add("wnva_layer_idx_out_of_range.json", w(layer_idx_out_of_range),
        "WrongType", ["layer_idx = 7", "2 layers", "-1 (input layer) to 2 (output layer)"], "a variable for layer 7 of a 2-layer model")

    def nan_string(d):
        find_var(d, 0, "b_conv")["data"][2] = "nan"
    add("wnva_nan_string.json", w(nan_string),
        "NonFinite", ['layer 0 "b_conv"', "value #2", "NaN"], 'a weight written as the string "nan"')

    def overflow_string(d):
        find_var(d, 1, "W_conv")["data"][5] = "1e999"
    add("wnva_overflow_string.json", w(overflow_string),
        "NonFinite", ['layer 1 "W_conv"', "value #5", "infinite"],
        'a weight written as the string "1e999" (overflows to infinity)')

    def float_overflow(d):
        find_var(d, -1, "W")["data"][1] = 1e39
    add("wnva_float_overflow.json", w(float_overflow),
        "NonFinite", ["input layer", "value #1", "too large for float"],
        "1e39 is a finite double but infinite as float32")

    def infinity_literal(d):
        find_var(d, 2, "W")["data"][0] = float("-inf")
    text = w(infinity_literal)
    assert "-Infinity" in text
    add("wnva_infinity_literal.json", text,
        "NonFinite", ["NaN or Infinity"], "-Infinity as Python's json module writes it (not JSON)")

    # --- WaveNetVA: sizes ---------------------------------------------------------------
    add("wnva_absurd_dilation.json", w(lambda d: d.update(dilations=[1, 10 ** 9])),
        "LimitExceeded", ["dilations[1] = 1000000000", "65536"], "a dilation of 10^9")
    add("wnva_absurd_channels.json", w(lambda d: d.update(residual_channels=100000)),
        "LimitExceeded", ["residual_channels", "100000", "256"], "100000 residual channels")
    add("wnva_huge_kernel.json", w(lambda d: d.update(filter_width=4096)),
        "LimitExceeded", ["filter_width", "4096", "64"], "a 4096-tap kernel")
    add("wnva_receptive_field_too_large.json", w(lambda d: d.update(dilations=[65536] * 20)),
        "LimitExceeded", ["receptive field is 2621441 samples", "1048576"],
        "20 layers of dilation 65536, each within the per-layer cap, add up to 2.6 M samples")
    add("wnva_too_many_layers.json", w(lambda d: d.update(dilations=[1] * 300)),
        "LimitExceeded", ["dilations", "300 entries", "256"], "300 layers")

    # --- NAM ----------------------------------------------------------------------------
    add("nam_missing_layers.nam", n(lambda d: d["config"].pop("layers")),
        "MissingField", ['config has no "layers" field'], "NAM config without layers")
    add("nam_missing_weights.nam", n(lambda d: d.pop("weights")),
        "MissingField", ['no "weights" field'], "NAM file without its weights")

    def layer0(key, value):
        return lambda d: d["config"]["layers"][0].update({key: value})
    add("nam_channels_string.nam", n(layer0("channels", "16")),
        "WrongType", ["config.layers[0].channels", "whole number", 'a string ("16")'],
        "channels written as a string")
    add("nam_gated_yes.nam", n(layer0("gated", "yes")),
        "WrongType", ["config.layers[0].gated", "true or false", 'a string ("yes")'],
        'gated written as "yes"')

    add("nam_weights_one_short.nam", n(lambda d: d["weights"].pop()),
        "WeightCount", ["has 168 values", "needs 169"], "flat weights one short")
    add("nam_weights_one_long.nam", n(lambda d: d["weights"].append(0.25)),
        "WeightCount", ["has 170 values", "needs 169"], "flat weights one too many")

    def nan_literal(d):
        d["weights"][10] = float("nan")
    text = n(nan_literal)
    assert "NaN" in text
    add("nam_nan_literal.nam", text, "NonFinite", ["NaN or Infinity"],
        "NaN as Python's json module writes it (not JSON)")

    text = n(lambda d: d["weights"].__setitem__(7, "@OVERFLOW@")).replace('"@OVERFLOW@"', "1e999")
    assert "1e999" in text
    add("nam_overflow_literal.nam", text, "NonFinite", ["too large", "1e999"],
        "the JSON number 1e999 (overflows double)")

    add("nam_weight_string_abc.nam", n(lambda d: d["weights"].__setitem__(5, "abc")),
        "WrongType", ['"weights" value #5', "should be a number", 'a string ("abc")'],
        'the string "abc" among the weights')

    add("nam_unsupported_architecture.nam", n(lambda d: d.update(architecture="Transformer")),
        "Unsupported", ['"Transformer"', "not supported"], "an architecture NAM does not have (yet)")
    add("nam_unknown_version.nam", n(lambda d: d.update(version="2.0.0")),
        "Unsupported", ["version 2.0.0", "0.5.x to 0.7.x"], "a future .nam version")
    add("nam_option_kernel_sizes.nam", n(layer0("kernel_sizes", [3, 3])),
        "WrongType", ["config.layers[0]", "only one of kernel_size and kernel_sizes"],
        "both a kernel_size and per-layer kernel_sizes")
    add("nam_option_gating_mode.nam", n(layer0("gating_mode", "mixed")),
        "Unsupported", ['gating_mode "mixed"', "none, gated or blended"], "a gating mode NAM does not have")
    add("nam_head_not_null.nam",
        n(lambda d: d["config"].update(head={"channels": 4, "num_layers": 2, "out_channels": 1})),
        "Unsupported", ['post-stack "head"'], "a WaveNet with a post-stack head")
    add("nam_chain_mismatch.nam", n(lambda d: d["config"]["layers"][1].update(input_size=2)),
        "WrongType", ["config.layers[1].input_size is 2", "must be 3"],
        "array 1's input_size differs from array 0's channels")
    add("nam_condition_size_2.nam", n(layer0("condition_size", 2)),
        "Unsupported", ["config.layers[0]", "condition_size 2"], "a model conditioned on two signals")
    add("nam_last_head_not_mono.nam", n(lambda d: d["config"]["layers"][1].update(head_size=2)),
        "Unsupported", ["config.layers[1].head_size is 2", "1 channel"], "the last array outputs 2 channels")
    add("nam_sample_rate_absurd.nam", n(lambda d: d.update(sample_rate=5)),
        "WrongType", ["sample_rate 5", "Hz is not a usable audio rate"], "a sample rate of 5 Hz")
    add("nam_huge_kernel.nam", n(layer0("kernel_size", 1000)),
        "LimitExceeded", ["config.layers[0].kernel_size = 1000", "64"], "a 1000-tap kernel")

    def too_many_layers(d):
        for a in d["config"]["layers"]:
            a["dilations"] = [1] * 200
    add("nam_too_many_layers.nam", n(too_many_layers),
        "LimitExceeded", ["400 layers", "256"], "two arrays of 200 layers each (each within the per-array cap)")
    bad_nam_models.add_cases(files, add, dump_doc, nam)

    bad_recurrent_models.add_cases(files, add, dump_doc)
    return files, manifest


def write(out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    files, manifest = build()
    for name, text in files.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return sorted(list(files) + ["manifest.json"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true",
                        help="regenerate into a temporary directory and compare with --out")
    args = parser.parse_args()
    if not args.check:
        names = write(args.out)
        print("wrote %d files to %s" % (len(names), args.out))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        names = write(pathlib.Path(tmp))
        bad = [name for name in names
               if not (args.out / name).is_file()
               or (args.out / name).read_bytes() != (pathlib.Path(tmp) / name).read_bytes()]
    for name in names:
        print(("DIFFERS " if name in bad else "ok      ") + name)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
