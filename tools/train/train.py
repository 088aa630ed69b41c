#!/usr/bin/python3
"""WaveAmp trainer: model a pedal or amp from a DI recording and the same DI re-amped.

    train.py --input DI.wav --target REAMP.wav --out MODEL [--arch nam-feather|nam-nano|pedalnet|
             nam-lite|nam-standard] [--epochs N] [--seed S] ...

--arch pedalnet writes WaveNetVA JSON (a gated WaveNet, like PedalNetRT / SmartGuitarPedal);
the nam-* presets write a Neural Amp Modeler .nam WaveNet file (version 0.5.4). Both play in
WaveAmp (waveamp-render --model MODEL, or load it in the plugin).

Before training the pair is checked (same rate, same length within 1 s, not clipped, not
silent), and the latency between DI and target is estimated by cross-correlation and
compensated (--latency N to set it by hand). The last --val-seconds of the recording are held
out for validation. Loss: ESR with pre-emphasis (+ --mrstft W for a multi-resolution STFT
term). Adam with a learning rate that halves when validation stalls, early stopping after
--patience epochs without improvement, and the best epoch's weights are the ones exported.
Runs on the CPU only (Debian's python3-torch); deterministic for a given --seed and --threads.

Besides MODEL it writes MODEL.report.png (loss curves, waveform and spectrum on validation
audio) and MODEL.report.json (the numbers); --report PREFIX puts them elsewhere.
"""
import argparse
import copy
import datetime
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import losses  # noqa: E402
import models  # noqa: E402
import wavio  # noqa: E402
from wavio import AudioError  # noqa: E402

STANDARD_INPUT_SEED = 12345     # the standard input for the loudness metadata
STANDARD_INPUT_SECONDS = 5.0


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", required=True, help="the DI recording (WAV)")
    ap.add_argument("--target", required=True, help="the DI re-amped through the pedal or amp (WAV)")
    ap.add_argument("--out", required=True, help="model file to write (.json for pedalnet, .nam for nam-*)")
    ap.add_argument("--arch", default="nam-feather", choices=sorted(models.ARCHS),
                    help="network and file format (default nam-feather; pedalnet writes WaveNetVA JSON)")
    ap.add_argument("--channels", type=int, help="pedalnet only: channels per layer (default 8)")
    ap.add_argument("--dilations", help="pedalnet only: comma-separated dilations (default 1,2,...,512)")
    ap.add_argument("--epochs", type=int, default=100, help="maximum number of epochs (default 100)")
    ap.add_argument("--max-minutes", type=float, default=0.0,
                    help="stop after this much training time (0 = no limit; makes the run time-dependent)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lr", type=float, default=4e-3, help="initial learning rate (default 0.004)")
    ap.add_argument("--lr-end", type=float, default=0.0,
                    help="decay the learning rate exponentially to this value by the last epoch (or the end of "
                         "--max-minutes, whichever comes first); default: halve it when validation stalls")
    ap.add_argument("--batch", type=int, default=4, help="segments per batch (default 4)")
    ap.add_argument("--segment", type=int, default=16384, help="output samples per segment (default 16384)")
    ap.add_argument("--patience", type=int, default=12,
                    help="stop after this many epochs without a better validation ESR (default 12)")
    ap.add_argument("--val-seconds", type=float, default=0.0,
                    help="seconds at the end held out for validation (default: 10%% of the recording, 2-30 s)")
    ap.add_argument("--pre-emphasis", type=float, default=0.95, help="pre-emphasis coefficient (0 = off)")
    ap.add_argument("--mrstft", type=float, default=0.0, help="weight of the multi-resolution STFT loss (0 = off)")
    ap.add_argument("--latency", type=int, help="latency of the target behind the DI in samples (skip estimation)")
    ap.add_argument("--no-align", action="store_true", help="do not estimate or compensate latency")
    ap.add_argument("--allow-clipping", action="store_true",
                    help="train even if a recording is clipped (a warning instead of an error)")
    ap.add_argument("--name", help="model name (default: the output file's name)")
    ap.add_argument("--modeled-by")
    ap.add_argument("--gear-type", choices=["amp", "pedal", "pedal_amp", "amp_cab", "amp_pedal_cab", "preamp", "studio"])
    ap.add_argument("--gear-make")
    ap.add_argument("--gear-model")
    ap.add_argument("--tone-type", choices=["clean", "overdrive", "crunch", "hi_gain", "fuzz"])
    ap.add_argument("--threads", type=int, default=1,
                    help="CPU threads for torch (default 1: on a busy machine more threads can be much slower)")
    ap.add_argument("--report", metavar="PREFIX",
                    help="write the report to PREFIX.report.png / .report.json (default: next to --out)")
    ap.add_argument("--no-report", action="store_true", help="skip the PNG report")
    ap.add_argument("--render", nargs=2, metavar=("IN", "OUT"),
                    help="after training, write the trained network's forward pass on IN (from zero "
                         "history, as the engine after reset) to OUT as float WAV")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    return ap.parse_args(argv)


