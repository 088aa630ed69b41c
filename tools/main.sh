#!/usr/bin/env bash
# The main job: install what is missing, build everything, and render a demo through the
# embedded default model, printing where the output went and the real-time factor.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/install-deps.sh" build
"$root/tools/build.sh"
mkdir -p "$root/out"
input="$root/../shared/audio/guitar_di.wav"
if [ ! -f "$input" ]; then
    input="$root/out/demo_di.wav"
    python3 "$root/tools/make_demo_di.py" "$input"
    echo "(../shared/audio/guitar_di.wav not found: rendering a synthesized DI instead)"
fi
output="$root/out/demo_default_model.wav"
"$root/build/Source/Cli/waveamp-render" "$input" "$output" --prewarm --bench
echo "demo render written to $output"
