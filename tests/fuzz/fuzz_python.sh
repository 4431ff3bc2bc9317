#!/usr/bin/env bash
# Fuzzes the Python recorder with random asyncio programs for a given time.
#
#   tests/fuzz/fuzz_python.sh SECONDS [FIRST_SEED]
#
# Each program comes from tests/fuzz/python_programs.py (a small grammar of asyncio calls; every fourth
# with threads). For each: cotrace records it, and the saved trace must load (every event checked). For a
# program without threads, CPython runs it under the oracle (tools/oracle) and the two step logs must be
# equal. With threads there is no one right log: when a thread finishes, against the virtual clock's
# timers, decides what the program does (a wait_for times out or not), under CPython too. A program that fails goes to
# build-fuzz/python-finds/ with both logs; the script ends with a count of programs and finds.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:?usage: fuzz_python.sh SECONDS [FIRST_SEED]}"
seed="${2:-1}"
cotrace="${COTRACE_BUILD_DIR:-$root/build}/cotrace"
python=/usr/bin/python3
finds="${COTRACE_FUZZ_BUILD_DIR:-$root/build-fuzz}/python-finds"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$finds"

end=$((SECONDS + seconds))
programs=0 found=0 lines=0 unordered=0
while ((SECONDS < end)); do
  threads=""
  ((seed % 4 == 0)) && threads="--threads"
  program="$work/program_$seed.py"
  "$python" "$root/tests/fuzz/python_programs.py" "$seed" $threads >"$program"
  (cd "$root/tools/oracle" && timeout 60 "$python" asyncio_oracle.py "$program" >"$work/oracle.log" 2>/dev/null)
  timeout 60 "$cotrace" record "$program" -o "$work/trace.cbor" >/dev/null 2>"$work/record.err"
  recorded=$?
  timeout 60 "$cotrace" log "$work/trace.cbor" >"$work/cotrace.log" 2>>"$work/record.err"
  loaded=$?
  same=1
  if [[ -z "$threads" ]] && ! cmp -s "$work/oracle.log" "$work/cotrace.log"; then
    # asyncio.run cancels the tasks left over in the order of a WeakSet, and asyncio.wait's futures are a
    # set: their order follows memory addresses, and CPython's own log can change from run to run. A
    # difference counts only if the oracle gives one log, five runs out of five, and cotrace another.
    same=0
    for again in 1 2 3 4; do
      (cd "$root/tools/oracle" && timeout 60 "$python" asyncio_oracle.py "$program" >"$work/again.log" 2>/dev/null)
      if cmp -s "$work/again.log" "$work/cotrace.log"; then same=1; unordered=$((unordered + 1)); break; fi
      if ! cmp -s "$work/again.log" "$work/oracle.log"; then same=1; unordered=$((unordered + 1)); break; fi
    done
  fi
  # A recording may exit 1 (the program's exception escaped), never with a signal or a lost track.
  if ((same == 0 || loaded != 0 || recorded > 1)) || grep -q "lost track" "$work/record.err"; then
    found=$((found + 1))
    cp "$program" "$finds/program_$seed.py"
    cp "$work/oracle.log" "$finds/program_$seed.oracle.log"
    cp "$work/cotrace.log" "$finds/program_$seed.cotrace.log"
    cp "$work/record.err" "$finds/program_$seed.err"
    echo "find: seed $seed (record exit $recorded, load exit $loaded, logs $( ((same)) && echo equal || echo differ))"
  fi
  programs=$((programs + 1))
  lines=$((lines + $(wc -l <"$work/oracle.log")))
  seed=$((seed + 1))
done
echo "fuzz_python: $programs programs (seeds up to $((seed - 1)), $lines step-log lines), $found finds in $finds;" \
  "$unordered whose order follows memory addresses under CPython too"
((found == 0))
