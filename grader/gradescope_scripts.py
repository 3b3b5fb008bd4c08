"""The two scripts of a Gradescope autograder zip, as templates ({{NAME}} is filled in).

``setup.sh`` runs once, as root, when Gradescope builds the autograder's image
(Ubuntu 22.04 or later: see docs/platforms.md); ``run_autograder`` runs for each
submission, with /autograder as its working folder.  Both are written for bash.
"""

SETUP_SH = r"""#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image.
# It installs dl-course-toolkit {{VERSION}} from the wheel in this zip (the version that built
# the zip) with its dependencies (numpy, pytest, click, pyyaml) into a virtual environment,
# and links `grade` into a folder on PATH.  Written by `grade gradescope`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${DL_COURSE_VENV:-/opt/dl-course-toolkit}"
bin="${DL_COURSE_BIN:-/usr/local/bin}"
export DEBIAN_FRONTEND=noninteractive

python=""
for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        python="$(command -v "$candidate")"
        break
    fi
done
if [ -z "$python" ]; then   # Ubuntu 22.04 has Python 3.10 as python3, and 3.11 as a package
    apt-get update -q
    apt-get install -y -q python3.11 python3.11-venv
    python="$(command -v python3.11)"
fi
if ! "$python" -m venv "$venv"; then   # Debian and Ubuntu keep venv in a package of its own
    apt-get update -q
    apt-get install -y -q "$(basename "$python")-venv"
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet "$here/{{WHEEL}}"
mkdir -p "$bin"
ln -sf "$venv/bin/grade" "$bin/grade"
"$bin/grade" --version
# what confines the learners' code in this image (shown in the build log)
"$bin/grade" doctor || true
"""

RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# Gradescope runs this for each submission (written by `grade gradescope`, dl-course-toolkit
# {{VERSION}}).  It grades $AUTOGRADER_ROOT/submission (default /autograder/submission) with the
# `grade` found on PATH and writes $AUTOGRADER_ROOT/results/results.json.
root="${AUTOGRADER_ROOT:-/autograder}"
export PATH="$PATH:${DL_COURSE_VENV:-/opt/dl-course-toolkit}/bin"
if ! command -v grade >/dev/null 2>&1; then
    mkdir -p "$root/results"
    printf '%s\n' '{"score": 0, "output": "The autograder is not installed (no grade command): setup.sh did not finish.", "tests": []}' \
        > "$root/results/results.json"
    echo "no grade command on PATH: did setup.sh run?" >&2
    exit 1
fi
exec grade gradescope-run --root "$root"
"""

TEMPLATES = {"setup.sh": SETUP_SH, "run_autograder": RUN_AUTOGRADER}
