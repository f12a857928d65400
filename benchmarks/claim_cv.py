"""The match threshold chosen by leave-one-story-out cross-validation on the claim labels.

Issue 31 asks that every threshold be fitted on claim labels with cross-validation by story
and that only held-out figures be reported. This does it for the one setting that decides
what a link is, the match threshold: each development story (``benchmarks/stories``, the
sample story is never read) is prepared once, assembled at every threshold of a grid, and
scored with ``benchmarks.claim_eval`` (link precision / recall / F1 between sentences of two
sources that share a claim, partial-link precision, per-source shared-share error). For each
story in turn the threshold that maximises pooled link F1 on the *other* stories is chosen,
and the held-out story is scored at it. The figures printed for "held out" are those, pooled;
the default threshold's figures are printed beside them for comparison (in-sample for the
four stories the engine was tuned on, held out for the others).

With ``--models DIR`` each story is prepared with the encoder fine-tuned without it
(``DIR/fold<k>``, k = the story's index in sorted order mod 4, as
``benchmarks/finetune_claims.py`` folds them), so every figure stays held out.

Run: python benchmarks/claim_cv.py [--semantic | --lexical] [--models DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.matching import embedding  # noqa: E402
from analysis.pipeline.comparison import assemble, prepare  # noqa: E402
from analysis.pipeline.settings import Settings  # noqa: E402
from analysis.story.carried import FULLY_CARRIED_CUT  # noqa: E402
from benchmarks.claim_eval import (  # noqa: E402
    ClaimScores,
    Counts,
    carried_rows,
    evaluate_claims,
    parse_claims,
)  # noqa: E402
from benchmarks.ecb_stories import story_input  # noqa: E402

STORIES = ROOT / "benchmarks" / "stories"
GRID = tuple(round(0.20 + 0.05 * k, 2) for k in range(15))  # 0.20 .. 0.90
CARRIED_GRID = tuple(round(0.01 * k, 2) for k in range(5, 96))  # 0.05 .. 0.95
CarriedRows = list[tuple[str, float, bool, bool]]


@dataclass(frozen=True)
class Scored:
    links: Counts
    partial: Counts
    share_error: float  # mean absolute per-source shared-share error, 0..1
    fully_error: float = 0.0  # the same for the "fully carried" share
    partly_error: float = 0.0  # and for the "partly carried" share


def scored_of(scores: ClaimScores) -> Scored:
    return Scored(scores.links, scores.partial_links, scores.share_mae or 0.0,
                  scores.fully_mae or 0.0, scores.partly_mae or 0.0)


def story_scores(path: Path, settings: Settings) -> tuple[dict[float, Scored], CarriedRows]:
    """One story's scores at every threshold of the grid (prepared once), and its
    ``carried_rows`` at the default threshold."""
    articles, raw, _ = story_input(path)
    labels = parse_claims(raw, str(path))
    prepared = prepare(articles, settings)
    found = {}
    for threshold in GRID:
        scores = evaluate_claims(assemble(prepared, threshold, settings.element_link), labels)
        found[threshold] = scored_of(scores)
    default = settings.match_threshold
    at_default = assemble(prepared, None, settings.element_link)
    if default not in found:
        found[default] = scored_of(evaluate_claims(at_default, labels))
    return found, carried_rows(at_default, labels)


def fully_error(rows: CarriedRows, cut: float) -> float:
    """Mean per-source error of the fully-carried share when ``carried_whole >= cut``
    (and a match) makes a sentence fully carried."""
    by_source: dict[str, list[tuple[bool, bool]]] = {}
    for article, carried, linked, gold in rows:
        by_source.setdefault(article, []).append((linked and carried >= cut, gold))
    errors = [abs(sum(p for p, _ in v) - sum(g for _, g in v)) / len(v)
              for v in by_source.values()]
    return sum(errors) / len(errors)


def fit_carried_cut(rows: dict[str, CarriedRows]) -> dict[str, tuple[float, float]]:
    """Story -> (cut chosen on the other stories, the story's fully-carried error at it)."""
    chosen = {}
    for story in rows:
        others = [s for s in rows if s != story]
        cut = min(CARRIED_GRID, key=lambda c: sum(fully_error(rows[s], c) for s in others))
        chosen[story] = (cut, fully_error(rows[story], cut))
    return chosen


def pooled(parts: list[Counts]) -> Counts:
    return Counts(sum(p.hits for p in parts), sum(p.predicted for p in parts),
                  sum(p.gold for p in parts))


def cross_validate(table: dict[str, dict[float, Scored]]) -> dict[str, tuple[float, Scored]]:
    """Story -> (threshold chosen on the other stories, the story's scores at it)."""
    chosen = {}
    for story in table:
        others = [s for s in table if s != story]
        best = max(GRID, key=lambda t: (pooled([table[s][t].links for s in others]).f1 or 0.0,
                                        -abs(t - 0.55)))
        chosen[story] = (best, table[story][best])
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lexical", action="store_true", help="without the meaning model")
    parser.add_argument("--models", type=Path, help="fold model folders (fine-tuned encoder)")
    parser.add_argument("--folds", type=lambda v: {int(k) for k in v.split(",")},
                        help="only the stories of these folds (index mod 4), e.g. 0,1")
    parser.add_argument("--tables", type=Path,
                        help="keep each story's scores here and reuse them (one folder per "
                             "encoder and settings)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings(semantic=not args.lexical)
    paths = sorted(STORIES.glob("*/claims.json"))
    both = {}
    for index, path in enumerate(paths):
        if args.folds is not None and index % 4 not in args.folds:
            continue
        stored = args.tables / f"{path.parent.name}.pkl" if args.tables else None
        if stored is not None and stored.exists():
            both[path.parent.name] = pickle.loads(stored.read_bytes())
            continue
        if args.models:
            os.environ[embedding.MODEL_DIR_ENV] = str(args.models / f"fold{index % 4}")
            embedding._reset_default()
        both[path.parent.name] = story_scores(path, settings)
        if stored is not None:
            stored.parent.mkdir(parents=True, exist_ok=True)
            stored.write_bytes(pickle.dumps(both[path.parent.name]))
    table = {story: scores for story, (scores, _) in both.items()}
    carried = fit_carried_cut({story: rows for story, (_, rows) in both.items()})
    chosen = cross_validate(table)
    default = settings.match_threshold

    def summary(rows: list[Scored]) -> dict[str, float | None]:
        links, partial = pooled([r.links for r in rows]), pooled([r.partial for r in rows])
        return {"precision": links.precision, "recall": links.recall, "f1": links.f1,
                "partial_precision": partial.precision,
                "share_error": sum(r.share_error for r in rows) / len(rows),
                "fully_error": sum(r.fully_error for r in rows) / len(rows),
                "partly_error": sum(r.partly_error for r in rows) / len(rows)}

    held_out = summary([scores for _, scores in chosen.values()])
    at_default = summary([table[s][default] for s in table])
    if args.json:
        print(json.dumps({"grid": GRID, "default": default, "held_out": held_out,
                          "at_default": at_default,
                          "chosen": {s: t for s, (t, _) in chosen.items()},
                          "fully_carried_cut": {s: {"cut": c, "error": e}
                                                for s, (c, e) in carried.items()}},
                         indent=2))
        return 0

    def pct(value: float | None) -> str:
        return "   -" if value is None else f"{100 * value:5.1f}"

    print(f"{len(table)} development stories, {'lexical' if args.lexical else 'semantic'}; "
          f"threshold grid {GRID[0]}-{GRID[-1]}; default {default}")
    print(f"{'story':32} {'chosen':>6}  held-out link P     R    F1  partial  share err")
    for story, (threshold, s) in chosen.items():
        print(f"{story:32} {threshold:6.2f}  {pct(s.links.precision)} {pct(s.links.recall)} "
              f"{pct(s.links.f1)}  {pct(s.partial.precision)}  {pct(s.share_error)}")
    for name, row in (("HELD OUT (each story at the threshold the others chose)", held_out),
                      (f"at the default threshold {default}", at_default)):
        print(f"{name}: link P {pct(row['precision'])} R {pct(row['recall'])} "
              f"F1 {pct(row['f1'])}, partial P {pct(row['partial_precision'])}, "
              f"share error {pct(row['share_error'])} points (fully carried "
              f"{pct(row['fully_error'])}, partly carried {pct(row['partly_error'])})")
    cuts = ", ".join(f"{c:.2f}" for c, _ in carried.values())
    error = sum(e for _, e in carried.values()) / len(carried)
    rows = {story: r for story, (_, r) in both.items()}
    overall = min(CARRIED_GRID, key=lambda c: sum(fully_error(r, c) for r in rows.values()))
    at_cut = sum(fully_error(r, FULLY_CARRIED_CUT) for r in rows.values()) / len(rows)
    print(f"fully-carried cut on carried_whole, chosen per held-out story: {cuts}; held-out "
          f"fully-carried share error {pct(error)} points; fitted on all stories: "
          f"{overall:.2f}; the engine's cut {FULLY_CARRIED_CUT} (in-sample error "
          f"{pct(at_cut)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
