#!/usr/bin/python3
"""Synthetic electric-guitar DI, seeded: the project's own training and test material.

    synth_di.py OUT.wav [--seconds 60] [--seed 1] [--rate 48000]

What it plays (in a seeded random order, so two seeds give different music):
  - single-note phrases (plucked strings, Karplus-Strong, each with its own pick position,
    brightness, decay and velocity),
  - strummed chords (down and up strokes, 3-6 strings, open and barre shapes),
  - palm-muted riffs (short, dark, percussive notes on the low strings),
  - dynamics (phrases that swell and fade, from pianissimo to hard picking),
  - sine sweeps (log, 40 Hz - 12 kHz, at several levels) and a few moments of silence.
The result passes through a pickup-like low-pass resonance and is scaled so its peak sits at
about -3 dBFS, like a hot single-coil DI. Only numpy and scipy are needed.
"""
import argparse

import numpy as np
import scipy.signal

# Open-string frequencies (standard tuning, low E to high E).
OPEN_STRINGS = np.array([82.41, 110.0, 146.83, 196.0, 246.94, 329.63])

# Chord shapes as frets per string (None = string not played).
CHORDS = [
    [0, 2, 2, 1, 0, 0],            # E
    [None, 0, 2, 2, 2, 0],         # A
    [None, None, 0, 2, 3, 2],      # D
    [3, 2, 0, 0, 0, 3],            # G
    [None, 3, 2, 0, 1, 0],         # C
    [0, 2, 2, 0, 0, 0],            # Em
    [None, 0, 2, 2, 1, 0],         # Am
    [1, 3, 3, 2, 1, 1],            # F barre
    [None, 2, 4, 4, 4, 2],         # B barre
    [5, 7, 7, 5, 5, 5],            # A barre (5th fret)
    [0, 2, 2, None, None, None],   # E5 power chord
    [5, 7, 7, None, None, None],   # A5
    [3, 5, 5, None, None, None],   # G5
]


def fret_frequency(string, fret):
    return OPEN_STRINGS[string] * 2.0 ** (fret / 12.0)


def pluck(rate, freq, seconds, rng, velocity=0.7, t60=None, brightness=None, pick=None, mute=False):
    """One plucked string (Karplus-Strong with a fractional-delay loop), as a numpy array."""
    n = max(1, int(seconds * rate))
    period = rate / freq
    delay = int(np.floor(period - 0.5))  # the two-point average adds half a sample
    frac = period - 0.5 - delay
    if t60 is None:
        t60 = rng.uniform(0.15, 0.35) if mute else rng.uniform(1.5, 4.0) * (196.0 / max(freq, 60.0)) ** 0.3
    rho = 0.001 ** (1.0 / (freq * t60))
    # excitation: noise burst one period long, brighter for harder picking
    burst = rng.uniform(-1.0, 1.0, max(2, delay))
    if brightness is None:
        brightness = np.clip(0.25 + 0.7 * velocity + rng.uniform(-0.1, 0.1), 0.1, 0.98)
    if mute:
        brightness *= 0.4
    b, a = scipy.signal.butter(1, min(0.99, brightness * 0.9 + 0.05))
    burst = scipy.signal.lfilter(b, a, burst)
    # pick position: a comb (the string is plucked at a fraction beta of its length)
    beta = pick if pick is not None else rng.uniform(0.08, 0.3)
    m = max(1, int(beta * delay))
    burst[m:] = burst[m:] - burst[:-m]
    x = np.zeros(n)
    x[: burst.size] = burst[:n]
    # loop: y[t] = x[t] + rho * ((1-frac)/2 * y[t-D] + 1/2 * y[t-D-1] + frac/2 * y[t-D-2]) (approx.)
    den = np.zeros(delay + 3)
    den[0] = 1.0
    w0, w1, w2 = 0.5 * (1.0 - frac), 0.5, 0.5 * frac
    den[delay] -= rho * w0
    den[delay + 1] -= rho * w1
    den[delay + 2] -= rho * w2
    y = scipy.signal.lfilter([1.0], den, x)
    if mute:
        b, a = scipy.signal.butter(2, 1200.0 / (rate / 2))
        y = scipy.signal.lfilter(b, a, y)
    # fade the tail so a note never ends with a click
    fade = min(n, int(0.01 * rate))
    if fade > 0:
        y[-fade:] *= np.linspace(1.0, 0.0, fade)
    peak = np.max(np.abs(y)) or 1.0
    return (velocity * y / peak).astype(np.float64)


def add(buf, pos, sig):
    end = min(buf.size, pos + sig.size)
    if pos < end:
        buf[pos:end] += sig[: end - pos]


def phrase_single_notes(rate, rng, seconds, level):
    out = np.zeros(int(seconds * rate))
    tempo = rng.uniform(80, 160)
    step = 60.0 / tempo / rng.choice([1, 2, 2, 4])
    scale = np.array([0, 3, 5, 7, 10, 12, 15, 17])  # minor pentatonic-ish
    root_string = rng.integers(0, 3)
    root_fret = rng.integers(0, 8)
    t = 0.0
    while t < seconds - 0.05:
        string = int(np.clip(root_string + rng.integers(0, 4), 0, 5))
        fret = int(root_fret + rng.choice(scale) % 12)
        vel = level * rng.uniform(0.5, 1.0)
        dur = min(seconds - t, step * rng.choice([1, 1, 2, 3]) + 0.4)
        add(out, int(t * rate), pluck(rate, fret_frequency(string, fret), dur, rng, velocity=vel))
        t += step * rng.choice([1, 1, 1, 2])
    return out


