"""The networks the trainer fits, and their export to the formats WaveAmp's engine plays.

Both networks run in two modes, chosen per call:
  - "valid": no padding; an input of T samples gives T - receptive_field + 1 outputs, each
    computed from real history (training and validation use this, so no sample is trained on
    made-up zeros);
  - "causal": every dilated convolution is zero-padded on the left by (k - 1) * d, so each
    layer starts from zero history, exactly like the engine after reset() (and PedalNetRT's
    CausalConv1d); an input of T samples gives T outputs. The round-trip test compares this
    with the engine's render of the exported file.

PedalNet / WaveNetVA (gated), exported as WaveNetVA JSON (see tests/reference/wavenetva_reference.py):
    h = input_layer(x)                        1x1, 1 -> C, bias
    per layer l (dilation d):  z = hidden_l(h)            k taps, C -> 2C, bias
                               s_l = tanh(z[:C]) * sigmoid(z[C:])
                               h = residual_l(s_l) + h    1x1, C -> C, bias
    y = linear_mix(concat(s_0..s_{L-1}))      1x1, C*L -> 1, bias

NAM WaveNet (layer arrays), exported as .nam 0.5.4 (see Source/Engine/NamWaveNetModel.cpp):
    per array: h = rechannel(input)                      1x1, no bias
               per layer: z = conv(h) + mixin(x)         k taps, C -> C (2C gated), bias; mixin 1 -> Z, no bias
                          a = tanh(z) (gated: tanh(z[:C]) * sigmoid(z[C:]))
                          head += a; h = h + conv1x1(a)  1x1 C -> C, bias
               head_out = head_rechannel(head)           1x1, C -> head_size (bias if head_bias)
               (the next array's input is h, its head sum starts from head_out)
    y = head_scale * last head_out
"""
import torch
import torch.nn.functional as F


def _conv(x, conv, causal):
    """Apply a Conv1d built without padding; in causal mode zero-pad the left first."""
    if causal:
        lookback = (conv.kernel_size[0] - 1) * conv.dilation[0]
        if lookback:
            x = F.pad(x, (lookback, 0))
    return conv(x)


def _crop(x, n):
    return x if x.shape[-1] == n else x[..., x.shape[-1] - n:]


class PedalNet(torch.nn.Module):
    """Gated WaveNet in the PedalNetRT / WaveNetVA / SmartGuitarPedal layout."""

    format = "wavenetva"

    def __init__(self, channels=8, dilations=(1, 2, 4, 8, 16, 32, 64, 128, 256, 512), kernel_size=3):
        super().__init__()
        self.channels = channels
        self.dilations = list(dilations)
        self.kernel_size = kernel_size
        self.input_layer = torch.nn.Conv1d(1, channels, 1)
        self.hidden = torch.nn.ModuleList(
            torch.nn.Conv1d(channels, 2 * channels, kernel_size, dilation=d) for d in self.dilations)
        self.residuals = torch.nn.ModuleList(torch.nn.Conv1d(channels, channels, 1) for _ in self.dilations)
        self.linear_mix = torch.nn.Conv1d(channels * len(self.dilations), 1, 1)

    @property
    def receptive_field(self):
        return 1 + sum((self.kernel_size - 1) * d for d in self.dilations)

    def macs_per_sample(self):
        c, k, n = self.channels, self.kernel_size, len(self.dilations)
        return c + n * (2 * c * c * k + c * c) + c * n

    def forward(self, x, causal=False):
        h = self.input_layer(x)
        skips = []
        c = self.channels
        for hidden, residual in zip(self.hidden, self.residuals):
            z = _conv(h, hidden, causal)
            s = torch.tanh(z[:, :c]) * torch.sigmoid(z[:, c:])
            skips.append(s)
            h = residual(s) + _crop(h, s.shape[-1])
        n = skips[-1].shape[-1]
        return self.linear_mix(torch.cat([_crop(s, n) for s in skips], dim=1))

    def describe(self):
        return (f"PedalNet/WaveNetVA gated WaveNet, {self.channels} channels, kernel {self.kernel_size}, "
                f"dilations {self.dilations}")

    def export(self, sample_rate, metadata):
        """The WaveNetVA JSON document (a dict)."""
        def tf(conv):  # (out, in, k) -> TensorFlow (k, in, out), row-major
            return _numbers(conv.weight.detach().permute(2, 1, 0).reshape(-1))

        def bias(conv):
            return _numbers(conv.bias.detach().reshape(-1))

        n = len(self.dilations)
        variables = [{"layer_idx": -1, "name": "W", "data": tf(self.input_layer)},
                     {"layer_idx": -1, "name": "b", "data": bias(self.input_layer)}]
        for l in range(n):
            variables += [{"layer_idx": l, "name": "W_conv", "data": tf(self.hidden[l])},
                          {"layer_idx": l, "name": "b_conv", "data": bias(self.hidden[l])},
                          {"layer_idx": l, "name": "W_out", "data": tf(self.residuals[l])},
                          {"layer_idx": l, "name": "b_out", "data": bias(self.residuals[l])}]
        variables += [{"layer_idx": n, "name": "W", "data": tf(self.linear_mix)},
                      {"layer_idx": n, "name": "b", "data": bias(self.linear_mix)}]
        return {
            "name": metadata.get("name", "WaveAmp model"),
            "activation": "gated",
            "input_channels": 1,
            "output_channels": 1,
            "residual_channels": self.channels,
            "filter_width": self.kernel_size,
            "dilations": self.dilations,
            "sample_rate": sample_rate,
            "metadata": metadata,
            "variables": variables,
        }


