"""Write environment.yml from requirements.txt so conda users get exactly the venv's pins.

Conda channels are not needed: only python and pip come from conda; everything else is the same
pinned list, installed by plain pip (`pip install -r` of the same lines works outside conda too).
Run by `make lock`; tests/test_environment.py checks the two files agree.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pins(requirements: Path) -> list[str]:
    lines = requirements.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def render(pinned: list[str], python: str) -> str:
    body = "\n".join(f"      - {pin}" for pin in pinned)
    return (
        "# Conda environment for Shelfbook, generated from requirements.txt by `make lock`: edit\n"
        "# requirements.in, never this file. The pip section installs with plain pip.\n"
        "#   conda env create -f environment.yml && conda activate shelfbook && pip install -e . --no-deps\n"
        "name: shelfbook\n"
        "channels:\n"
        "  - conda-forge\n"
        "dependencies:\n"
        f"  - python={python}\n"
        "  - pip\n"
        "  - pip:\n"
        f"{body}\n"
    )


def main() -> int:
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    text = render(pins(ROOT / "requirements.txt"), python)
    (ROOT / "environment.yml").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