class Progress:
    """A one-line progress bar on stderr (a plain line per epoch when stderr is not a terminal)."""

    def __init__(self, quiet):
        self.quiet = quiet
        self.tty = sys.stderr.isatty()

    def batch(self, epoch, epochs, done, total, loss):
        if self.quiet or not self.tty:
            return
        width = 24
        filled = int(width * done / max(total, 1))
        sys.stderr.write(f"\repoch {epoch:3d}/{epochs} [{'#' * filled}{'.' * (width - filled)}] loss {loss:.5f}   ")
        sys.stderr.flush()

    def epoch(self, epoch, epochs, loss, val, best, lr, seconds):
        if self.quiet:
            return
        line = (f"epoch {epoch:3d}/{epochs} [{'#' * 24}] loss {loss:.5f}  val ESR {val:.5f}  "
                f"best {best:.5f}  lr {lr:.1e}  {seconds:6.1f} s")
        sys.stderr.write(("\r" if self.tty else "") + line + "\n")
        sys.stderr.flush()


def note(msg, quiet=False):
    if not quiet:
        print(msg, file=sys.stderr)


def forward_valid(model, x, chunk=1 << 18):
    """Valid-mode forward of a long 1-D numpy input in chunks: outputs for x[rf-1:]."""
    rf = model.receptive_field
    outs = []
    with torch.no_grad():
        for start in range(rf - 1, x.size, chunk):
            seg = torch.from_numpy(np.ascontiguousarray(x[start - rf + 1: start + chunk])).reshape(1, 1, -1)
            outs.append(model(seg)[0, 0].numpy())
    return np.concatenate(outs) if outs else np.zeros(0, np.float32)


def forward_causal(model, x):
    """The network from zero history (every layer zero-padded), as the engine after reset()."""
    with torch.no_grad():
        return model(torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)).reshape(1, 1, -1),
                     causal=True)[0, 0].numpy()


def esr_np(pred, target, coeff=0.0):
    p, t = pred.astype(np.float64), target.astype(np.float64)
    if coeff:
        p, t = p[1:] - coeff * p[:-1], t[1:] - coeff * t[:-1]
    return float(np.sum((t - p) ** 2) / max(np.sum(t ** 2), 1e-20))


def standard_loudness(model, rate):
    """RMS level (dBFS) of the model's output for WaveAmp's standard input: 5 s of the
    synthetic DI (seed 12345, peaks at -3 dBFS) at the model's rate."""
    import synth_di
    x = synth_di.synth_di(STANDARD_INPUT_SECONDS, STANDARD_INPUT_SEED, rate)
    y = forward_causal(model, x).astype(np.float64)
    rms = math.sqrt(float(np.mean(y ** 2)))
    return 20 * math.log10(rms) if rms > 0 else -120.0


def load_pair(args):
    x_rate, x = wavio.read_wav(args.input, args.quiet)
    y_rate, y = wavio.read_wav(args.target, args.quiet)
    x, y, warns = checks.check_pair(x, x_rate, y, y_rate, os.path.basename(args.input),
                                    os.path.basename(args.target), allow_clipping=args.allow_clipping)
    for w in warns:
        note("warning: " + w, args.quiet)
    latency = {"estimated": None, "inverted": False, "compensated": 0}
    if args.latency is not None:
        lag = args.latency
        note(f"latency: {lag} samples (given)", args.quiet)
    elif args.no_align:
        lag = 0
    else:
        lag, inverted = checks.estimate_latency(x, y, x_rate)
        latency.update(estimated=lag, inverted=inverted)
        note(f"latency: the target trails the DI by {lag} samples ({lag / x_rate * 1000:.2f} ms), "
             f"estimated by cross-correlation{'; its polarity is inverted' if inverted else ''}", args.quiet)
        if lag < -checks.LATENCY_SAFETY:
            note("warning: the target is ahead of the DI; are --input and --target swapped, or the DAW's "
                 "delay compensation off?", args.quiet)
    x, y, shift = checks.align(x, y, lag)
    latency["compensated"] = shift
    if shift:
        note(f"latency: compensated by shifting the target {shift} samples "
             f"(keeping {checks.LATENCY_SAFETY} samples so the model stays causal)", args.quiet)
    return x_rate, x, y, latency


