"""Training losses: error-to-signal ratio (ESR) with a pre-emphasis filter, as in the
published guitar-amplifier modelling work (Wright & Valimaki et al.: ESR = sum (y - p)^2 /
sum y^2, both passed through H(z) = 1 - a z^-1 first, so the high-frequency error that the
ear notices is not drowned by bass), plus an optional multi-resolution STFT term
(spectral convergence + log-magnitude distance, averaged over several FFT sizes)."""
import torch

EPS = 1e-10


def pre_emphasis(x, coeff):
    if coeff == 0.0:
        return x
    return x[..., 1:] - coeff * x[..., :-1]


def esr(pred, target, coeff=0.0):
    p, t = pre_emphasis(pred, coeff), pre_emphasis(target, coeff)
    return torch.sum((t - p) ** 2) / (torch.sum(t ** 2) + EPS)


def mrstft(pred, target, sizes=(256, 1024, 2048)):
    p, t = pred.reshape(-1, pred.shape[-1]), target.reshape(-1, target.shape[-1])
    usable = [n for n in sizes if n <= p.shape[-1]] or [max(16, 1 << (p.shape[-1].bit_length() - 1))]
    total = 0.0
    for n in usable:
        window = torch.hann_window(n, dtype=pred.dtype)
        sp = torch.stft(p, n, hop_length=n // 4, window=window, return_complex=True).abs()
        st = torch.stft(t, n, hop_length=n // 4, window=window, return_complex=True).abs()
        convergence = torch.linalg.norm(st - sp) / (torch.linalg.norm(st) + EPS)
        log_mag = torch.mean(torch.abs(torch.log(st + 1e-7) - torch.log(sp + 1e-7)))
        total = total + convergence + log_mag
    return total / len(usable)


class Loss:
    def __init__(self, pre_emphasis=0.95, mrstft_weight=0.0):
        self.coeff = pre_emphasis
        self.mrstft_weight = mrstft_weight

    def __call__(self, pred, target):
        loss = esr(pred, target, self.coeff)
        if self.mrstft_weight > 0.0:
            loss = loss + self.mrstft_weight * mrstft(pred, target)
        return loss