def strum(rate, rng, shape, velocity, seconds, up=False, mute=False):
    out = np.zeros(int(seconds * rate))
    strings = [s for s in range(6) if shape[s] is not None]
    if up:
        strings = strings[::-1]
    spread = rng.uniform(0.004, 0.035)  # strum duration per string
    for k, s in enumerate(strings):
        if seconds - k * spread <= 0.005:
            break
        vel = velocity * rng.uniform(0.75, 1.0) * (0.8 if up else 1.0)
        note = pluck(rate, fret_frequency(s, shape[s]), seconds - k * spread, rng, velocity=vel, mute=mute)
        add(out, int(k * spread * rate), note)
    return out


def phrase_chords(rate, rng, seconds, level):
    out = np.zeros(int(seconds * rate))
    tempo = rng.uniform(70, 140)
    beat = 60.0 / tempo
    t = 0.0
    while t < seconds - 0.1:
        shape = CHORDS[rng.integers(0, len(CHORDS))]
        pattern = rng.choice(["whole", "down8", "downup"])
        if pattern == "whole":
            hits = [(0.0, False)]
            length = 4 * beat
        elif pattern == "down8":
            hits = [(i * beat / 2, False) for i in range(8)]
            length = 4 * beat
        else:
            hits = [(i * beat / 2, i % 2 == 1) for i in range(8)]
            length = 4 * beat
        for offset, up in hits:
            start = t + offset
            if start >= seconds:
                break
            dur = min(seconds - start, length - offset + 0.3)
            add(out, int(start * rate), strum(rate, rng, shape, level * rng.uniform(0.6, 1.0), dur, up=up))
        t += length
    return out


def phrase_palm_mutes(rate, rng, seconds, level):
    out = np.zeros(int(seconds * rate))
    tempo = rng.uniform(90, 180)
    step = 60.0 / tempo / 2
    root = rng.choice([0, 3, 5, 7])
    t = 0.0
    while t < seconds - 0.05:
        if rng.uniform() < 0.2:  # an accented open power chord
            shape = [root, root + 2, root + 2, None, None, None]
            add(out, int(t * rate), strum(rate, rng, shape, level * 0.9, min(0.6, seconds - t)))
        else:
            add(out, int(t * rate), pluck(rate, fret_frequency(0, root), min(0.3, seconds - t), rng,
                                         velocity=level * rng.uniform(0.5, 0.9), mute=True))
        t += step
    return out


def phrase_sweep(rate, rng, seconds, level):
    n = int(seconds * rate)
    t = np.arange(n) / rate
    f0, f1 = 40.0, 12000.0
    k = np.log(f1 / f0) / seconds
    phase = 2 * np.pi * f0 * (np.exp(k * t) - 1.0) / k
    env = np.minimum(1.0, np.minimum(t, seconds - t) / 0.05)
    return level * rng.uniform(0.3, 1.0) * env * np.sin(phase)


def apply_dynamics(sig, rng, rate):
    """A swell, a fade or a steady level across a phrase."""
    kind = rng.choice(["steady", "swell", "fade", "wave"])
    n = sig.size
    x = np.linspace(0.0, 1.0, n)
    if kind == "swell":
        env = 0.1 + 0.9 * x
    elif kind == "fade":
        env = 1.0 - 0.9 * x
    elif kind == "wave":
        env = 0.55 + 0.45 * np.sin(2 * np.pi * rng.uniform(0.2, 0.6) * x * n / rate)
    else:
        env = np.ones(n)
    return sig * env


def synth_di(seconds=60.0, seed=1, rate=48000, peak_db=-3.0):
    rng = np.random.default_rng(seed)
    total = int(seconds * rate)
    out = np.zeros(total)
    pos = 0
    kinds = ["single", "chords", "palm", "single", "chords", "sweep", "silence"]
    weights = np.array([0.25, 0.25, 0.2, 0.0, 0.0, 0.07, 0.03])
    weights = weights / weights.sum()
    first = True
    while pos < total:
        kind = "chords" if first else rng.choice(kinds, p=weights)
        first = False
        length = rng.uniform(2.0, 6.0) if kind != "silence" else rng.uniform(0.2, 0.8)
        length = min(length, (total - pos) / rate)
        if length * rate < 10:
            break
        level = float(rng.choice([0.25, 0.5, 0.75, 1.0]))  # pianissimo .. hard picking
        if kind == "single":
            sig = phrase_single_notes(rate, rng, length, level)
        elif kind == "chords":
            sig = phrase_chords(rate, rng, length, level)
        elif kind == "palm":
            sig = phrase_palm_mutes(rate, rng, length, level)
        elif kind == "sweep":
            sig = phrase_sweep(rate, rng, length, level * 0.5)
        else:
            sig = np.zeros(int(length * rate))
        if kind != "sweep":
            sig = apply_dynamics(sig, rng, rate)
        add(out, pos, sig)
        pos += sig.size
    # pickup: a resonant low-pass around 3-5 kHz, plus a touch of hum-free noise floor
    fc = rng.uniform(3000.0, 5000.0)
    b, a = scipy.signal.iirpeak(fc / (rate / 2), 1.5)
    res = scipy.signal.lfilter(b, a, out)
    b2, a2 = scipy.signal.butter(2, min(0.95, 1.4 * fc / (rate / 2)))
    out = scipy.signal.lfilter(b2, a2, out + 0.5 * res)
    out += rng.normal(0.0, 10 ** (-80 / 20), out.size)  # -80 dBFS noise floor
    peak = np.max(np.abs(out)) or 1.0
    out *= 10 ** (peak_db / 20) / peak
    return out.astype(np.float32)


def main():
    import wavio
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rate", type=int, default=48000)
    args = ap.parse_args()
    x = synth_di(args.seconds, args.seed, args.rate)
    wavio.write_wav(args.out, args.rate, x)


if __name__ == "__main__":
    main()
