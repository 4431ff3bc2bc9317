#!/usr/bin/env bash
# Installs cotrace into a scratch prefix, then builds examples/hello_tasks from outside the tree with
# find_package(cotrace), as a learner would, runs it with --trace and reads the trace back.
# Usage: install_and_build.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir="$1"; build_dir="$2"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install "$build_dir" --prefix "$scratch/prefix" >/dev/null
cmake -S "$source_dir/examples/hello_tasks" -B "$scratch/build" -DCMAKE_PREFIX_PATH="$scratch/prefix" >/dev/null
cmake --build "$scratch/build" >/dev/null
"$scratch/build/hello_tasks" --trace "$scratch/hello.json" >/dev/null
"$scratch/prefix/bin/cotrace" log "$scratch/hello.json" >"$scratch/installed.log"
(cd "$source_dir/tools/oracle" && python3 asyncio_oracle.py "$source_dir/examples/hello_tasks/hello_tasks.py") >"$scratch/cpython.log"
diff "$scratch/cpython.log" "$scratch/installed.log"
echo "the installed package built hello_tasks; its trace matches CPython"