def train(args):
    torch.set_num_threads(max(1, args.threads))
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    dilations = [int(d) for d in args.dilations.split(",")] if args.dilations else None
    model = models.build(args.arch, args.channels, dilations)
    rf = model.receptive_field

    rate, x, y, latency = load_pair(args)
    val_n = int((args.val_seconds or min(30.0, max(2.0, 0.1 * x.size / rate))) * rate)
    if x.size - val_n < rf + args.segment:
        raise AudioError(f"the recordings ({x.size / rate:.1f} s) are too short for validation "
                         f"({val_n / rate:.1f} s) plus training with this model (receptive field {rf} samples); "
                         f"record more, or lower --val-seconds / --segment")
    split = x.size - val_n
    x_train, y_train = x[:split], y[:split]
    x_val_ctx = x[split - (rf - 1):]  # the validation input with the history its first output needs
    y_val = y[split:]
    note(f"{model.describe()}: {sum(p.numel() for p in model.parameters())} parameters, "
         f"{model.macs_per_sample()} multiply-adds/sample, receptive field {rf} samples", args.quiet)
    note(f"training on {split / rate:.1f} s, validating on the last {val_n / rate:.1f} s, {rate} Hz", args.quiet)

    seg = args.segment
    windows = max(1, (split - rf + 1) // seg)
    steps_per_epoch = max(1, math.ceil(windows / args.batch))
    loss_fn = losses.Loss(args.pre_emphasis, args.mrstft)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = None if args.lr_end else torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=3,
                                                                                 min_lr=1e-5)
    total_steps = steps_per_epoch * args.epochs
    xt = torch.from_numpy(x_train)
    yt = torch.from_numpy(y_train)
    span = seg + rf - 1
    offsets = torch.arange(span)

    progress = Progress(args.quiet)
    history = []
    best = (math.inf, None, 0)
    started = time.perf_counter()
    stale = 0
    for epoch in range(1, args.epochs + 1):
        model.train()
        t0 = time.perf_counter()
        starts = rng.integers(0, split - span + 1, size=steps_per_epoch * args.batch)
        total = 0.0
        for step in range(steps_per_epoch):
            if args.lr_end:
                done = ((epoch - 1) * steps_per_epoch + step) / total_steps
                if args.max_minutes:
                    done = max(done, (time.perf_counter() - started) / (args.max_minutes * 60))
                for group in opt.param_groups:
                    group["lr"] = args.lr * (args.lr_end / args.lr) ** min(1.0, done)
            idx = torch.from_numpy(starts[step * args.batch:(step + 1) * args.batch]).reshape(-1, 1) + offsets
            xb = xt[idx].unsqueeze(1)
            yb = yt[idx[:, rf - 1:]].unsqueeze(1)
            loss = loss_fn(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += float(loss)
            progress.batch(epoch, args.epochs, step + 1, steps_per_epoch, total / (step + 1))
        model.eval()
        p_val = forward_valid(model, x_val_ctx)
        val = esr_np(p_val, y_val)
        val_pre = esr_np(p_val, y_val, args.pre_emphasis)
        if not math.isfinite(val):
            raise RuntimeError("training diverged (validation ESR is not finite); try a lower --lr")
        if sched:
            sched.step(val)
        history.append({"epoch": epoch, "loss": total / steps_per_epoch, "val_esr": val, "val_esr_pre": val_pre,
                        "lr": opt.param_groups[0]["lr"], "seconds": time.perf_counter() - started})
        if val < best[0]:
            best = (val, copy.deepcopy(model.state_dict()), epoch)
            stale = 0
        else:
            stale += 1
        progress.epoch(epoch, args.epochs, total / steps_per_epoch, val, best[0], opt.param_groups[0]["lr"],
                       time.perf_counter() - t0)
        if stale >= args.patience:
            note(f"early stop: no better validation ESR for {args.patience} epochs", args.quiet)
            break
        if args.max_minutes and time.perf_counter() - started > args.max_minutes * 60:
            note(f"stopping: the --max-minutes {args.max_minutes:g} budget is spent", args.quiet)
            break
    train_seconds = time.perf_counter() - started
    model.load_state_dict(best[1])
    model.eval()
    p_val = forward_valid(model, x_val_ctx)
    result = {
        "model": model, "rate": rate, "history": history, "best_epoch": best[2],
        "val_esr": esr_np(p_val, y_val), "val_esr_pre": esr_np(p_val, y_val, args.pre_emphasis),
        "train_seconds": train_seconds, "latency": latency, "x_val": x[split:], "y_val": y_val, "p_val": p_val,
        "train_audio_seconds": split / rate, "val_audio_seconds": val_n / rate,
    }
    return result


def make_metadata(args, result):
    model = result["model"]
    now = datetime.datetime.now()
    meta = {
        "name": args.name or os.path.splitext(os.path.basename(args.out))[0],
        "validation_esr": result["val_esr"],
        "loudness": standard_loudness(model, result["rate"]),
        "date": {"year": now.year, "month": now.month, "day": now.day,
                 "hour": now.hour, "minute": now.minute, "second": now.second},
        "training": {
            "trainer": "WaveAmp tools/train/train.py",
            "architecture": args.arch, "description": model.describe(),
            "parameters": sum(p.numel() for p in model.parameters()),
            "macs_per_sample": model.macs_per_sample(),
            "receptive_field": model.receptive_field,
            "epochs": len(result["history"]), "best_epoch": result["best_epoch"], "seed": args.seed,
            "loss": f"ESR, pre-emphasis {args.pre_emphasis}" + (f" + {args.mrstft} x MRSTFT" if args.mrstft else ""),
            "validation_esr_pre_emphasis": result["val_esr_pre"],
            "train_seconds_of_audio": result["train_audio_seconds"],
            "validation_seconds_of_audio": result["val_audio_seconds"],
            "training_wall_seconds": round(result["train_seconds"], 1),
            "latency": result["latency"],
            "loudness_definition": "RMS dBFS of the output for WaveAmp's standard synthetic DI "
                                   "(tools/train/synth_di.py, seed 12345, 5 s, peak -3 dBFS)",
        },
    }
    for key in ("modeled_by", "gear_type", "gear_make", "gear_model", "tone_type"):
        value = getattr(args, key)
        if value:
            meta[key] = value
    return meta


def write_model(path, doc):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, path)


