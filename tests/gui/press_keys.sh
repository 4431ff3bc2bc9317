#!/usr/bin/env bash
# Run under xvfb-run: starts the real window with --verbose, presses keys with xdotool (XTEST, real key
# events) and waits, with a bound, for cotrace to report each new step. Prints cotrace's report.
# Every key given must change the status line (the step, or Predict's question and score).
# Usage: [COTRACE_ARGS="--predict"] press_keys.sh COTRACE OUTPUT_FILE KEY...
set -u
cotrace="$1"; out="$2"; shift 2
# shellcheck disable=SC2086
"$cotrace" --verbose ${COTRACE_ARGS:-} triple_main >"$out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT

wait_for_lines() {  # wait_for_lines N: until the report has N lines, for at most 30 s
  for _ in $(seq 1 300); do
    [ "$(wc -l <"$out")" -ge "$1" ] && return 0
    kill -0 $pid 2>/dev/null || { echo "cotrace exited early:"; cat "$out"; exit 1; }
    sleep 0.1
  done
  echo "timed out waiting for report line $1:"; cat "$out"; exit 1
}

# cotrace reports "step 0/N" once its window has drawn its first frame.
wait_for_lines 1
# No window manager runs under Xvfb: keys go to the window under the pointer, which fills the screen
# from its top-left corner. Focusing it explicitly, when xdotool finds it, does no harm.
xdotool mousemove 400 300
window=$(xdotool search --name "^cotrace" 2>/dev/null | head -n 1)
[ -n "$window" ] && xdotool windowfocus "$window" 2>/dev/null

lines=1
for key in "$@"; do
  xdotool key "$key"
  lines=$((lines + 1))
  wait_for_lines $lines
done
cat "$out"
