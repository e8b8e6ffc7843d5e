#!/usr/bin/env bash
# Debian packages the tests need: Chromium for end-to-end tests, libsecret for keytar's
# native build, gnome-keyring + dbus for a real Secret Service, and bubblewrap for sandboxed
# children (issue 22). Installs only what is missing.
set -euo pipefail
PKGS=(chromium libsecret-1-dev pkg-config gnome-keyring dbus bubblewrap)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
