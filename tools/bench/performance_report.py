#!/usr/bin/env python3
"""Runs the engine benchmark and writes docs/performance.md (machine, compiler, flags, date, a
table per model shape and block size) and docs/performance.png (ns/sample vs block size).

    tools/bench/performance_report.py [--bench build/tests/bench/waveamp_engine_bench]
                                      [--min-time 0.2] [--out docs] [--filter REGEX]

Figures are CPU time of the benchmark process; efficiency is achieved GFLOP/s (2 per MAC)
over the peak FMA throughput measured in the same process for the instruction set in use.
The PNG needs matplotlib (Debian python3-matplotlib); without it only the Markdown is written.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_bench(path, min_time, filt, env_kernel=None):
    # Three repetitions, the fastest kept (rows_of): on a shared machine the slow runs are the
    # ones other tenants disturbed.
    cmd = [path, "--benchmark_format=json", f"--benchmark_min_time={min_time}", "--benchmark_repetitions=3"]
    if filt:
        cmd.append(f"--benchmark_filter={filt}")
    env = dict(os.environ)
    if env_kernel:
        env["WAVEAMP_KERNEL"] = env_kernel
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out)


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def compiler():
    try:
        return subprocess.run(["c++", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def run_bench_runs(path, min_time, filt, runs, env_kernel=None):
    """The benchmark `runs` times as separate processes, spread over the report's minutes:
    the host's speed drifts over minutes (the same unchanged case read 13 % apart in two
    reports an hour apart), which three back-to-back repetitions in one process do not see.
    rows_of keeps each case's fastest run."""
    merged = None
    for _ in range(max(1, runs)):
        data = run_bench(path, min_time, filt, env_kernel)
        if merged is None:
            merged = data
        else:
            merged["benchmarks"] += data["benchmarks"]
    return merged


