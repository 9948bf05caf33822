"""bench/ is a folder of the repository, not an installed package: put the repository first on
the path so that `import bench` finds it (and not this tests/bench folder)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
