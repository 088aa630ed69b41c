#!/usr/bin/env bash
# Runs every test: installs what is missing (PyTorch included, for the reference checks),
# builds, and runs ctest. Tests that need ../shared skip visibly without it (fail under CI=true).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/install-deps.sh" test
"$root/tools/build.sh"
cd "$root/build"
ctest --output-on-failure --parallel "$(nproc)" --timeout 1200

# Hardening (issue 7), clang-14 builds beside build/, under CI=true (and WAVEAMP_SANITIZERS=1):
#  - the plugin stress test under TSan (build-tsan: ~8 min build + 60 s);
#  - the suite under ASan+UBSan (build-asan: ~10 min build + run on a clean 2-core machine);
#  - each libFuzzer target for 60 s (tools/fuzz.sh --short, reusing build-asan).
# WAVEAMP_SANITIZERS=0 skips them (a quick local run).
stages=()
if { [ "${CI:-}" = true ] && [ "${WAVEAMP_SANITIZERS:-1}" != 0 ]; } || [ "${WAVEAMP_SANITIZERS:-0}" = 1 ]; then
    stages+=("sanitize.sh tsan" "sanitize.sh asan" "fuzz.sh --short --no-build")
fi
for stage in "${stages[@]}"; do
    start=$SECONDS
    # shellcheck disable=SC2086
    "$root"/tools/$stage
    echo "stage tools/$stage: $((SECONDS - start)) s"
done
