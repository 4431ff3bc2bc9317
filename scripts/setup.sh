#!/usr/bin/env bash
# Installs what cotrace needs from Debian's packages (only what is missing), then configures and
# builds it in build/. Sourced by scripts/start and scripts/test; safe to run again and again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(
  g++ cmake make pkg-config python3 libpython3.11-dev
  libuv1-dev nlohmann-json3-dev libcli11-dev libgtest-dev
  libwebsockets-dev libwebsockets-evlib-uv libqrencode-dev
  libimgui-dev libglfw3-dev libgl-dev libstb-dev libpng-dev libgl1-mesa-dri
  fonts-dejavu-core fonts-jetbrains-mono
  xvfb xauth xdotool
  chromium ffmpeg curl
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "cotrace: installing ${missing[*]}" >&2
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

build="${COTRACE_BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" ${COTRACE_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j"$(nproc)"
