#!/usr/bin/env bash
# Installs the Debian packages WaveAmp needs, only those missing (Debian 12, as root or via sudo).
#   tools/install-deps.sh build   compiler, CMake, Eigen, nlohmann/json, libsndfile, libsoxr
#   tools/install-deps.sh test    build + GoogleTest, Google Benchmark, PyTorch/numpy/scipy,
#                                 clang-14 + its sanitizer/libFuzzer runtimes (tools/sanitize.sh, fuzz.sh)
set -euo pipefail
profile=${1:-build}
packages=(cmake ninja-build g++ pkg-config python3 libeigen3-dev nlohmann-json3-dev
          libsndfile1-dev libsoxr-dev libgtest-dev libbenchmark-dev
          juce-modules-source lv2-dev ladspa-sdk libjack-jackd2-dev
          xvfb xauth x11-apps x11-utils imagemagick jackd2 sndfile-tools jack-capture
          ardour)
if [ "$profile" = test ]; then
    packages+=(python3-numpy python3-scipy python3-torch python3-matplotlib clang-14 libclang-rt-14-dev)
fi
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