class _LayerArray(torch.nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.spec = spec
        c, k = spec["channels"], spec["kernel_size"]
        z = 2 * c if spec["gated"] else c
        self.rechannel = torch.nn.Conv1d(spec["input_size"], c, 1, bias=False)
        self.convs = torch.nn.ModuleList(torch.nn.Conv1d(c, z, k, dilation=d) for d in spec["dilations"])
        self.mixins = torch.nn.ModuleList(torch.nn.Conv1d(1, z, 1, bias=False) for _ in spec["dilations"])
        self.one_by_ones = torch.nn.ModuleList(torch.nn.Conv1d(c, c, 1) for _ in spec["dilations"])
        self.head_rechannel = torch.nn.Conv1d(c, spec["head_size"], 1, bias=spec["head_bias"])

    def forward(self, h, cond, head, causal):
        c = self.spec["channels"]
        h = self.rechannel(h)
        for conv, mixin, one_by_one in zip(self.convs, self.mixins, self.one_by_ones):
            z = _conv(h, conv, causal)
            n = z.shape[-1]
            z = z + mixin(_crop(cond, n))
            a = torch.tanh(z[:, :c]) * torch.sigmoid(z[:, c:]) if self.spec["gated"] else torch.tanh(z)
            head = a if head is None else _crop(head, n) + a
            h = _crop(h, n) + one_by_one(a)
        return h, self.head_rechannel(head)

    def weights(self):
        """This array's tensors in .nam file order."""
        out = [self.rechannel.weight]
        for conv, mixin, one_by_one in zip(self.convs, self.mixins, self.one_by_ones):
            out += [conv.weight, conv.bias, mixin.weight, one_by_one.weight, one_by_one.bias]
        out.append(self.head_rechannel.weight)
        if self.spec["head_bias"]:
            out.append(self.head_rechannel.bias)
        return out


class NamWaveNet(torch.nn.Module):
    """Neural Amp Modeler's WaveNet (layer arrays with input mixin and head accumulation)."""

    format = "nam"

    def __init__(self, layers, head_scale=0.02, arch_name="custom"):
        super().__init__()
        self.layer_specs = [dict(s) for s in layers]
        self.head_scale = float(head_scale)
        self.arch_name = arch_name
        self.arrays = torch.nn.ModuleList(_LayerArray(s) for s in self.layer_specs)

    @property
    def receptive_field(self):
        return 1 + sum((s["kernel_size"] - 1) * d for s in self.layer_specs for d in s["dilations"])

    def macs_per_sample(self):
        total = 1
        for s in self.layer_specs:
            c, z = s["channels"], (2 if s["gated"] else 1) * s["channels"]
            total += c * s["input_size"] + s["head_size"] * c
            total += len(s["dilations"]) * (z * c * s["kernel_size"] + z + c * c)
        return total

    def forward(self, x, causal=False):
        h, head = x, None
        for array in self.arrays:
            h, head = array(h, x, head, causal)
        return self.head_scale * head

    def describe(self):
        shape = "/".join(str(s["channels"]) for s in self.layer_specs)
        layers = sum(len(s["dilations"]) for s in self.layer_specs)
        return f"NAM WaveNet {self.arch_name} ({shape} channels, {layers} layers, kernel 3, Tanh)"

    def export(self, sample_rate, metadata):
        """The .nam document (a dict), file version 0.5.4."""
        flat = torch.cat([w.detach().reshape(-1) for a in self.arrays for w in a.weights()])
        weights = _numbers(flat) + [self.head_scale]
        return {
            "version": "0.5.4",
            "metadata": metadata,
            "architecture": "WaveNet",
            "config": {"layers": self.layer_specs, "head": None, "head_scale": self.head_scale},
            "weights": weights,
            "sample_rate": sample_rate,
        }


def _numbers(tensor):
    # float32 values written with 9 significant digits read back bit-exactly
    return [float("%.9g" % v) for v in tensor.to(torch.float32).tolist()]


def _nam_arrays(c1, h1, c2, d1, d2, gated=False):
    return [
        {"input_size": 1, "condition_size": 1, "head_size": h1, "channels": c1, "kernel_size": 3,
         "dilations": d1, "activation": "Tanh", "gated": gated, "head_bias": False},
        {"input_size": c1, "condition_size": 1, "head_size": 1, "channels": c2, "kernel_size": 3,
         "dilations": d2, "activation": "Tanh", "gated": gated, "head_bias": True},
    ]


_TEN = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
_LITE_A = [1, 2, 4, 8, 16, 32, 64]
_LITE_B = [128, 256, 512, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512]

ARCHS = {
    # PedalNetRT's default shape; --channels / --dilations override it.
    "pedalnet": lambda: PedalNet(8, _TEN),
    # NAM's A1 presets (same shapes as the NAM trainer's standard / feather / nano WaveNets).
    "nam-standard": lambda: NamWaveNet(_nam_arrays(16, 8, 8, _TEN, _TEN), arch_name="standard"),
    "nam-lite": lambda: NamWaveNet(_nam_arrays(12, 6, 6, _LITE_A, _LITE_B), arch_name="lite"),
    "nam-feather": lambda: NamWaveNet(_nam_arrays(8, 4, 4, _LITE_A, _LITE_B), arch_name="feather"),
    "nam-nano": lambda: NamWaveNet(_nam_arrays(4, 2, 2, _LITE_A, _LITE_B), arch_name="nano"),
}


def build(arch, channels=None, dilations=None):
    if arch not in ARCHS:
        raise ValueError(f"unknown architecture {arch!r} (choose from {', '.join(ARCHS)})")
    if arch == "pedalnet":
        return PedalNet(channels or 8, dilations or _TEN)
    if channels is not None or dilations is not None:
        raise ValueError("--channels/--dilations apply to --arch pedalnet only (NAM presets have fixed shapes)")
    return ARCHS[arch]()
