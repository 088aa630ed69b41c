#!/usr/bin/env bash
# Runs the libFuzzer targets (tests/fuzz) one after another, each for a fixed time.
#   tools/fuzz.sh [--seconds N | --short] [--no-build] [target...]     targets: model_load state_restore wav_read
# Default 600 s per target with a random seed (exploration: the closing figures). --short (CI) is
# reproducible instead: seed 1 and a fixed number of inputs per target (about a minute each here),
# capped at 180 s, so a CI run replays much the same input sequence every time (not bit for bit:
# coverage from the plugin's own threads feeds the mutator too): a finding there is a regression of
# ours rather than the luck of a random seed. Exploration belongs to the long runs, whose findings
# are fixed and committed as regressions. Builds the targets first (tools/sanitize.sh asan-build:
# clang, ASan+UBSan, libFuzzer coverage; dir $ASAN_BUILD_DIR or build-asan). Seeds: the committed corpus (tests/fuzz/corpus/<target>, tools/fuzz_corpus.py own)
# plus variants of ../shared's third-party models and audio, generated here into the build dir and
# never committed. Every run has -rss_limit_mb (which also caps any single allocation),
# -timeout and leak detection. A crash, hang, leak or OOM stops the script with the reproducer's
# path: fix it, and commit the reproducer into tests/fuzz/regressions/<target>/ (replayed by ctest).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=600
targets=()
no_build=0
short=0
while [ $# -gt 0 ]; do
    case "$1" in
        --short) short=1; seconds=180 ;;
        --seconds) seconds=$2; shift ;;
        --no-build) no_build=1 ;;  # use the fuzz_* binaries already in the build dir
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) targets+=("$1") ;;
    esac
    shift
done
[ ${#targets[@]} -gt 0 ] || targets=(model_load state_restore wav_read)
dir=${ASAN_BUILD_DIR:-$root/build-asan}
[ "$no_build" = 1 ] || ASAN_BUILD_DIR=$dir "$root/tools/sanitize.sh" asan-build

work=$dir/fuzz
shared=$root/../shared
rm -rf "$work/seed-shared"
if [ -d "$shared/models" ]; then
    python3 "$root/tools/fuzz_corpus.py" shared "$shared" "$work/seed-shared" >/dev/null
elif [ "${CI:-}" = true ]; then
    echo "fuzz.sh: ../shared is missing under CI" >&2
    exit 1
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
summary=$work/summary.txt
mkdir -p "$work"
printf '%-14s %8s %12s %10s %12s %8s %s\n' target seconds executions exec/s corpus cov result > "$summary"
status=0
for t in "${targets[@]}"; do
    # runs: the --short input count (measured: model_load ~300 exec/s, state_restore ~13, wav_read ~110)
    case "$t" in
        model_load) max_len=1048576; runs=18000 ;;
        state_restore) max_len=1048576; runs=700 ;;
        wav_read) max_len=65536; runs=6500 ;;
        *) echo "unknown target $t" >&2; exit 2 ;;
    esac
    corpus=$work/corpus/$t
    artifacts=$work/artifacts/$t
    mkdir -p "$corpus" "$artifacts"
    seeds=("$root/tests/fuzz/corpus/$t")
    [ -d "$work/seed-shared/$t" ] && seeds+=("$work/seed-shared/$t")
    log=$work/$t.log
    mode=(-max_total_time="$seconds")
    [ "$short" = 1 ] && mode+=(-seed=1 -runs="$runs")
    echo "fuzzing $t: ${mode[*]} (log: $log)"
    set +e
    "$dir/tests/fuzz/fuzz_$t" "$corpus" "${seeds[@]}" "${mode[@]}" \
        -rss_limit_mb=2048 -timeout=25 -detect_leaks=1 -max_len=$max_len \
        -print_final_stats=1 -artifact_prefix="$artifacts/" > "$log" 2>&1
    rc=$?
    set -e
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    size=$(grep -o 'corp: [0-9]*/[0-9A-Za-z]*' "$log" | tail -1 | cut -d' ' -f2 || echo 0)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
    result=clean
    if [ $rc -ne 0 ]; then
        result="FAILED (exit $rc): $(ls -t "$artifacts" | head -1)"
        status=1
        tail -60 "$log"
    fi
    printf '%-14s %8s %12s %10s %12s %8s %s\n' "$t" "$seconds" "${execs:-0}" "${rate:-0}" "$size" "${cov:-0}" "$result" >> "$summary"
done
cat "$summary"
exit $status
