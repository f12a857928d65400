"""The first page with the stored sample result: what a fresh server has to import.

Each library left out of that path is time before the person's first chart (scipy.sparse
and its graph routines were a quarter second; scikit-learn over a second), so a fresh
process opens the Overview through AppTest and reports what it loaded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("sklearn", "scipy", "analysis.pipeline.comparison", "analysis.matching.alignment",
         "tokenizers")

FIRST_PAGE = f"""
import sys
from streamlit.testing.v1 import AppTest
app = AppTest.from_file({str(ROOT / "app.py")!r}, default_timeout=120).run()
assert not app.exception, [e.value for e in app.exception]
assert any(s.value == "Coverage of story elements" for s in app.subheader)
print(" ".join(m for m in {HEAVY!r} if m in sys.modules) or "none")
"""


def test_the_first_page_on_the_stored_sample_imports_no_analysis_engine(tmp_path: Path):
    env = {**os.environ, "COVERAGE_LENS_CACHE": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "analysis.pipeline.result_cache"], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=600)
    assert any(tmp_path.iterdir()), "the sample's result was stored"
    shown = subprocess.run([sys.executable, "-c", FIRST_PAGE], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=600)
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert shown.stdout.split()[-1:] == ["none"], shown.stdout
