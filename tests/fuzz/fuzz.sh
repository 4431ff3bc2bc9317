#!/usr/bin/env bash
# Fuzzes the trace loader and the viewer's functions for a given time, in one encoding; or (classroom)
# what a classroom session reads: a student's message and the teacher's commands.
#
#   tests/fuzz/fuzz.sh json|cbor|msgpack|classroom SECONDS [libFuzzer options...]
#
# Builds the fuzz targets with clang++ into build-fuzz/ (installing clang and libFuzzer's runtime from
# Debian if missing), makes a seed corpus from traces/ in the encoding, and runs libFuzzer. Its corpus
# grows in build-fuzz/corpus/ENCODING and is kept between runs; a crash, a leak, a hang (over 10 s)
# or an input that uses over 2 GB is written to build-fuzz/finds/. Copy each find into
# tests/fuzz/regressions/ once it is mended: every ctest run replays that folder.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
encoding="${1:?usage: fuzz.sh json|cbor|msgpack SECONDS [libFuzzer options]}"
seconds="${2:?usage: fuzz.sh json|cbor|msgpack SECONDS [libFuzzer options]}"
shift 2
case "$encoding" in json | cbor | msgpack | classroom) ;; *) echo "fuzz.sh: unknown encoding $encoding" >&2; exit 2 ;; esac

missing=()
for package in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The seeds are the checked-in traces, converted by cotrace itself.
"$root/scripts/setup.sh" >/dev/null
fuzz_build="${COTRACE_FUZZ_BUILD_DIR:-$root/build-fuzz}"
cmake -S "$root" -B "$fuzz_build" -DCOTRACE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
if [[ $encoding == classroom ]]; then
  cmake --build "$fuzz_build" --target fuzz_classroom -j"$(nproc)" >/dev/null
  corpus="$fuzz_build/corpus/classroom" seeds="$fuzz_build/seeds/classroom" finds="$fuzz_build/finds/classroom"
  mkdir -p "$corpus" "$seeds" "$finds"
  printf '%s' '{"type":"hello","id":"0123456789abcdef0123456789abcdef"}' >"$seeds/hello"
  printf '%s' '{"type":"answer","question":1,"round":1,"option":0}' >"$seeds/answer"
  printf 'next\nnext\n{"type":"hello","id":"0123456789abcdef"}\n{"type":"answer","question":1,"round":1,"option":1}\nreveal\nagain\nstep 3\nback\nskip\nask\n' >"$seeds/session"
  exec "$fuzz_build/tests/fuzz/fuzz_classroom" "$corpus" "$seeds" "$root/tests/fuzz/classroom" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -artifact_prefix="$finds/" -print_final_stats=1 "$@"
fi
cmake --build "$fuzz_build" --target "fuzz_trace_$encoding" -j"$(nproc)" >/dev/null

corpus="$fuzz_build/corpus/$encoding"
seeds="$fuzz_build/seeds/$encoding"
finds="$fuzz_build/finds/$encoding"
mkdir -p "$corpus" "$seeds" "$finds"
for trace in "$root"/traces/*.json; do
  name="$(basename "$trace" .json)"
  "${COTRACE_BUILD_DIR:-$root/build}/cotrace" record "$trace" -o "$seeds/$name.$encoding" >/dev/null
done

exec "$fuzz_build/tests/fuzz/fuzz_trace_$encoding" "$corpus" "$seeds" "$root/tests/fuzz/regressions" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
  -artifact_prefix="$finds/" -print_final_stats=1 "$@"
