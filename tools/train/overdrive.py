#!/usr/bin/python3
"""The project's reference overdrive: a Tube-Screamer-like diode-clipper stage, solved
numerically, followed by a tone filter. It is the "pedal" the default model is trained to
imitate, and it gives every test a target whose exact behaviour we know.

    overdrive.py IN.wav OUT.wav [--drive 0.5] [--tone 0.5] [--level -6]

Signal path (samples are taken as volts, 1.0 = 1 V):
  1. input coupling: 1st-order high-pass at 20 Hz;
  2. clipping stage: a non-inverting op-amp whose feedback is Rf = 51k + drive * 500k in
     parallel with Cf = 51 pF and two anti-parallel silicon diodes (1N914-like,
     Is = 2.52 nA, n = 1.752); the leg to ground is R4 = 4.7k in series with C3 = 47 nF
     (a 720 Hz high-pass, the Tube Screamer's mid hump). With the op-amp ideal, the
     current into the feedback network is i = HPF720(v_in) / R4, and the feedback voltage
     v obeys the stiff ODE
         Cf dv/dt = i - v / Rf - 2 Is sinh(v / (n Vt)),
     solved with backward Euler (L-stable, no ringing) at 2x the sample rate (the input
     current is linearly interpolated between samples; no look-ahead, so the whole
     pedal is causal) with a safeguarded Newton iteration per step. Output: v_in + v.
  3. tone: 1st-order low-pass whose corner moves from 1 kHz (tone 0) to 6 kHz (tone 1),
     preceded by the circuit's fixed 723 Hz passive low-pass mixed 50/50 with the dry
     clipping-stage output (a gentle, Tube-Screamer-like treble roll-off);
  4. output coupling: 1st-order high-pass at 20 Hz; level in dB.
Only numpy and scipy are needed. Deterministic: no randomness at all.
"""
import argparse
import math

import numpy as np
import scipy.signal

IS = 2.52e-9      # diode saturation current (A)
N_VT = 1.752 * 0.02585  # emission coefficient x thermal voltage (V)
R4 = 4.7e3
C3 = 47e-9
CF = 51e-12


def one_pole_highpass(rate, fc):
    return scipy.signal.butter(1, fc / (rate / 2), btype="highpass")


def one_pole_lowpass(rate, fc):
    return scipy.signal.butter(1, fc / (rate / 2))


def solve_clipper(current, rate, rf, substeps=2):
    """Backward-Euler solution of Cf dv/dt = i - v/Rf - 2 Is sinh(v/nVt); returns v per sample."""
    h = 1.0 / (rate * substeps)
    k = h / CF
    lin = 1.0 + k / rf            # derivative of the linear part of g(v) = v + k (v/Rf + 2 Is sinh)
    kd = 2.0 * k * IS
    inv = 1.0 / N_VT
    sinh, cosh = math.sinh, math.cosh
    out = np.empty(current.size)
    v = 0.0
    prev_i = 0.0
    cur = current.tolist()
    for t in range(len(cur)):
        i_now = cur[t]
        for s in range(1, substeps + 1):
            i_sub = prev_i + (i_now - prev_i) * (s / substeps)
            u = v + k * i_sub   # solve g(v_new) = u
            x = v
            for _ in range(60):
                a = x * inv
                f = lin * x + kd * sinh(a) - u
                df = lin + kd * inv * cosh(a)
                step = f / df
                # keep Newton from leaping far up the exponential
                if step > 0.1:
                    step = 0.1
                elif step < -0.1:
                    step = -0.1
                x -= step
                if -1e-12 < step < 1e-12:
                    break
            v = x
        prev_i = i_now
        out[t] = v
    return out


def overdrive(x, rate, drive=0.5, tone=0.5, level_db=-6.0):
    x = np.asarray(x, dtype=np.float64)
    b, a = one_pole_highpass(rate, 20.0)
    vin = scipy.signal.lfilter(b, a, x)
    # current into the feedback network: v_in through the 4.7k + 47nF leg to ground
    b, a = one_pole_highpass(rate, 1.0 / (2 * math.pi * R4 * C3))
    current = scipy.signal.lfilter(b, a, vin) / R4
    rf = 51e3 + drive * 500e3
    v = solve_clipper(current, rate, rf)
    stage = vin + v
    b, a = one_pole_lowpass(rate, 723.0)
    passive = scipy.signal.lfilter(b, a, stage)
    mixed = 0.5 * passive + 0.5 * stage
    b, a = one_pole_lowpass(rate, 1000.0 * 6.0 ** tone)
    y = scipy.signal.lfilter(b, a, mixed)
    b, a = one_pole_highpass(rate, 20.0)
    y = scipy.signal.lfilter(b, a, y)
    return (y * 10 ** (level_db / 20)).astype(np.float32)


def main():
    import wavio
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--drive", type=float, default=0.5, help="0..1 (default 0.5)")
    ap.add_argument("--tone", type=float, default=0.5, help="0..1 (default 0.5)")
    ap.add_argument("--level", type=float, default=-6.0, help="output level in dB (default -6)")
    args = ap.parse_args()
    rate, x = wavio.read_wav(args.input)
    wavio.write_wav(args.output, rate, overdrive(x, rate, args.drive, args.tone, args.level))


if __name__ == "__main__":
    main()
