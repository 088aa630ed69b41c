"""Bad NAM LSTM and Keras-style (AIDA-X / RTNeural) files for make_bad_models.py.

Two tiny hand-built valid models (random.Random, fixed seeds), each changed in one way:

  valid_nam_lstm.nam    NAM 0.5.4 LSTM, 1 layer of 3 units: 70 flat weights
                        (W (12 x 4) row-major, bias 12, h0 3, c0 3, head 3, head bias 1)
  valid_keras.json      Keras-style: in_shape [null, null, 1]; lstm 3 (kernel (1, 12),
                        recurrent kernel (3, 12), bias (12,)); dense 1 (kernel (3, 1), bias (1,))
"""

import copy
import random

NAM_LSTM_HIDDEN = 3


def _weights(rng, n, scale=0.5):
    return [round(rng.uniform(-scale, scale), 6) for _ in range(n)]


def _matrix(rng, rows, cols):
    return [_weights(rng, cols) for _ in range(rows)]


def make_nam_lstm():
    rng = random.Random(4321)
    h = NAM_LSTM_HIDDEN
    count = 4 * h * (1 + h) + 4 * h + 2 * h + h + 1
    return {"version": "0.5.4", "architecture": "LSTM",
            "config": {"input_size": 1, "hidden_size": h, "num_layers": 1},
            "weights": _weights(rng, count), "sample_rate": 48000}


def make_keras():
    rng = random.Random(8765)
    h = 3
    return {"in_shape": [None, None, 1], "in_skip": 0,
            "layers": [{"type": "lstm", "activation": "", "shape": [None, None, h],
                        "weights": [_matrix(rng, 1, 4 * h), _matrix(rng, h, 4 * h), _weights(rng, 4 * h)]},
                       {"type": "dense", "activation": "", "shape": [None, None, 1],
                        "weights": [_matrix(rng, h, 1), _weights(rng, 1)]}],
            "metadata": {"samplerate": 48000}}


