#!/usr/bin/env bash
# Starts the WaveAmp Standalone under Xvfb, takes a screenshot of the screen once its window is
# up, and checks that the window drew (the PNG is not a blank screen). Exit 77 = skipped.
#   standalone_screenshot.sh STANDALONE_EXE OUT.png
set -euo pipefail
exe=$1
out=$2
# Debian's ImageMagick (a different `convert` may come first on PATH).
convert=/usr/bin/convert
[ -x "$convert" ] || convert=$(command -v convert || echo convert)
export CONVERT=$convert
for tool in xvfb-run xwd xwininfo "$convert"; do
    if ! command -v "$tool" >/dev/null; then
        echo "skipped: $tool not installed"
        [ "${CI:-}" = true ] && exit 1
        exit 77
    fi
done
rm -f "$out"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
# Its own HOME so the Standalone's saved settings never leak between runs.
HOME=$home xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    "$0" &
    pid=$!
    for i in $(seq 1 60); do
        sleep 0.5
        if xwininfo -root -tree 2>/dev/null | grep -q "WaveAmp"; then break; fi
    done
    sleep 2
    xwd -root -silent | "$CONVERT" xwd:- "$1"
    kill $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
' "$exe" "$out"
[ -s "$out" ] || { echo "no screenshot written"; exit 1; }
colours=$("$convert" "$out" -format "%k" info:)
echo "standalone screenshot: $out ($colours distinct colours)"
if [ "$colours" -lt 20 ]; then
    echo "the screenshot looks blank"
    exit 1
fi
