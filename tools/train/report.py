"""The training report: a PNG with the loss curves and a waveform / spectrum comparison of the
model against the target on validation audio. Needs matplotlib (Debian: python3-matplotlib);
without it the report is skipped with a note, training is not affected."""
import numpy as np


def write_report(path, history, x_val, y_val, p_val, rate, title):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib is not installed (apt-get install python3-matplotlib): no PNG report"
    import scipy.signal

    fig, axes = plt.subplots(3, 1, figsize=(10, 11))
    ax = axes[0]
    epochs = [h["epoch"] for h in history]
    ax.semilogy(epochs, [h["loss"] for h in history], label="training loss (pre-emphasised ESR)")
    ax.semilogy(epochs, [h["val_esr"] for h in history], label="validation ESR")
    ax.semilogy(epochs, [h["val_esr_pre"] for h in history], label="validation ESR, pre-emphasised", alpha=0.7)
    ax.set_xlabel("epoch")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()

    # the loudest 40 ms of the validation audio
    n = int(0.04 * rate)
    if y_val.size > n:
        energy = np.convolve(y_val.astype(np.float64) ** 2, np.ones(n), mode="valid")
        start = int(np.argmax(energy))
    else:
        start, n = 0, y_val.size
    t = (np.arange(n) + start) / rate * 1000
    ax = axes[1]
    ax.plot(t, x_val[start:start + n], label="input (DI)", color="0.7", lw=0.8)
    ax.plot(t, y_val[start:start + n], label="target", lw=1.2)
    ax.plot(t, p_val[start:start + n], label="model", lw=1.0, ls="--")
    ax.plot(t, y_val[start:start + n] - p_val[start:start + n], label="error", lw=0.8)
    ax.set_xlabel("time in validation audio (ms)")
    ax.legend(loc="upper right")
    ax.grid(True, alpha=0.3)

    ax = axes[2]
    nper = min(4096, y_val.size)
    for sig, label in ((y_val, "target"), (p_val, "model"), (y_val - p_val, "error")):
        f, pxx = scipy.signal.welch(sig.astype(np.float64), rate, nperseg=nper)
        ax.semilogx(f[1:], 10 * np.log10(pxx[1:] + 1e-20), label=label)
    ax.set_xlabel("frequency (Hz)")
    ax.set_ylabel("power (dB/Hz)")
    ax.set_title("validation spectrum")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return None