def rows_of(data):
    rows, seen = [], {}
    for b in data["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration" or "ns/sample" not in b:
            continue  # e.g. the denormal benchmark (docs/hardening.md) has its own counters
        kind, shape, block = b["name"].split("/")[:3]
        if b["run_name"] in seen and b["ns/sample"] >= rows[seen[b["run_name"]]]["ns"]:
            continue  # another repetition or run, slower: keep the fastest (in first-seen order)
        row = {
            "kind": kind, "shape": shape, "block": int(block.split(":")[1]),
            "ns": b["ns/sample"], "rtf": b["RTF@48k"], "macs": b["MACs/sample"],
            "gflops": b["GFLOP/s"], "peak": b["peak_GFLOP/s"], "isa": b.get("label", ""),
            "floor": b.get("block1_floor_ns/sample"),
        }
        if b["run_name"] in seen:
            rows[seen[b["run_name"]]] = row
        else:
            seen[b["run_name"]] = len(rows)
            rows.append(row)
    # One peak for every row: the highest measured (runs on a slowed host measure a lower
    # peak too; a fastest case over a low peak would overstate its efficiency).
    peak = max((r["peak"] for r in rows), default=0.0)
    for r in rows:
        r["peak"] = peak
    return rows


# The WaveNet shapes the speed issue sets targets for: % of peak at block 64, and block 1 at
# most 3x the per-sample cost of block 64.
TARGETS = [("nam_standard", "NAM A1 standard", 50), ("pedalnet_16ch_gated", "PedalNet 16 ch gated", 50),
           ("wavenetva_8ch_18layers", "WaveNetVA 8 ch, 18 layers", None), ("nam_a2_full", "NAM A2 full", None),
           ("nam_lite", "NAM lite", None), ("nam_feather", "NAM feather", 25), ("nam_a2_lite", "NAM A2 lite", None),
           ("nam_nano", "NAM nano", 25)]


def summary_lines(rows, title="## Summary against the targets"):
    by = {(r["shape"], r["block"]): r for r in rows if r["kind"] == "model"}
    isa = next((r["isa"] for r in rows), "?")
    peak = rows[0]["peak"] if rows else 0.0
    out = [title, "",
           f"{isa} kernels, measured peak {peak:.1f} GFLOP/s. % of that peak per block size; then the block-64 "
           "target and the block-1 cost per sample over the block-64 cost (target: at most 3x). The last two "
           "columns are the block-1 latency floor (layers in series x one FMA + one activation, measured on a "
           "dependent chain: no kernel computing this arithmetic goes below it) and that floor over the block-64 "
           "cost, the least block-1 ratio reachable.", "",
           "| shape | MACs/sample | block 1 | 16 | 64 | 256 | 4096 | target at 64 | block 1 / block 64 "
           "| block-1 floor | floor / block 64 |",
           "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"]
    for shape, name, target in TARGETS:
        if (shape, 64) not in by:
            continue
        cells = [f"{100 * by[(shape, b)]['gflops'] / by[(shape, b)]['peak']:.1f} %" if (shape, b) in by else "—"
                 for b in (1, 16, 64, 256, 4096)]
        at64 = 100 * by[(shape, 64)]["gflops"] / by[(shape, 64)]["peak"]
        goal = "—" if target is None else f"≥ {target} %: {'met' if at64 >= target else 'not met'}"
        ratio = by[(shape, 1)]["ns"] / by[(shape, 64)]["ns"] if (shape, 1) in by else float("nan")
        floor = by[(shape, 1)].get("floor") if (shape, 1) in by else None
        floor_cells = f"{floor:.0f} ns | {floor / by[(shape, 64)]['ns']:.2f}x" if floor else "— | —"
        out.append(f"| {name} | {by[(shape, 64)]['macs']:.0f} | " + " | ".join(cells)
                   + f" | {goal} | {ratio:.2f}x {'(met)' if ratio <= 3 else '(not met)'} | {floor_cells} |")
    return out + [""]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", default=os.path.join(ROOT, "build/tests/bench/waveamp_engine_bench"))
    ap.add_argument("--min-time", default="0.2")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs"))
    ap.add_argument("--filter", default="^(model|idle)/")
    ap.add_argument("--runs", type=int, default=3, help="benchmark processes per table, fastest kept (default 3)")
    ap.add_argument("--callgrind", action="store_true",
                    help="also count instructions/sample with tools/bench/callgrind.sh (valgrind, ../shared)")
    args = ap.parse_args()

    data = run_bench_runs(args.bench, args.min_time, args.filter, args.runs)
    rows = rows_of(data)
    ref = rows_of(run_bench_runs(args.bench, args.min_time, "model/nam_standard/block:64/", args.runs, "reference"))
    ctx = data["context"]
    isa = next((r["isa"] for r in rows), "?")
    peak = rows[0]["peak"] if rows else 0.0
    os.makedirs(args.out, exist_ok=True)

    lines = [
        "# WaveAmp engine performance",
        "",
        f"Generated by `tools/bench/performance_report.py` on {datetime.date.today().isoformat()}.",
        "",
        f"- machine: {cpu_model()}, {ctx.get('num_cpus', '?')} cores; AVX-512: {ctx.get('cpu_avx512', '?')}, AVX2+FMA: {ctx.get('cpu_avx2_fma', '?')}",
        f"- compiler: {compiler()}; flags: -O3, baseline x86-64 plus per-file -mavx2 -mfma / -mavx512f… kernels chosen at run time (no -march=native)",
        f"- kernel ISA in use: {isa}; measured single-core FMA peak for it: {peak:.1f} GFLOP/s",
        f"- dependent chain of one FMA + one activation (4 lanes): tanh {float(ctx.get('fma_tanh_chain_ns', 0)):.2f} ns, "
        f"LeakyReLU {float(ctx.get('fma_leakyrelu_chain_ns', 0)):.2f} ns",
        f"- times are CPU time of the benchmark process, the fastest of {max(1, args.runs)} runs x 3 repetitions (robust on a shared "
        "machine whose speed drifts); efficiency against the highest peak measured in those runs; random weights, real file formats",
        "",
    ]
    # The same summary on the AVX2+FMA kernels (what a CPU without AVX-512 runs), when this
    # CPU has both: forced with WAVEAMP_KERNEL, measured against AVX2's own peak.
    avx2 = []
    if isa == "AVX-512":
        shapes = "|".join(shape for shape, _, _ in TARGETS)
        avx2 = rows_of(run_bench_runs(args.bench, args.min_time, f"^model/({shapes})/block:(1|16|64|256|4096)/",
                                      args.runs, "avx2"))
    lines += summary_lines(rows)
    if avx2:
        lines += summary_lines(avx2, "## The same on the AVX2+FMA kernels (forced, WAVEAMP_KERNEL=avx2)")
    lines += [
        "## Every shape and block size",
        "",
        "| model | block | ns/sample | real-time factor @48k | MACs/sample | GFLOP/s | % of peak |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if r["kind"] == "idle":  # silent input after prewarm: the network is not run at all
            lines.append(f"| idle/{r['shape']} (silent input) | {r['block']} | {r['ns']:.2f} | {r['rtf']:.0f}x | "
                         f"{r['macs']:.0f} | — | — |")
            continue
        lines.append(f"| {r['kind']}/{r['shape']} | {r['block']} | {r['ns']:.1f} | {r['rtf']:.0f}x | {r['macs']:.0f} | "
                     f"{r['gflops']:.1f} | {100 * r['gflops'] / r['peak']:.1f} % |")
    if ref:
        fast = next((r for r in rows if r["shape"] == "nam_standard" and r["block"] == 64 and r["kind"] == "model"), None)
        lines += ["", f"Eigen reference path (WAVEAMP_KERNEL=reference), nam_standard block 64: {ref[0]['ns']:.1f} ns/sample"
                  + (f"; the {isa} kernels are {ref[0]['ns'] / fast['ns']:.2f}x faster." if fast else "")]
    if args.callgrind:
        out = subprocess.run([os.path.join(ROOT, "tools/bench/callgrind.sh")], capture_output=True, text=True)
        lines += ["", "## Instructions per sample (callgrind)", "",
                  "`tools/bench/callgrind.sh`: 1 s of the guitar DI through NAM A1 standard "
                  "(`../shared/models/nam/wavenet_a1_standard.nam`), only `Model::process` counted. Repeatable "
                  "on a noisy machine, unlike times. `reference` is the Eigen path every layer ran before the "
                  "SIMD kernels (the before figure); valgrind runs no AVX-512, so AVX2 is the widest path counted.",
                  "", "```", (out.stdout or out.stderr).strip(), "```"]
    lines += ["", "![ns/sample vs block size](performance.png)", ""]
    with open(os.path.join(args.out, "performance.md"), "w") as f:
        f.write("\n".join(lines))

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: wrote the Markdown only", file=sys.stderr)
        return
    # Two panels (convolutional and recurrent models), one colour and marker per model, the
    # legends beside the plots so no curve is hidden.
    shapes = sorted({r["shape"] for r in rows if r["kind"] == "model"})
    recurrent = [sh for sh in shapes if "lstm" in sh or "gru" in sh]
    panels = [("WaveNet / ConvNet / linear", [sh for sh in shapes if sh not in recurrent]), ("LSTM / GRU", recurrent)]
    fig, axes = plt.subplots(1, 2, figsize=(15, 6))
    colours = plt.get_cmap("tab20").colors
    markers = "osD^v<>ph*X"
    for ax, (title, names) in zip(axes, panels):
        for i, shape in enumerate(names):
            pts = sorted((r["block"], r["ns"]) for r in rows if r["shape"] == shape and r["kind"] == "model")
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker=markers[i % len(markers)],
                    color=colours[i % len(colours)], label=shape)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("host block size (samples)")
        ax.set_ylabel("ns per sample (CPU time)")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        if names:
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    fig.suptitle(f"WaveAmp engine, {isa} kernels, {cpu_model()}")
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "performance.png"), dpi=110)


if __name__ == "__main__":
    main()
