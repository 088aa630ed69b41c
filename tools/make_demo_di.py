#!/usr/bin/env python3
"""Writes a few seconds of synthetic guitar-like DI (plucked strings, Karplus-Strong) as a
16-bit mono 48 kHz WAV, for the demo when ../shared is not available. Standard library only."""
import math
import random
import struct
import sys
import wave

RATE = 48000


def pluck(freq, seconds, rng, damping=0.996):
    period = max(2, int(RATE / freq))
    buf = [rng.uniform(-1, 1) for _ in range(period)]
    out = []
    for i in range(int(seconds * RATE)):
        j = i % period
        nxt = buf[(j + 1) % period]
        buf[j] = damping * 0.5 * (buf[j] + nxt)
        out.append(buf[j])
    return out


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "demo_di.wav"
    rng = random.Random(7)
    chords = [[82.4, 123.5, 164.8], [110.0, 164.8, 220.0], [98.0, 146.8, 196.0], [73.4, 110.0, 146.8]]
    signal = []
    for chord in chords:
        part = [0.0] * int(1.5 * RATE)
        for n, f in enumerate(chord):
            offset = n * 600  # a strum
            for i, v in enumerate(pluck(f, 1.5, rng)):
                if offset + i < len(part):
                    part[offset + i] += 0.25 * v
        signal.extend(part)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(max(-1, min(1, s)) * 32767)) for s in signal))


if __name__ == "__main__":
    main()
