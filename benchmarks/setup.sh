#!/bin/sh
# Install what the benchmark compares ketlint with, apart from ketlint itself:
# proselint 0.16.0 from PyPI, in a venv of its own (so its dependencies never mix with
# ketlint's). benchmarks/run.py finds it there; it installs nothing itself.
#
#   benchmarks/setup.sh            # then: python benchmarks/run.py [FOLDER]
#
# The venv goes to $PROSELINT_VENV, default ${XDG_CACHE_HOME:-~/.cache}/ketlint-bench/proselint-venv.
set -eu
python="${PYTHON:-python3}"
venv="${PROSELINT_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/ketlint-bench/proselint-venv}"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "proselint==0.16.0"
"$venv/bin/proselint" version
echo "proselint installed in $venv"
