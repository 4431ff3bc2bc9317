#!/usr/bin/env bash
# Run under xvfb-run: opens the real window on a Python program with --verbose, goes to its last step
# (End), appends a print to the program, presses F5 (File > Run again), and waits, with a bound, for
# cotrace to report the new recording. Prints cotrace's report.
# Usage: edit_and_run_again.sh COTRACE PROGRAM.py OUTPUT_FILE
set -u
cotrace="$1"; program="$2"; out="$3"
"$cotrace" --verbose "$program" >"$out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT

wait_for() {  # wait_for PATTERN: until the report has a line matching it, for at most 60 s
  for _ in $(seq 1 600); do
    grep -q -- "$1" "$out" && return 0
    kill -0 $pid 2>/dev/null || { echo "cotrace exited early:"; cat "$out"; exit 1; }
    sleep 0.1
  done
  echo "timed out waiting for: $1"; cat "$out"; exit 1
}

# The window opens on triple_main (49 steps) while the program records, then shows the program.
wait_for "cotrace: step 0/[0-9]*"
# (triple_main's line is "step 0/49" with nothing after it: the program's is any other count.)
for _ in $(seq 1 600); do
  grep "cotrace: step 0/" "$out" | grep -qvE "step 0/49( |$)" && break
  sleep 0.1
done
xdotool mousemove 400 300
window=$(xdotool search --name "^cotrace" 2>/dev/null | head -n 1)
[ -n "$window" ] && xdotool windowfocus "$window" 2>/dev/null
first=$(grep "cotrace: step 0/" "$out" | grep -vE "step 0/49( |$)" | tail -n 1 | sed 's/.*step 0\/\([0-9]*\).*/\1/')
xdotool key End
wait_for "cotrace: step $first/$first"
echo 'print("added after the first run")' >>"$program"
sleep 1.1  # a new modification time, whatever the file system's resolution
xdotool key F5
for _ in $(seq 1 600); do
  grep -q "cotrace: step $first/" "$out" && [ "$(grep -c "cotrace: step $first/" "$out")" -ge 2 ] && break
  sleep 0.1
done
cat "$out"
