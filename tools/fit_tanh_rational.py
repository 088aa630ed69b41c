#!/usr/bin/env python3
"""Fits the rational tanh of Source/Engine/kernels/VectorMath.h and checks it in float32.

tanh(x) ~= x * P(x^2) / Q(x^2) on |x| <= CLAMP (x clamped there first), P and Q of degree 4,
Q(0) = 1. The fit minimises the relative error of tanh(x)/x in double precision (linearised
least squares, reweighted towards minimax); then the coefficients are rounded to float32 and the
approximation is evaluated exactly as the kernels do (Estrin's scheme with fused multiply-adds,
one division) on 2,000,001 points of [-20, 20] against double-precision tanh. Prints the C++
constants and the float32 max abs error (rounding dominates it: the fit itself is ~1e-8).

    /usr/bin/python3 tools/fit_tanh_rational.py      (needs numpy: Debian python3-numpy)
"""
import numpy as np

CLAMP = 8.3  # the clamp with the least float32 error among 7.6 ... 9.5 (tanh(8.3) = 1 - 1.2e-7)
DEGREE = 4


def fit(clamp, degree, iterations=60):
    x = np.sort(np.concatenate([np.linspace(0, clamp, 20000)[1:], np.geomspace(1e-4, 1, 2000)]))
    t, f = x * x, np.tanh(x) / x
    powers = np.vstack([t ** k for k in range(degree + 1)]).T
    q_prev, w = np.ones_like(t), np.ones_like(t)
    for _ in range(iterations):
        a = np.hstack([powers, -f[:, None] * powers[:, 1:]])
        weight = w / (q_prev * f)
        sol = np.linalg.lstsq(a * weight[:, None], f * weight, rcond=None)[0]
        p, q = sol[:degree + 1], np.concatenate([[1.0], sol[degree + 1:]])
        q_prev = np.polyval(q[::-1], t)
        err = (np.polyval(p[::-1], t) / q_prev - f) / f
        w = w * np.sqrt(np.abs(err)) + 1e-30  # Lawson's reweighting: towards equal ripples
        w /= w.max()
    return p, q


def fma(a, b, c):  # float32 fused multiply-add (exact product and sum in double, one rounding)
    return (a.astype(np.float64) * b.astype(np.float64) + c.astype(np.float64)).astype(np.float32)


def tanh_f32(x, p, q, clamp):
    f32 = np.float32
    xc = np.clip(x, f32(-clamp), f32(clamp))
    t = (xc * xc).astype(np.float32)

    t2 = (t * t).astype(np.float32)
    t4 = (t2 * t2).astype(np.float32)
    k = lambda v: np.full_like(t, f32(v))

    def estrin(c):  # degree 4: c0 + c1 t + t^2 (c2 + c3 t) + t^4 c4, as in VectorMath.h
        return fma(t4, k(c[4]), fma(t2, fma(t, k(c[3]), k(c[2])), fma(t, k(c[1]), k(c[0]))))
    return ((xc * estrin(p)).astype(np.float32) / estrin(q)).astype(np.float32)


def main():
    p, q = fit(CLAMP, DEGREE)
    x = np.linspace(-20, 20, 2000001).astype(np.float32)
    err = np.abs(tanh_f32(x, p, q, CLAMP).astype(np.float64) - np.tanh(x.astype(np.float64)))
    fmt = lambda c: ", ".join(f"{np.float32(v)!r}f".replace("np.float32(", "").replace(")", "") for v in c)
    print(f"clamp {CLAMP}: float32 max abs error {err.max():.3g} at x = {x[err.argmax()]:g}")
    print(f"P (t^0..t^{DEGREE}): {fmt(p)}")
    print(f"Q (t^0..t^{DEGREE}): {fmt(q)}")


if __name__ == "__main__":
    main()
