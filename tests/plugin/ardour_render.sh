#!/usr/bin/env bash
# A real DAW renders through both builds, headless: installs WaveAmp.vst3 and WaveAmp.lv2 into a
# scratch HOME (~/.vst3, ~/.lv2, as the README says), runs ardour_render.lua in ardour7-lua once
# per format (LV2 first; then the VST3, indexed with Ardour's scanner), and checks the exported files (not
# ardour7-lua's exit code: it may crash on exit after writing, see below): present, 4 s long, not
# silent, and at the level waveamp-render gives the same sine through the same model (within 1.5 dB).
#   ardour_render.sh VST3_BUNDLE LV2_BUNDLE WAVEAMP_RENDER_EXE LV2_URI WORK_DIR
# Exit 77 = skipped (Ardour not installed, outside CI).
set -uo pipefail
vst3=$(realpath "$1"); lv2=$(realpath "$2"); render=$3; uri=$4; work=$5
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v ardour7-lua >/dev/null; then
    echo "skipped: ardour7-lua not installed (Debian package ardour)"
    [ "${CI:-}" = true ] && exit 1
    exit 77
fi
rm -rf "$work"
mkdir -p "$work/home/.vst3" "$work/home/.lv2"
cp -r "$vst3" "$work/home/.vst3/"
cp -r "$lv2" "$work/home/.lv2/"
export HOME="$work/home"
unset DISPLAY

# The reference: the same sine (220 Hz, -18 dBFS) through waveamp-render.
python3 - "$work/sine.wav" <<'PY'
import math, struct, sys, wave
rate, n, amp = 48000, 48000 * 4, 10 ** (-18 / 20)
with wave.open(sys.argv[1], "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(rate)
    w.writeframes(b"".join(struct.pack("<h", int(round(32767 * amp * math.sin(2 * math.pi * 220 * i / rate)))) for i in range(n)))
PY
"$render" "$work/sine.wav" "$work/reference.wav" --prewarm --quiet > /dev/null || { echo "waveamp-render failed"; exit 1; }

status=0
for kind in LV2 VST3; do
    id=$uri
    if [ "$kind" = VST3 ]; then
        id=WaveAmp
        # Index the VST3 (after Ardour's first run has listed it as new, or it ignores the cache).
        LD_LIBRARY_PATH=/usr/lib/ardour7 /usr/lib/ardour7/ardour-vst3-scanner -q -f "$HOME/.vst3/$(basename "$vst3")" \
            || { echo "ardour-vst3-scanner failed"; exit 1; }
    fi
    # Ardour 7.3's luasession crashes at the end of an export in about one run in four, with
    # WaveAmp (LV2 or VST3) on the track and equally with no plugin at all (measured here: 6/20
    # runs without a plugin, 5/20 VST3, 4/20 LV2; heap corruption in ExportGraphBuilder::reset).
    # A run that crashed before the export was finalised says nothing about WaveAmp: try again
    # (at most 5 runs). Any run with a finalised, complete export is the one checked.
    wav="$work/session_$kind/export/waveamp_$kind.wav"
    for attempt in 1 2 3 4 5; do
        rm -rf "$work/session_$kind"
        WAVEAMP_PLUGIN_TYPE=$kind WAVEAMP_PLUGIN_ID=$id WAVEAMP_SESSION_DIR="$work/session_$kind" \
            timeout 300 ardour7-lua "$here/ardour_render.lua" > "$work/ardour_$kind.log" 2>&1
        rc=$?
        echo "ardour7-lua ($kind, run $attempt) exited with $rc"
        grep -E "^WaveAmp|^exported|assert|error|free|corrupt" "$work/ardour_$kind.log" | grep -v "Ignored format" | head -5
        [ $rc = 0 ] && break
        frames=$(python3 - "$wav" <<'PY'
import struct, sys
try:
    data = open(sys.argv[1], "rb").read()
except OSError:
    print(0); sys.exit()
pos, frames = 12, 0
while pos + 8 <= len(data):
    cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
    if cid == b"data": frames = size // 4  # 16-bit stereo
    pos += 8 + size + (size & 1)
print(frames)
PY
)
        [ "$frames" -ge 192000 ] && { echo "(crashed after a complete export: checking it)"; break; }
        echo "Ardour crashed before the export was finalised ($frames frames); trying again"
    done
    python3 - "$work/session_$kind/export/waveamp_$kind.wav" "$work/reference.wav" "$kind" <<'PY' || status=1
import math, os, struct, sys

def read_wav(path):
    data = open(path, "rb").read()
    pos, fmt, out = 12, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif cid == b"data":
            channels, bits = fmt[1], fmt[5]
            if bits == 16:
                values = [v / 32768.0 for v in struct.unpack("<%dh" % (len(body) // 2), body)]
            elif bits == 24:
                values = [int.from_bytes(body[i:i + 3], "little", signed=True) / 8388608.0 for i in range(0, len(body) - 2, 3)]
            else:
                values = list(struct.unpack("<%df" % (len(body) // 4), body))
            out = (fmt[2], channels, values[::channels])
        pos += 8 + size + (size & 1)
    return out

exported, reference, kind = sys.argv[1], sys.argv[2], sys.argv[3]
if not os.path.exists(exported):
    print("%s: Ardour exported nothing (%s missing)" % (kind, exported)); sys.exit(1)
rate, channels, x = read_wav(exported)
_, _, ref = read_wav(reference)
def rms_db(v): return 10 * math.log10(sum(s * s for s in v) / max(1, len(v)) + 1e-30)
a, b = x[rate // 2:], ref[rate // 2:len(x)]
peak = max(abs(v) for v in a) if a else 0.0
print("%s: Ardour exported %d samples x %d channels at %d Hz: peak %.3f, RMS %.1f dBFS; waveamp-render %.1f dBFS"
      % (kind, len(x), channels, rate, peak, rms_db(a), rms_db(b)))
if len(x) != 4 * 48000:
    print("%s: the export is incomplete (expected 192000 samples)" % kind); sys.exit(1)
if peak < 0.01:
    print("%s: the export is silent" % kind); sys.exit(1)
if abs(rms_db(a) - rms_db(b)) > 1.5:
    print("%s: level differs from waveamp-render by more than 1.5 dB" % kind); sys.exit(1)
PY
done
exit $status
