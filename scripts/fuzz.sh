#!/usr/bin/env bash
# Builds every libFuzzer target in fuzz/ with clang 14 (ASan + UBSan) and, for each:
#   1. replays every input kept in fuzz/regressions/<target>/ (crashes found before must stay fixed);
#   2. fuzzes for a bounded time, starting from the committed seeds in fuzz/corpus/<target>/ (read only: new inputs
#      go to a scratch corpus in $BUILD/fuzz/, so CI never grows the committed corpus);
#   3. keeps whatever crashes (crash-*, leak-*, timeout-*, oom-*) as fuzz/regressions/<target>/<file>, to be fixed
#      and committed.
# A target says what it needs in its header comment: "// fuzz-sources: FILES", optionally "// fuzz-libs: -lz" and
# "// fuzz-dict: FILE". New targets are picked up without editing this script.
#
#   scripts/fuzz.sh                     # all targets, MW_FUZZ_SECONDS (default 20) each
#   scripts/fuzz.sh multipart cookies   # some targets
#   MW_FUZZ_SECONDS=0 scripts/fuzz.sh   # build and replay only
#
# Ends with "fuzz: N passed, N failed" (one per target) and exits non-zero if a target crashed or did not build.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
seconds=${MW_FUZZ_SECONDS:-20}
out="$BUILD/fuzz"
CXX=${MW_FUZZ_CXX:-clang++-14}
flags=(-std=c++2b -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
       -I fuzz/compat -I src)
# UBSan findings abort (and so count as crashes); leaks count too.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1

command -v "$CXX" >/dev/null || { echo "fuzz: $CXX is missing (scripts/bootstrap.sh installs clang-14)" >&2; exit 1; }

targets=("$@")
if ((${#targets[@]} == 0)); then
  for file in fuzz/*_fuzzer.cpp; do
    name=$(basename "$file" _fuzzer.cpp)
    targets+=("$name")
  done
fi
mkdir -p "$out"

# The value of a "// fuzz-KEY:" line in a target's header.
header_value() {
  sed -n "s|^// fuzz-$2: *||p" "fuzz/$1_fuzzer.cpp" | head -1
}

build() {
  local name=$1 binary="$out/$1_fuzzer"
  local sources libs
  sources=$(header_value "$name" sources)
  libs=$(header_value "$name" libs)
  # shellcheck disable=SC2086  # the header lists several files
  local inputs=("fuzz/${name}_fuzzer.cpp" $sources)
  local newest=""
  for input in "${inputs[@]}" fuzz/compat/expected; do
    [[ -f $input ]] || { echo "fuzz $name: $input (named in its header) does not exist" >&2; return 1; }
    [[ -n $newest && ! $input -nt $newest ]] || newest=$input
  done
  if [[ -x $binary && $binary -nt $newest ]] && ! find src -name '*.hpp' -newer "$binary" | grep -q .; then
    return 0
  fi
  # shellcheck disable=SC2086
  "$CXX" "${flags[@]}" "${inputs[@]}" $libs -o "$binary.tmp" 2>"$out/$name.build.log" || {
    echo "fuzz $name: build failed:" >&2
    tail -n 30 "$out/$name.build.log" >&2
    return 1
  }
  mv "$binary.tmp" "$binary"
}

started=$SECONDS
# Two compilers at a time on the two cores.
declare -A build_status
pids=()
for name in "${targets[@]}"; do
  [[ -f fuzz/${name}_fuzzer.cpp ]] || { echo "fuzz: no target fuzz/${name}_fuzzer.cpp" >&2; exit 2; }
  build "$name" &
  pids+=("$!:$name")
  if ((${#pids[@]} >= 2)); then
    entry=${pids[0]}; pids=("${pids[@]:1}")
    wait "${entry%%:*}" && build_status[${entry#*:}]=0 || build_status[${entry#*:}]=1
  fi
done
for entry in "${pids[@]}"; do
  wait "${entry%%:*}" && build_status[${entry#*:}]=0 || build_status[${entry#*:}]=1
done
echo "fuzz: built ${#targets[@]} targets in $((SECONDS - started)) s"

# Replays and fuzzes one target; prints its report, and its last line is "ok" or "failed".
fuzz_target() {
  local name=$1
  local binary="$out/${name}_fuzzer" regressions="fuzz/regressions/$name" artifacts="$out/artifacts-$name"
  rm -rf "$artifacts" && mkdir -p "$artifacts"
  local ok=1 replayed=0 runs=0

  # 1. Known crashes.
  if [[ -d $regressions ]] && [[ -n $(ls -A "$regressions") ]]; then
    local inputs
    mapfile -t inputs < <(find "$regressions" -type f | sort)
    replayed=${#inputs[@]}
    if ! "$binary" "${inputs[@]}" >"$out/$name.replay.log" 2>&1; then
      echo "fuzz $name: FAILED replaying fuzz/regressions/$name (an old crash is back):"
      grep -E "ERROR|runtime error|Running:|SUMMARY" "$out/$name.replay.log" | head -n 20
      ok=0
    fi
  fi

  # 2. Fuzzing from a scratch copy of the seeds.
  if ((ok && seconds > 0)); then
    local scratch="$out/corpus-$name" dict
    rm -rf "$scratch" && mkdir -p "$scratch"
    dict=$(header_value "$name" dict)
    local options=(-max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
                   -artifact_prefix="$artifacts/")
    [[ -n $dict ]] && options+=(-dict="$dict")
    if ! "$binary" "${options[@]}" "$scratch" "fuzz/corpus/$name" >"$out/$name.log" 2>&1; then
      ok=0
      mkdir -p "$regressions"
      for artifact in "$artifacts"/*; do
        [[ -f $artifact ]] || continue
        cp "$artifact" "$regressions/"
        echo "fuzz $name: kept $regressions/$(basename "$artifact") (replay: $binary $regressions/$(basename "$artifact"))"
      done
      echo "fuzz $name: FAILED, the crash:"
      grep -E -A12 "^==[0-9]+==ERROR|runtime error|deadly signal" "$out/$name.log" | head -n 40
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$name.log" | tail -1)
  fi

  if ((ok)); then
    echo "fuzz $name: ok (${runs:-0} runs in ${seconds} s, $replayed regression inputs replayed)"
    echo ok
  else
    echo failed
  fi
}

# Two targets at a time (two cores); reports are printed in order once a target is done.
passed=0
failed=0
running=()
report() {
  local name=$1
  wait "${running_pid[$name]}" || true
  sed '$d' "$out/$name.result"
  if [[ $(tail -n 1 "$out/$name.result") == ok ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}
declare -A running_pid
for name in "${targets[@]}"; do
  if [[ ${build_status[$name]} -ne 0 ]]; then
    echo "fuzz $name: FAILED (does not build)"
    failed=$((failed + 1))
    continue
  fi
  fuzz_target "$name" >"$out/$name.result" 2>&1 &
  running_pid[$name]=$!
  running+=("$name")
  if ((${#running[@]} >= 2)); then
    report "${running[0]}"
    running=("${running[@]:1}")
  fi
done
for name in "${running[@]}"; do
  report "$name"
done

echo "fuzz: $((SECONDS - started)) s in all; logs in $out"
echo "fuzz: $passed passed, $failed failed"
((passed + failed > 0)) || { echo "fuzz: no target ran" >&2; exit 1; }
((failed == 0))
