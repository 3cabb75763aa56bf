#!/usr/bin/env bash
# Installs the Debian 12 packages parallax needs to build, test and run its demo.
# Only missing packages are installed; as root directly, otherwise through sudo.
set -eu
pkgs="build-essential cmake pkg-config clang libclang-rt-14-dev
 libsqlite3-dev libicu-dev libutf8proc-dev libstemmer-dev zlib1g-dev
 libzstd-dev zstd libcjson-dev libexttextcat-dev libcmocka-dev unicode-data bzip2 wget python3
 icu-devtools chromium libpq-dev postgresql-15 libmicrohttpd-dev curl
 slurm-wlm munge"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
