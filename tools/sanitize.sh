#!/usr/bin/env bash
# Sanitizer builds (issue 7), each in its own build dir with clang-14, -O1 -g:
#   tools/sanitize.sh asan   ASan+UBSan (-fno-sanitize-recover=undefined) of the test suite, in
#                            build-asan; the same build carries libFuzzer coverage
#                            (-fsanitize=fuzzer-no-link) and the fuzz_* binaries for tools/fuzz.sh.
#   tools/sanitize.sh asan-build   the same build, no tests (what tools/fuzz.sh needs).
#   tools/sanitize.sh tsan   TSan of the plugin stress test (tests/stress), in build-tsan.
# Env: WAVEAMP_STRESS_SECONDS (default 60) for the stress test; ASAN_BUILD_DIR / TSAN_BUILD_DIR.
# Only what the tests need is built (no VST3/LV2/Standalone, no hosts), and ctest leaves out the
# tests whose executables are not built here: the VST3/LV2 hosts, Ardour and the Standalone (they
# load the shipped plugin binaries, built and run in the normal suite), the Python trainer and
# PyTorch reference checks (no C++ of ours runs in them), and the benchmark smoke run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:?usage: tools/sanitize.sh asan|tsan}
jobs=${WAVEAMP_JOBS:-$(nproc)}
export CC=clang-14 CXX=clang++-14
# The SIMD kernels are compiled without sanitizers (WAVEAMP_SANITIZE_KERNELS=OFF, see
# tests/fuzz/CMakeLists.txt): under ASan+UBSan each took tens of CPU minutes to compile.
common=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWAVEAMP_SANITIZE_KERNELS=OFF "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g"
        "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g")

case "$mode" in
asan|asan-build)
    dir=${ASAN_BUILD_DIR:-$root/build-asan}
    flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -fsanitize=fuzzer-no-link"
    cmake -S "$root" -B "$dir" "${common[@]}" -DWAVEAMP_BUILD_FUZZERS=ON \
        "-DCMAKE_CXX_FLAGS=$flags" "-DCMAKE_C_FLAGS=$flags" \
        "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined" >/dev/null
    targets=(waveamp_engine_tests waveamp_realtime_tests waveamp_cli_tests
             waveamp-render waveamp_plugin_tests waveamp_stress_tests waveamp_hostile_audio_tests waveamp_plugin_hostile_audio_tests
             waveamp_load_bound_tests waveamp_fuzz_replay_model_load waveamp_fuzz_replay_wav_read
             waveamp_fuzz_replay_state_restore fuzz_model_load fuzz_wav_read fuzz_state_restore)
    if [ "$mode" = asan-build ]; then
        cmake --build "$dir" --parallel "$jobs" --target fuzz_model_load fuzz_wav_read fuzz_state_restore
        exit 0
    fi
    cmake --build "$dir" --parallel "$jobs" --target "${targets[@]}"
    cd "$dir"
    # detect_leaks: LeakSanitizer too. The kernel tests force each instruction set by env var.
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    export WAVEAMP_STRESS_SECONDS=${WAVEAMP_STRESS_SECONDS:-20}
    ctest --output-on-failure --parallel "$jobs" --timeout 1800 \
        -E '^(plugin_hosted_|plugin_ardour|plugin_standalone|trainer_|engine_benchmark_smoke|conv1d_vectors_match|render_wavenetva_torch|Models/WaveNetVATorchShared|waveamp_torch_reference_tests)'
    ;;
tsan)
    dir=${TSAN_BUILD_DIR:-$root/build-tsan}
    flags="-fsanitize=thread -fno-omit-frame-pointer"
    cmake -S "$root" -B "$dir" "${common[@]}" "-DCMAKE_CXX_FLAGS=$flags" "-DCMAKE_C_FLAGS=$flags" \
        "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread" >/dev/null
    cmake --build "$dir" --parallel "$jobs" --target waveamp_stress_tests
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
    export WAVEAMP_STRESS_SECONDS=${WAVEAMP_STRESS_SECONDS:-60}
    "$dir/tests/stress/waveamp_stress_tests"
    ;;
*)
    echo "usage: tools/sanitize.sh asan|tsan" >&2
    exit 2
    ;;
esac
