#!/usr/bin/env bash
# Instructions per sample of the engine, counted by valgrind's callgrind: a figure that does not
# drift with the load on a shared machine (timings do). Renders 1 s of the guitar DI (48,000
# samples) through a model with waveamp-render and counts only what Model::process executes
# (--toggle-collect), once per kernel path, at each block size:
#   tools/bench/callgrind.sh [--model FILE] [--blocks "64 1"] [--kernels "reference sse2 avx2"]
# Default model: ../shared/models/nam/wavenet_a1_standard.nam (NAM A1 standard, 13,321 MACs/sample).
# "reference" is the Eigen path every layer had before the SIMD kernels (kept as the exact path
# for tests): the "before" figure. valgrind 3.19 runs no AVX-512, and reports a CPU without it,
# so the AVX-512 kernels cannot be counted here; AVX2 is the widest path it measures.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
model=$root/../shared/models/nam/wavenet_a1_standard.nam
blocks="64 1"
kernels="reference sse2 avx2"
while [ $# -gt 0 ]; do
    case "$1" in
        --model) model=$2; shift ;;
        --blocks) blocks=$2; shift ;;
        --kernels) kernels=$2; shift ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
render=$root/build/Source/Cli/waveamp-render
[ -x "$render" ] || { echo "build first (tools/build.sh): $render is missing" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
[ -f "$model" ] || { echo "model not found: $model (needs ../shared)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
di=$root/../shared/audio/guitar_di.wav
# The first second of the DI (or of a synthesized DI without ../shared), frames copied as they are.
if [ ! -f "$di" ]; then
    python3 "$root/tools/make_demo_di.py" "$work/di.wav" >/dev/null
    di=$work/di.wav
fi
python3 - "$di" "$work/in.wav" <<'EOF'
import sys, wave
src = wave.open(sys.argv[1], "rb")
dst = wave.open(sys.argv[2], "wb")
dst.setparams(src.getparams())
dst.writeframes(src.readframes(src.getframerate()))
EOF
samples=$(python3 -c "import wave,sys; print(wave.open(sys.argv[1]).getnframes())" "$work/in.wav")

printf '%-10s %6s %16s %14s\n' kernels block instructions per-sample
for k in $kernels; do
    for b in $blocks; do
        out=$work/callgrind.$k.$b
        WAVEAMP_KERNEL=$k valgrind --tool=callgrind --callgrind-out-file="$out" \
            --toggle-collect='waveamp::Model::process(*' \
            "$render" --model "$model" "$work/in.wav" "$work/out.wav" --block "$b" --quiet >/dev/null 2>"$work/log"
        total=$(grep -m1 '^summary:' "$out" | awk '{print $2}')
        printf '%-10s %6s %16s %14.0f\n' "$k" "$b" "$total" "$(echo "$total / $samples" | bc -l)"
    done
done