def run(argv=None):
    """Train and export as main() does; returns (exit code, result dict or None)."""
    args = parse_args(argv)
    expected = ".json" if args.arch == "pedalnet" else ".nam"
    if not args.out.endswith(expected):
        note(f"note: --arch {args.arch} writes {'WaveNetVA JSON' if expected == '.json' else 'a NAM .nam file'}; "
             f"{expected} is the usual extension", args.quiet)
    try:
        result = train(args)
    except (AudioError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2, None
    model = result["model"]
    meta = make_metadata(args, result)
    write_model(args.out, model.export(result["rate"], meta))
    report = {k: v for k, v in meta.items()}
    report["history"] = result["history"]
    prefix = args.report or args.out
    if os.path.dirname(prefix):
        os.makedirs(os.path.dirname(prefix), exist_ok=True)
    with open(prefix + ".report.json", "w") as f:
        json.dump(report, f, indent=1)
    if not args.no_report:
        problem = __import__("report").write_report(
            prefix + ".report.png", result["history"], result["x_val"], result["y_val"], result["p_val"],
            result["rate"], f"{meta['name']}: {model.describe()}")
        if problem:
            note("note: " + problem, args.quiet)
    if args.render:
        rate, xin = wavio.read_wav(args.render[0], True)
        wavio.write_wav(args.render[1], rate, forward_causal(model, xin))
    print(f"wrote {args.out}: {model.describe()}; validation ESR {result['val_esr']:.5f} "
          f"(pre-emphasised {result['val_esr_pre']:.5f}) at epoch {result['best_epoch']}, "
          f"{result['train_seconds']:.1f} s of training")
    result["metadata"] = meta
    return 0, result


def main(argv=None):
    return run(argv)[0]


if __name__ == "__main__":
    sys.exit(main())
