#!/usr/bin/env bash
# Make sure the Debian packages named on the command line are installed; install the missing ones.
# Usage: tools/ensure-debian-packages.sh "<why they are needed>" pkg...
# Quiet when everything is present (one dpkg-query, ~20 ms), so make targets can call it every time.
set -euo pipefail
why="$1"; shift
missing=()
for pkg in "$@"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo ">> Installing Debian packages ${why}: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  apt_get=(apt-get)
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  apt_get=(sudo apt-get)
else
  echo "!! These Debian packages are missing and I cannot install them without root: ${missing[*]}" >&2
  echo "!! Run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${apt_get[@]}" update -qq
"${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo ">> Installed: ${missing[*]}"