def add_cases(files, add, dump_doc):
    nam, keras = make_nam_lstm(), make_keras()
    files["valid_nam_lstm.nam"] = dump_doc(nam)
    files["valid_keras.json"] = dump_doc(keras)

    def n(mutate):
        d = copy.deepcopy(nam)
        mutate(d)
        return dump_doc(d)

    def k(mutate):
        d = copy.deepcopy(keras)
        mutate(d)
        return dump_doc(d)

    # --- NAM LSTM -----------------------------------------------------------------------
    add("nam_lstm_weights_one_short.nam", n(lambda d: d["weights"].pop()),
        "WeightCount", ["has 69 values", "LSTM config", "needs 70"], "NAM LSTM flat weights one short")
    add("nam_lstm_hidden_absurd.nam", n(lambda d: d["config"].update(hidden_size=100000)),
        "LimitExceeded", ["hidden_size", "100000", "256"], "an LSTM of 100000 units")
    add("nam_lstm_many_layers.nam", n(lambda d: d["config"].update(num_layers=50)),
        "LimitExceeded", ["num_layers", "50", "8"], "50 stacked LSTM layers")
    add("nam_lstm_input_size_3.nam", n(lambda d: d["config"].update(input_size=3)),
        "Unsupported", ["input_size is 3", "parametric"], "a parametric LSTM (input plus two knobs)")
    add("nam_lstm_option_bidirectional.nam", n(lambda d: d["config"].update(bidirectional=True)),
        "Unsupported", ["config.bidirectional", "not supported"], "an LSTM option NAM does not have")
    add("nam_lstm_hidden_string.nam", n(lambda d: d["config"].update(hidden_size="3")),
        "WrongType", ["hidden_size", "whole number", 'a string ("3")'], "hidden_size written as a string")

    def nan_weight(d):
        d["weights"][20] = "nan"
    add("nam_lstm_nan_string.nam", n(nan_weight),
        "NonFinite", ['"weights" value #20', "NaN"], 'an LSTM weight written as "nan"')

    # --- Keras-style --------------------------------------------------------------------
    add("keras_unknown_layer_type.json",
        k(lambda d: d["layers"].insert(1, {"type": "attention", "shape": [None, None, 3], "weights": []})),
        "Unsupported", ["layers[1]", 'layer type "attention"', "not supported"], "a layer type RTNeural does not have")
    add("keras_activation_gelu.json", k(lambda d: d["layers"][1].update(activation="gelu")),
        "Unsupported", ["layers[1] (dense)", 'activation "gelu"'], "an activation RTNeural does not have")
    add("keras_recurrent_kernel_row_short.json", k(lambda d: d["layers"][0]["weights"][1].pop()),
        "WeightCount", ["layers[0] (lstm).weights[1] (recurrent kernel)", "shape (3, 12)", "2 entries along axis 0"],
        "the LSTM's recurrent kernel lacks a row")
    add("keras_bias_one_short.json", k(lambda d: d["layers"][0]["weights"][2].pop()),
        "WeightCount", ["layers[0] (lstm).weights[2] (bias)", "has 11 entries", "expected 12"],
        "the LSTM's bias lacks a value")
    add("keras_layers_mismatch.json", k(lambda d: d["layers"][1]["weights"][0].append([0.5])),
        "WeightCount", ["layers[1] (dense).weights[0] (kernel)", "shape (3, 1)", "4 entries"],
        "a dense layer expecting 4 inputs after an LSTM of 3 units")
    add("keras_shape_disagrees.json", k(lambda d: d["layers"][1].update(shape=[None, None, 2])),
        "WeightCount", ["layers[1] (dense).weights[0] (kernel)", "shape (3, 2)"],
        "a dense layer whose shape says 2 units but whose weights have 1")
    add("keras_missing_weights.json", k(lambda d: d["layers"][0].pop("weights")),
        "MissingField", ["layers[0] (lstm)", 'no "weights" field'], "an LSTM layer without weights")

    def nan_bias(d):
        d["layers"][0]["weights"][2][4] = "nan"
    add("keras_nan_string.json", k(nan_bias),
        "NonFinite", ["layers[0] (lstm).weights[2] (bias)", "value #4", "NaN"], 'a bias written as "nan"')
    add("keras_hidden_absurd.json", k(lambda d: d["layers"][0].update(shape=[None, None, 5000])),
        "LimitExceeded", ["layers[0] (lstm).shape", "5000", "256"], "an LSTM of 5000 units")
    add("keras_stereo_input.json", k(lambda d: d.update(in_shape=[None, None, 2])),
        "Unsupported", ["in_shape", "2 inputs", "conditioned"], "a model with an extra (knob) input")
    add("keras_in_skip_2.json", k(lambda d: d.update(in_skip=2)),
        "Unsupported", ['"in_skip" = 2'], "in_skip 2 (AIDA-X allows 0 or 1)")

    def stereo_out(d):
        d["layers"][1].update(shape=[None, None, 2])
        d["layers"][1]["weights"] = [[[0.1, 0.2]] * 3, [0.0, 0.0]]
    add("keras_output_not_mono.json", k(stereo_out),
        "Unsupported", ["last layer outputs 2 values", "mono"], "a network with two outputs")

    def gru_bias_rows(d):
        d["layers"][0] = {"type": "gru", "activation": "", "shape": [None, None, 3],
                          "weights": [[[0.1] * 9], [[0.1] * 9] * 3, [[0.0] * 9] * 3]}
    add("keras_gru_bias_three_rows.json", k(gru_bias_rows),
        "WeightCount", ["layers[0] (gru).weights[2] (bias, reset_after)", "shape (2, 9)", "3 entries"],
        "a GRU bias with three rows (Keras has one or two)")

    def conv_groups(d):
        d["layers"].insert(0, {"type": "conv1d", "activation": "", "shape": [None, None, 3], "kernel_size": [2],
                               "dilation": [1], "groups": 2, "weights": [[[[0.1] * 3]] * 2, [0.0] * 3]})
    add("keras_conv_groups_mismatch.json", k(conv_groups),
        "WrongType", ["layers[0] (conv1d)", "groups = 2", "1 inputs", "3 outputs"],
        "a grouped conv1d whose groups do not divide its channels")
