"""Checks on a DI / re-amped pair before training, and latency estimation.

Every problem is reported in words a guitarist can act on. Errors raise AudioError; warnings
are returned as strings (the trainer prints them).
"""
import numpy as np
import scipy.signal

from wavio import AudioError

SILENCE_DBFS = -60.0
CLIP_LEVEL = 0.999
CLIP_FRACTION = 1e-4       # more than 0.01 % of samples at full scale = clipped recording
LENGTH_TOLERANCE_S = 1.0   # longer length differences mean the files are not a pair
LATENCY_SAFETY = 2         # samples left in place so the model never has to see the future


def dbfs(x):
    rms = float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))) if x.size else 0.0
    return 20 * np.log10(rms) if rms > 0 else -np.inf


def check_pair(x, x_rate, y, y_rate, x_name="input", y_name="target", min_seconds=1.0, allow_clipping=False):
    """Returns (x, y, warnings) with the two recordings trimmed to a common length.
    allow_clipping turns the clipping error into a warning."""
    warnings = []
    if x_rate != y_rate:
        raise AudioError(f"the sample rates differ: {x_name} is {x_rate} Hz but {y_name} is {y_rate} Hz; "
                         f"export both at the same rate (the model is trained at that rate)")
    if x.size != y.size:
        diff = abs(x.size - y.size)
        if diff > LENGTH_TOLERANCE_S * x_rate:
            raise AudioError(f"the lengths differ by {diff / x_rate:.2f} s ({x_name}: {x.size / x_rate:.2f} s, "
                             f"{y_name}: {y.size / y_rate:.2f} s); the re-amped file must be a recording of "
                             f"this DI from start to end (export both from the same start to the same end)")
        n = min(x.size, y.size)
        warnings.append(f"the lengths differ by {diff} samples ({diff / x_rate * 1000:.1f} ms); "
                        f"trimming both to {n} samples")
        x, y = x[:n], y[:n]
    if x.size < min_seconds * x_rate:
        raise AudioError(f"the recordings are only {x.size / x_rate:.2f} s long; at least {min_seconds:.1f} s "
                         f"are needed (a few minutes of playing gives a good model)")
    for sig, name in ((x, x_name), (y, y_name)):
        if not np.all(np.isfinite(sig)):
            raise AudioError(f"{name} contains NaN or infinite samples")
        level = dbfs(sig)
        if level < SILENCE_DBFS:
            raise AudioError(f"{name} is silent (RMS {level:.1f} dBFS, below {SILENCE_DBFS:.0f} dBFS); "
                             f"check that the track was armed and the right input recorded")
        clipped = float(np.mean(np.abs(sig) >= CLIP_LEVEL))
        if clipped > CLIP_FRACTION:
            msg = (f"{name} is clipped: {clipped * 100:.3f} % of its samples are at full scale; "
                   f"record it again with less gain on the interface input (peaks around -6 dBFS)")
            if not allow_clipping:
                raise AudioError(msg + " (--allow-clipping trains anyway)")
            warnings.append(msg)
    return x, y, warnings


def estimate_latency(x, y, rate, max_seconds=0.5, analyse_seconds=30.0):
    """Lag (samples) by which y trails x, from the peak of their cross-correlation, and whether
    the peak is negative (polarity inverted). Uses up to analyse_seconds of audio."""
    n = min(x.size, y.size, int(analyse_seconds * rate))
    max_lag = min(int(max_seconds * rate), n - 1)
    a = x[:n].astype(np.float64) - np.mean(x[:n])
    b = y[:n].astype(np.float64) - np.mean(y[:n])
    corr = scipy.signal.correlate(b, a, mode="full", method="fft")  # index n-1 is lag 0
    lags = np.arange(-max_lag, max_lag + 1)
    window = corr[n - 1 - max_lag: n + max_lag]
    k = int(np.argmax(np.abs(window)))
    return int(lags[k]), bool(window[k] < 0)


def align(x, y, lag):
    """Shift so that y no longer trails x by `lag` samples (minus a small causal safety)."""
    if lag > LATENCY_SAFETY:
        s = lag - LATENCY_SAFETY
        return x[: x.size - s], y[s:], s
    if lag < -LATENCY_SAFETY:
        s = -lag + LATENCY_SAFETY
        return x[s:], y[: y.size - s], -s
    return x, y, 0
