"""Bad NAM ConvNet, Linear, SlimmableContainer (A2) and newer-WaveNet-option files for
make_bad_models.py.

Tiny hand-built valid models (random.Random, fixed seeds), each changed in one way:

  valid_nam_convnet.nam   ConvNet: 2 channels, dilations [1, 2], batchnorm, Tanh: 33 weights
                          (block 0 conv 2x1x2; block 1 conv 2x2x2; per block batchnorm
                          running_mean, running_var, weight, bias (2 each) and eps; head 2 + 1)
  valid_nam_linear.nam    Linear: receptive_field 5 with bias: 6 weights
  valid_nam_a2.nam        SlimmableContainer of two new-style WaveNets (2 and 3 channels,
                          kernel_sizes [3, 2], LeakyReLU objects, gating_mode none, layer1x1,
                          head {out_channels 1, kernel_size 2, bias}), max_value 0.5 and 1.0
"""

import copy
import random


def _weights(rng, n, scale=0.5):
    return [round(rng.uniform(-scale, scale), 6) for _ in range(n)]


def make_convnet():
    rng = random.Random(2468)
    c, flat = 2, []
    for cin in (1, c):
        flat += _weights(rng, c * cin * 2)                       # conv (no bias: batchnorm)
        flat += _weights(rng, c, 0.2)                            # running_mean
        flat += [round(rng.uniform(0.5, 1.5), 6) for _ in range(c)]  # running_var
        flat += _weights(rng, c, 1.0) + _weights(rng, c, 0.2)    # weight, bias
        flat.append(1e-5)                                        # eps
    flat += _weights(rng, c) + _weights(rng, 1, 0.1)             # head
    assert len(flat) == 33
    return {"version": "0.5.4", "architecture": "ConvNet",
            "config": {"channels": c, "dilations": [1, 2], "batchnorm": True, "activation": "Tanh"},
            "weights": flat, "sample_rate": 48000}


def make_linear():
    rng = random.Random(1357)
    return {"version": "0.5.4", "architecture": "Linear", "config": {"receptive_field": 5, "bias": True},
            "weights": _weights(rng, 6, 0.3), "sample_rate": 48000}


def _a2_wavenet(rng, c):
    kernels, dilations = [3, 2], [1, 2]
    count = c + sum(c * c * k + c + c + c * c + c for k in kernels) + c * 2 + 1 + 1
    layer = {"input_size": 1, "condition_size": 1, "channels": c, "bottleneck": c,
             "kernel_sizes": kernels, "dilations": dilations,
             "activation": [{"type": "LeakyReLU", "negative_slope": 0.01}] * 2,
             "gating_mode": ["none", "none"], "secondary_activation": [None, None],
             "layer1x1": {"active": True, "groups": 1}, "head1x1": {"active": False, "out_channels": 1, "groups": 1},
             "head": {"out_channels": 1, "kernel_size": 2, "bias": True}, "slimmable": None}
    return {"version": "0.7.0", "architecture": "WaveNet",
            "config": {"layers": [layer], "head": None, "head_scale": 0.1},
            "weights": _weights(rng, count), "sample_rate": 48000}


def make_a2():
    rng = random.Random(9753)
    return {"version": "0.7.0", "architecture": "SlimmableContainer",
            "config": {"submodels": [{"max_value": 0.5, "model": _a2_wavenet(rng, 2)},
                                     {"max_value": 1.0, "model": _a2_wavenet(rng, 3)}]},
            "weights": [], "sample_rate": 48000}


