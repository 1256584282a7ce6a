#!/usr/bin/env bash
# Installs every build, test and AAR dependency from Debian packages.
# Idempotent: packages already present are skipped by apt. Works as root or via sudo.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev libomp-dev
  libeigen3-dev libhdf5-dev hdf5-tools libyaml-cpp-dev libfmt-dev libgtest-dev libgmock-dev
  libcli11-dev libgeographiclib-dev librandom123-dev libboost-math-dev libbenchmark-dev
  libopenmpi-dev openmpi-bin
  python3-h5py python3-numpy python3-pandas python3-matplotlib python3-pytest
  time
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
