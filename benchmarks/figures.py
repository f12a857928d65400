"""The figures the README and docs/accuracy.md publish, generated from recorded benchmark
output so the text cannot drift from what the benchmarks print.

``docs/figures.json`` holds the figures: ``benchmarks/accuracy.py --record`` writes its
section, and ``--coverage-json FILE`` reads the output of ``benchmarks/coverage.py --json``
(the long ECB+ run) into the coverage table's measured cells. Each table sits in its
document between ``<!-- figures:NAME -->`` and ``<!-- /figures:NAME -->``.

Run: python benchmarks/figures.py [--check] [--coverage-json FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "docs" / "figures.json"
DOCUMENTS = (ROOT / "README.md", ROOT / "docs" / "accuracy.md")
_BLOCK = re.compile(
    r"(<!-- figures:(?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /figures:(?P=name) -->)", re.DOTALL)


def load() -> dict:
    return json.loads(FIGURES.read_text(encoding="utf-8"))


def save(figures: Mapping[str, object]) -> None:
    FIGURES.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["|" + "|".join(f" {cell} " if str(cell) else " " for cell in row) + "|"
              for row in rows]
    return "\n".join(lines) + "\n"


def msrp_sts(section: Mapping) -> str:
    header = ["scorer", "threshold (tuned on MSRP train)", "MSRP test accuracy", "MSRP test F1",
              "STS-news test Pearson", "STS-news test Spearman"]
    rows = []
    for row in section["rows"]:
        ours = bool(row.get("ours"))
        rows.append([_bold(row["scorer"], ours), row["threshold"],
                     _bold(f"{row['accuracy']:.1f}", ours), _bold(f"{row['f1']:.1f}", ours),
                     f"{row['pearson']:.3f}", f"{row['spearman']:.3f}"])
    return _table(header, rows)


def _bold(text: str, bold: bool) -> str:
    return f"**{text}**" if bold else text


def reliability(section: Mapping) -> str:
    header = ["score bin", "pairs", "true paraphrases", "share", "mean score"]
    rows = [[b["bin"], b["pairs"], b["positives"],
             "-" if b["share"] is None else f"{b['share']:.3f}",
             "-" if b["mean"] is None else f"{b['mean']:.3f}"] for b in section["bins"]]
    return _table(header, rows)


def coverage(section: Mapping) -> str:
    rows = [[cell["text"] if isinstance(cell, dict) else cell for cell in row]
            for row in section["rows"]]
    return _table(section["header"], rows)


_RUNS = (("cold", "first compare in a fresh process"), ("warm", "the same story again"),
         ("slider", "threshold moved"))


def speed(section: Mapping) -> str:
    """benchmarks/speed.py --record: the sample story's runs, then the generated stories."""
    header = ["story", "mode", "articles", "sentences", "matches", "wall s", "CPU s",
              "of it encoding, CPU s", "peak RSS"]
    rows: list[list[object]] = []
    for run in section["sessions"]:
        for name, label in _RUNS:
            matches = run["moved_matches"] if name == "slider" else run["matches"]
            rows.append([f"sample, {label}", run["mode"], run["articles"], run["sentences"],
                         matches, f"{run[name]['wall']:.2f}", f"{run[name]['cpu']:.2f}", "",
                         f"{run['rss']:,} MB" if name == "cold" else ""])
    for story in section["stories"]:
        if not story["story"].startswith("generated"):
            continue
        rows.append([f"generated, {story['articles']:,} articles", story["mode"],
                     f"{story['articles']:,}", f"{story['sentences']:,}",
                     f"{story['matches']:,}", f"{story['wall']:.1f}", f"{story['cpu']:.1f}",
                     f"{story['encode_cpu']:.1f}", f"{story['rss']:,} MB"])
    run = section["run"]
    agreement = section.get("agreement") or {}
    checked = "".join(
        f"\n- fast route against exact scoring at {agreement['articles']} articles, {mode}: "
        f"{text}" for mode, text in agreement.items() if mode != "articles")
    return _table(header, rows) + (
        f"\n`python -m benchmarks.speed --record` of {run['date']}, load average "
        f"{run['load_average']:.2f} on {run['cpus']} CPUs.\n") + (
        f"{checked}\n" if checked else "")