def add_cases(files, add, dump_doc, nam_base):
    convnet, linear, a2 = make_convnet(), make_linear(), make_a2()
    files["valid_nam_convnet.nam"] = dump_doc(convnet)
    files["valid_nam_linear.nam"] = dump_doc(linear)
    files["valid_nam_a2.nam"] = dump_doc(a2)

    def changed(base, mutate):
        d = copy.deepcopy(base)
        mutate(d)
        return dump_doc(d)

    # --- ConvNet --------------------------------------------------------------------------
    add("nam_convnet_weights_one_short.nam", changed(convnet, lambda d: d["weights"].pop()),
        "WeightCount", ["has 32 values", "this ConvNet config needs 33"], "ConvNet flat weights one short")
    add("nam_convnet_option_groups.nam", changed(convnet, lambda d: d["config"].update(groups=2)),
        "Unsupported", ["ConvNet option config.groups"], "a ConvNet option nobody exports")
    add("nam_convnet_absurd_channels.nam", changed(convnet, lambda d: d["config"].update(channels=100000)),
        "LimitExceeded", ["config.channels = 100000", "256"], "100000 ConvNet channels")

    def negative_variance(d):
        d["weights"][4 + 2] = -1.0  # block 0 running_var[0] (after 4 conv weights, 2 means)
    add("nam_convnet_negative_variance.nam", changed(convnet, negative_variance),
        "WrongType", ["ConvNet block 0", "running_var + eps is not positive"],
        "a batchnorm variance below zero (would give NaN)")
    add("nam_convnet_activation_unknown.nam", changed(convnet, lambda d: d["config"].update(activation="Mish")),
        "Unsupported", ['activation "Mish"'], "an activation WaveAmp does not have")

    # --- Linear ---------------------------------------------------------------------------
    add("nam_linear_weights_one_long.nam", changed(linear, lambda d: d["weights"].append(0.5)),
        "WeightCount", ["has 7 values", "this Linear config needs 6"], "Linear weights one too many")
    add("nam_linear_absurd_receptive_field.nam",
        changed(linear, lambda d: d["config"].update(receptive_field=10 ** 8)),
        "LimitExceeded", ["config.receptive_field = 100000000", "1000000"], "a 10^8-tap impulse response")
    add("nam_linear_stereo.nam", changed(linear, lambda d: d["config"].update(in_channels=2)),
        "Unsupported", ["config.in_channels", "mono"], "a two-input Linear model")

    # --- SlimmableContainer (A2) --------------------------------------------------------
    def unsorted(d):
        subs = d["config"]["submodels"]
        subs[0]["max_value"], subs[1]["max_value"] = 1.0, 0.5
    add("nam_a2_submodels_unsorted.nam", changed(a2, unsorted),
        "WrongType", ["sorted by ascending max_value"], "submodels out of order")
    add("nam_a2_last_below_one.nam", changed(a2, lambda d: d["config"]["submodels"][1].update(max_value=0.9)),
        "WrongType", ["max_value is 0.9", "at least 1.0"], "no submodel covers the full size")
    add("nam_a2_submodel_weights_short.nam",
        changed(a2, lambda d: d["config"]["submodels"][0]["model"]["weights"].pop()),
        "WeightCount", ["config.submodels[0].model", "this WaveNet config needs"],
        "the lite submodel's weights one short")
    add("nam_a2_too_many_submodels.nam",
        changed(a2, lambda d: d["config"].update(submodels=[
            {"max_value": 0.05 * (i + 1), "model": d["config"]["submodels"][0]["model"]} for i in range(20)])),
        "LimitExceeded", ["20 entries", "at most 8"], "20 submodels")
    add("nam_a2_missing_submodels.nam", changed(a2, lambda d: d["config"].pop("submodels")),
        "MissingField", ['config has no "submodels" field'], "a container without submodels")

    # --- newer WaveNet options (on the lite submodel, as a plain WaveNet file) -----------
    wn = a2["config"]["submodels"][0]["model"]

    def layer0(key, value):
        return changed(wn, lambda d: d["config"]["layers"][0].update({key: value}))
    add("nam_option_film_active.nam",
        layer0("conv_pre_film", {"active": True, "shift": True, "groups": 1}),
        "Unsupported", ["FiLM", '"conv_pre_film"'], "FiLM conditioning switched on")
    add("nam_option_slimmable_layers.nam", layer0("slimmable", {"method": "slice_channels_uniform"}),
        "Unsupported", ['"slimmable" channel slicing'], "a slimmable (channel-sliced) WaveNet")
    add("nam_option_condition_dsp.nam",
        changed(wn, lambda d: d["config"].update(condition_dsp=copy.deepcopy(linear))),
        "Unsupported", ['"condition_dsp"'], "a WaveNet conditioned by a nested model")
    add("nam_option_kernel_sizes_count.nam", layer0("kernel_sizes", [3, 2, 2]),
        "WrongType", ["kernel_sizes has 3 entries", "2 layers"], "one kernel size too many")
    add("nam_option_groups_not_dividing.nam", layer0("groups_input", 3),
        "WrongType", ["groups_input groups = 3", "does not divide"], "3 groups over 2 channels")
    add("nam_option_activation_prelu.nam", layer0("activation", {"type": "PReLU", "negative_slopes": [0.1, 0.2]}),
        "Unsupported", ['activation "PReLU"'], "a per-channel PReLU activation")
    add("nam_option_head_kernel_huge.nam", layer0("head", {"out_channels": 1, "kernel_size": 1000, "bias": True}),
        "LimitExceeded", ["head.kernel_size = 1000", "64"], "a 1000-tap head conv")
    add("nam_option_bottleneck_without_layer1x1.nam",
        changed(wn, lambda d: d["config"]["layers"][0].update(bottleneck=1, layer1x1={"active": False, "groups": 1})),
        "WrongType", ["layer1x1 inactive", "bottleneck (1) must equal channels (2)"],
        "a bottleneck with no layer1x1 to restore the channels")
    add("nam_option_gating_mode_count.nam", layer0("gating_mode", ["gated"]),
        "WrongType", ["gating_mode has 1 entries", "2 layers"], "one gating mode for two layers")
