#!/usr/bin/env bash
# The Standalone with live input: a JACK dummy server (no sound card), the WaveAmp Standalone
# under Xvfb using JACK, a DI file played into its input (sndfile-jackplay) and its output
# recorded (jack_capture). Checks that the output is not silent and that its level matches
# waveamp-render's render of the same file through the same (default) model, within 3 dB.
#   standalone_jack.sh STANDALONE_EXE WAVEAMP_RENDER_EXE MAKE_DEMO_DI_PY WORK_DIR
# Exit 77 = skipped (tools missing, outside CI).
set -euo pipefail
exe=$1; render=$2; make_di=$3; work=$4
for tool in jackd jack_wait jack_lsp jack_connect sndfile-jackplay jack_capture xvfb-run python3; do
    if ! command -v "$tool" >/dev/null; then
        echo "skipped: $tool not installed"
        [ "${CI:-}" = true ] && exit 1
        exit 77
    fi
done
rm -rf "$work"
mkdir -p "$work/home/.config"
export JACK_DEFAULT_SERVER="waveamp_test_$$"
export JACK_NO_AUDIO_RESERVATION=1
pids=()
group=""
cleanup() {
    # The Standalone runs in its own process group with xvfb-run and Xvfb: killing xvfb-run
    # alone left both running after the test.
    [ -n "$group" ] && kill -- "-$group" 2>/dev/null || true
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

jackd --no-realtime -d dummy -r 48000 -p 256 > "$work/jackd.log" 2>&1 &
pids+=($!)
jack_wait -w -t 10 >/dev/null

# The Standalone's own settings file: JACK in and out, input not muted.
cat > "$work/home/.config/WaveAmp.settings" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<PROPERTIES>
  <VALUE name="audioSetup">
    <DEVICESETUP deviceType="JACK" audioOutputDeviceName="system" audioInputDeviceName="system"
                 audioDeviceRate="48000.0" audioDeviceBufferSize="256"/>
  </VALUE>
  <VALUE name="shouldMuteInput" val="0"/>
</PROPERTIES>
XML
HOME="$work/home" setsid xvfb-run -a "$exe" > "$work/standalone.log" 2>&1 &
group=$!
for i in $(seq 1 60); do
    jack_lsp 2>/dev/null | grep -q "^WaveAmp:out_1" && break
    sleep 0.5
done
jack_lsp | grep -q "^WaveAmp:in_1" || { echo "the Standalone never appeared on JACK"; cat "$work/standalone.log"; exit 1; }

python3 "$make_di" "$work/di.wav" >/dev/null
"$render" "$work/di.wav" "$work/reference.wav" --prewarm --quiet > /dev/null

jack_capture --daemon -c 1 -b 16 -d 12 --port WaveAmp:out_1 -fn "$work/captured.wav" &
capture=$!
pids+=($capture)
sleep 1
# Play the DI into both inputs (stereo input in "Summed" mode: both must carry the signal).
jack_disconnect system:capture_1 WaveAmp:in_1 || true
jack_disconnect system:capture_2 WaveAmp:in_2 || true
sndfile-jackplay "$work/di.wav" > /dev/null 2> "$work/player.log" &
player=$!
pids+=($player)
for i in $(seq 1 100); do
    port=$(jack_lsp 2>/dev/null | grep -i -m1 "sndfile\|jackplay" || true)
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || { echo "sndfile-jackplay did not start"; cat "$work/player.log"; exit 1; }
jack_disconnect "$port" system:playback_1 2>/dev/null || true
jack_connect "$port" WaveAmp:in_1
jack_connect "$port" WaveAmp:in_2
jack_lsp -c > "$work/connections.txt" 2>&1 || true
wait "$player" || true
wait "$capture" || true

python3 - "$work/captured.wav" "$work/reference.wav" <<'PY'
import math, struct, sys

def read_wav(path):
    data = open(path, "rb").read()
    pos, fmt, samples = 12, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif cid == b"data":
            tag, channels, rate, _, _, bits = fmt
            if tag == 0xFFFE:  # WAVE_FORMAT_EXTENSIBLE: the subformat's first two bytes
                tag = struct.unpack("<H", body and fmt and data[pos - size:pos - size + 2] or b"\x01\x00")[0]
            if bits == 16:
                values = [v / 32768.0 for v in struct.unpack("<%dh" % (len(body) // 2), body)]
            else:
                values = list(struct.unpack("<%df" % (len(body) // 4), body))
            samples = values[::channels]
        pos += 8 + size + (size & 1)
    return samples

def rms_db(x):
    return 10 * math.log10(sum(v * v for v in x) / max(1, len(x)) + 1e-30)

captured, reference = read_wav(sys.argv[1]), read_wav(sys.argv[2])
# Where the captured signal is: from the first sample above -40 dBFS, as long as the reference.
start = next((i for i, v in enumerate(captured) if abs(v) > 0.01), None)
if start is None:
    print("captured output is silent (%d samples)" % len(captured)); sys.exit(1)
segment = captured[start:start + len(reference)]
peak = max(abs(v) for v in segment)
cap_db, ref_db = rms_db(segment), rms_db(reference[:len(segment)])
print("captured %d samples through JACK: peak %.3f, RMS %.1f dBFS; waveamp-render RMS %.1f dBFS"
      % (len(segment), peak, cap_db, ref_db))
if abs(cap_db - ref_db) > 3.0:
    print("level differs from the CLI render by more than 3 dB"); sys.exit(1)
PY
