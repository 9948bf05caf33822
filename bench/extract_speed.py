"""Speed of the Thai report extractor (issue 20): characters per second on distinct texts,
and one long document of about 100 pages.

    python -m bench.extract_speed [FOLDER ...]

Reads the two shipped reports and every ``*.txt`` of the folders given (for example the
labelled development sets); nothing is stored. The long document repeats the distinct texts
until it has 180,000 characters (about 100 pages of 1,800 characters).
"""

from __future__ import annotations

import sys
import time
from importlib.resources import files
from pathlib import Path

from partnernet.extract.reports import extract_report

_PAGES_100 = 180_000


def main(folders: list[str]) -> None:
    shipped = Path(str(files("partnernet") / "data" / "reports"))
    paths = sorted(shipped.glob("*.txt"))
    for folder in folders:
        paths += sorted(Path(folder).glob("*.txt"))
    texts = [p.read_text(encoding="utf-8-sig") for p in paths]
    start = time.perf_counter()
    extract_report("วันที่ 1 มกราคม 2567 สภาองค์กรชุมชนจัดประชุม")  # tokenizer and tables
    load = time.perf_counter() - start
    start = time.perf_counter()
    chars = 0
    for text in texts:
        extract_report(text)
        chars += len(text)
    seconds = time.perf_counter() - start
    print(f"load {load:.2f} s")
    print(
        f"{len(texts)} distinct texts, {chars:,} characters: {seconds:.2f} s, "
        f"{chars / seconds:,.0f} characters/s"
    )
    long_text = "\n\n".join(texts)
    while len(long_text) < _PAGES_100:
        long_text += "\n\n" + "\n\n".join(texts)
    start = time.perf_counter()
    extract_report(long_text)
    seconds = time.perf_counter() - start
    print(f"one document of {len(long_text):,} characters (~100 pages): {seconds:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
