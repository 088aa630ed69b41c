"""WAV reading and writing for the trainer (scipy only).

read_wav returns (rate, float32 mono samples): integer PCM is divided by 2^(bits-1) (24-bit
files come from scipy left-justified in int32, so this is the same as dividing by 2^23),
float data is taken as is, and a multichannel file gives its channel 0 (with a note).
"""
import sys
import warnings

import numpy as np
import scipy.io.wavfile


class AudioError(Exception):
    """A recording the trainer cannot use, with a message meant for the guitarist."""


def read_wav(path, quiet=False):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", scipy.io.wavfile.WavFileWarning)
            rate, data = scipy.io.wavfile.read(path)
    except FileNotFoundError:
        raise AudioError(f"{path}: no such file")
    except Exception as e:  # scipy raises ValueError for non-WAV content
        raise AudioError(f"{path}: not a readable WAV file ({e})")
    if data.ndim > 1:
        if not quiet:
            print(f"note: {path} has {data.shape[1]} channels; using channel 0", file=sys.stderr)
        data = data[:, 0]
    if data.dtype == np.uint8:
        x = (data.astype(np.float64) - 128.0) / 128.0
    elif np.issubdtype(data.dtype, np.integer):
        x = data.astype(np.float64) / float(2 ** (8 * data.dtype.itemsize - 1))
    else:
        x = data
    return int(rate), np.ascontiguousarray(x, dtype=np.float32)


def write_wav(path, rate, samples):
    """Mono 32-bit float WAV."""
    scipy.io.wavfile.write(path, int(rate), np.ascontiguousarray(samples, dtype=np.float32))