# How each divergence split came about (fixed text: the history of the labels), and the
# figures of the rules before their first rework, as measured then.
_SPLIT_LABELS = {
    "dev": "dev (rules written on it)",
    "heldout": "held-out (printed during development)",
    "final": "final (written afterwards, first run 1.00 / 1.00)",
    "final2": "final2 (heavily reworded sentences; run once, after the second round of rules)",
}
_BEFORE_REWORK = ["before the first rework, dev / held-out (first two dev stories)", "", "",
                  "0.62 / 0.75", "0.42 / 0.41"]


def divergences(section: Mapping) -> str:
    """benchmarks/divergences.py --record: precision and recall per split."""
    header = ["split", "stories", "planted conflicts", "precision", "recall"]
    rows: list[list[object]] = [
        [_SPLIT_LABELS.get(s["split"], s["split"]), s["stories"], s["planted"],
         "n/a" if s["precision"] is None else f"{s['precision']:.2f}",
         "n/a" if s["recall"] is None else f"{s['recall']:.2f}"]
        for s in section["splits"]]
    return _table(header, [*rows, _BEFORE_REWORK])


RENDERERS: dict[str, Callable[[Mapping], str]] = {
    "divergences": lambda f: divergences(f["divergences"]),
    "speed": lambda f: speed(f["speed"]),
    "msrp-sts": lambda f: msrp_sts(f["accuracy"]),
    "reliability": lambda f: reliability(f["accuracy"]),
    "coverage": lambda f: coverage(f["coverage"]),
}


def render(text: str, figures: Mapping) -> str:
    """``text`` with every marked block rebuilt from ``figures``."""
    def block(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in RENDERERS:
            raise KeyError(f"no renderer for the figures block {name!r}")
        return match.group(1) + RENDERERS[name](figures) + match.group(4)
    return _BLOCK.sub(block, text)


def blocks(text: str) -> list[str]:
    return [m["name"] for m in _BLOCK.finditer(text)]


class _Node(dict):
    """Coverage JSON for str.format: ``{sts[project][pearson]:.3f}``, ``{...:pct}`` (x 100,
    one decimal)."""

    def __getitem__(self, key: str) -> object:
        value = dict.__getitem__(self, key)
        if isinstance(value, dict):
            return _Node(value)
        return _Number(value) if isinstance(value, int | float) else value


class _Number(float):
    def __format__(self, spec: str) -> str:
        return f"{100 * self:.1f}" if spec == "pct" else format(float(self), spec)


def fill_coverage(section: dict, output: Mapping) -> dict:
    """Measured cells (those with a ``template``) recomputed from coverage.py's JSON."""
    node = _Node(output.get("sections", output))
    rows = []
    for row in section["rows"]:
        rows.append([{**cell, "text": cell["template"].format_map(node)}
                     if isinstance(cell, dict) and "template" in cell else cell for cell in row])
    return {**section, "rows": rows}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a document differs from the figures")
    parser.add_argument("--coverage-json", type=Path,
                        help="output of benchmarks/coverage.py --json to record first")
    args = parser.parse_args(argv)
    figures = load()
    if args.coverage_json:
        output = json.loads(args.coverage_json.read_text(encoding="utf-8"))
        figures["coverage"] = fill_coverage(figures["coverage"], output)
        save(figures)
    stale = []
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        fresh = render(text, figures)
        if fresh != text:
            stale.append(path.name)
            if not args.check:
                path.write_text(fresh, encoding="utf-8")
    if args.check and stale:
        print(f"out of date with {FIGURES.name}: {', '.join(stale)} "
              "(run python benchmarks/figures.py)", file=sys.stderr)
        return 1
    print(("updated " + ", ".join(stale)) if stale else "every figure is up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
