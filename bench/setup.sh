#!/bin/sh
# Install the two reference validators the benchmark compares `tei validate` with (Debian/Ubuntu, as root).
set -eu
apt-get update
apt-get install -y jing libxml2-utils
