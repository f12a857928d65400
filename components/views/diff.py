"""Two articles side by side: word-level differences and escaped HTML (pure).

Words are compared on folded, lower-cased keys, so curly vs straight quotes or dash
styles never show as changes, while people read the article's own characters.
Which sentences share a row is :mod:`components.views.alignment_view`.
"""

from __future__ import annotations

import difflib
import html
import string
from typing import NamedTuple

from analysis.text.lexicon import ENGLISH_STOP_WORDS
from analysis.text.textnorm import fold
from components.common.colors import DIFF_COLORS, KIND_COLORS, KIND_LABELS, KIND_TEXT_COLORS
from components.views.alignment_view import PairMatch, PairView, carry_text

_PUNCT = string.punctuation + " "
_SHARED_SHOWN = 8


class Token(NamedTuple):
    """One displayed word and how it differs: same, added, removed or changed."""

    text: str
    tag: str


def _key(token: str) -> str:
    """What a word is compared on: folded, lower case, outer punctuation dropped."""
    folded = fold(token).lower()
    return folded.strip(_PUNCT) or folded


def word_diff(text_a: str, text_b: str) -> tuple[list[Token], list[Token]]:
    """Word tokens of both texts tagged with how they differ (original words kept).

    >>> [t.tag for t in word_diff("Kim met Shoigu", "Kim greeted Shoigu")[1]]
    ['same', 'changed', 'same']
    """
    words_a, words_b = text_a.split(), text_b.split()
    matcher = difflib.SequenceMatcher(
        None, [_key(w) for w in words_a], [_key(w) for w in words_b], autojunk=False
    )
    left: list[Token] = []
    right: list[Token] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        tag_a, tag_b = {"equal": ("same", "same"), "replace": ("changed", "changed"),
                        "delete": ("removed", ""), "insert": ("", "added")}[op]
        left.extend(Token(w, tag_a) for w in words_a[i1:i2])
        right.extend(Token(w, tag_b) for w in words_b[j1:j2])
    return left, right


def shared_words(text_a: str, text_b: str, limit: int = _SHARED_SHOWN) -> list[str]:
    """Content words both sentences use, as written in the first, in its order."""
    keys_b = {_key(w) for w in text_b.split()}
    found: dict[str, str] = {}
    for word in text_a.split():
        key = _key(word)
        if key in keys_b and key not in found and len(key) > 2 and key not in ENGLISH_STOP_WORDS:
            found[key] = word.strip(_PUNCT + "“”‘’«»—–") or word
    return list(found.values())[:limit]


def diff_html(tokens: list[Token]) -> str:
    """Escaped words, runs of the same difference wrapped in one coloured span."""
    parts: list[str] = []
    run: list[str] = []
    tag = "same"
    for token in [*tokens, Token("", "end")]:
        if token.tag != tag and run:
            text = " ".join(run)
            parts.append(text if tag == "same" else f'<span class="sbs-d sbs-{tag}">{text}</span>')
            run = []
        tag = token.tag
        run.append(html.escape(token.text))
    return " ".join(parts)


def legend_html() -> str:
    """Match kinds and word differences, with the colours the view uses."""
    chip = ('<span class="sbs-chip"><span style="background:{c}"></span>{t}</span>')
    kinds = "".join(chip.format(c=KIND_COLORS[k], t=html.escape(KIND_LABELS[k]))
                    for k in KIND_COLORS)
    words = {"removed": "words only in the left sentence", "added": "words only in the right "
             "sentence", "changed": "words replaced by others"}
    diffs = "".join(chip.format(c=DIFF_COLORS[k], t=f"{k}: {words[k]}") for k in words)
    return (f'<div class="sbs-legend"><b>Match kinds</b> {kinds}</div>'
            f'<div class="sbs-legend"><b>Word differences</b> {diffs}</div>')


_CSS = """
.sbs{font-size:.95rem;line-height:1.5} .sbs-d{border-radius:3px;padding:0 1px}
.sbs-grid{display:grid;grid-template-columns:minmax(0,1fr) 3.6rem minmax(0,1fr);gap:6px 0;
 align-items:start} .sbs-two{grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:8px}
.sbs-head{font-weight:600;padding:4px 10px;border-bottom:2px solid rgba(128,128,128,.4)}
.sbs-cell{padding:6px 10px;border-left:5px solid var(--k);background:var(--t);border-radius:4px;
 scroll-margin-top:5rem} .sbs-empty{border:none;background:none} .sbs-pair{align-self:stretch}
.sbs-num{font-size:.75rem;font-weight:600;opacity:.65;margin-right:6px}
.sbs-note{font-size:.78rem;opacity:.8;margin-top:2px} .sbs-note a{color:inherit}
.sbs-gut{display:flex;align-self:stretch;align-items:center;justify-content:center;
 font-size:.8rem;font-weight:600;white-space:nowrap}
.sbs-cell:target{outline:3px solid #000;outline-offset:1px}
.sbs-legend{font-size:.85rem;margin:2px 0}
.sbs-chip{display:inline-flex;align-items:center;gap:4px;margin:0 10px 0 6px}
.sbs-chip span{width:12px;height:12px;border-radius:3px;display:inline-block}
.sbs-gut{flex-direction:column;gap:2px;scroll-margin-top:5rem}
.sbs-nav{display:flex;flex-direction:column;align-items:center;gap:2px}
.sbs-nav a,.sbs-bar a{text-decoration:none;color:inherit;opacity:.75;font-size:.75rem}
.sbs-nav a:hover,.sbs-bar a:hover{opacity:1;text-decoration:underline}
.sbs-gut:target{outline:3px solid #000;outline-offset:1px;border-radius:4px}
.sbs-bar{font-size:.9rem;margin:4px 0 8px} .sbs-bar a{margin-left:10px;font-size:.9rem}
.sbs-src{display:none;font-weight:600;margin-right:6px}
.sbs-warn{color:#B3261E;font-size:.72rem;cursor:help}
.sbs-claim{font-size:.8rem;margin-top:3px} .sbs-claim mark{background:#FFE08A;color:inherit;
 border-radius:3px;padding:0 2px}
@media (max-width:640px){ .sbs-grid{grid-template-columns:minmax(0,1fr)}
 .sbs-head,.sbs-empty{display:none} .sbs-src{display:inline}
 .sbs-gut,.sbs-nav{flex-direction:row;justify-content:flex-start;gap:10px;padding-left:10px} }
@media print{ .sbs-nav,.sbs-bar a{display:none} .sbs-cell,.sbs-gut{break-inside:avoid} }
.sbs-more-box,.sbs-more{display:none}
@media (max-width:640px){
 .sbs:not(:has(.sbs-more-box:checked)):not(:has(.sbs-later:target,.sbs-later :target))
  .sbs-later{display:none}
 .sbs-more-box{display:block;position:absolute;opacity:0;width:1px;height:1px;margin:0}
 .sbs-more{display:block;margin:10px 0 4px;padding:8px 12px;text-align:center;cursor:pointer;
  border:1px solid rgba(128,128,128,.45);border-radius:8px;font-size:.9rem}
 .sbs-more-box:focus-visible+.sbs-more{outline:2px solid currentColor;outline-offset:2px}
 .sbs:has(.sbs-more-box:checked) .sbs-more-show,.sbs:not(:has(.sbs-more-box:checked))
  .sbs-more-hide,.sbs:has(.sbs-later:target,.sbs-later :target) .sbs-more{display:none} }
""" + "".join(
    f".sbs-{tag}{{background:{color}40;border-bottom:2px solid {color}}}"
    for tag, color in DIFF_COLORS.items()
)


def diff_css() -> str:
    """The style sheet that colours ``diff_html`` output, for views built elsewhere."""
    return _CSS


def side_by_side_html(view: PairView, conflicts: dict[tuple[int, int], str] | None = None,
                      narrow_rows: int | None = None) -> str:
    """The aligned two-column view as one self-contained, escaped HTML block.

    Crossing matches stay in their article's order and link to their counterpart
    (an in-page anchor); hovering a sentence outlines every sentence it matches.

    ``narrow_rows``: on a narrow screen (the columns stacked, 640 px or less) only the
    first rows show, under a "Show all N rows" toggle (a checkbox and its label: no script,
    no rerun); a link to a later sentence shows them all. Wider screens show every row.
    """
    head = (f'<div class="sbs-head">{html.escape(view.label_a)}</div><div></div>'
            f'<div class="sbs-head">{html.escape(view.label_b)}</div>')
    numbers = difference_numbers(view)
    conflicts = conflicts or {}
    folded = narrow_rows is not None and len(view.rows) > narrow_rows

    def later(k: int) -> bool:
        return folded and narrow_rows is not None and k >= narrow_rows

    body = "".join(
        _cell(view, "a", row.a, row.aligned, later(k))
        + _gutter(row.aligned, numbers.get(k), len(numbers),
                  conflicts.get((row.aligned.a, row.aligned.b)) if row.aligned else None,
                  later(k))
        + _cell(view, "b", row.b, row.aligned, later(k))
        for k, row in enumerate(view.rows)
    )
    more = _more_toggle(len(view.rows), narrow_rows) if folded and narrow_rows else ""
    return (f"<div class='sbs'><style>{_CSS}{_hover_css(view)}</style>"
            f"{_difference_bar(len(numbers))}<div class='sbs-grid'>{head}{body}</div>{more}"
            "</div>")


def _more_toggle(rows: int, shown: int) -> str:
    """The narrow screen's toggle for the rows after the first ``shown`` (CSS hides it, and
    hides no row, on a wider screen)."""
    return ('<input type="checkbox" id="sbs-more" class="sbs-more-box">'
            '<label for="sbs-more" class="sbs-more">'
            f'<span class="sbs-more-show">▼ Show all {rows} rows ({rows - shown} more)</span>'
            f'<span class="sbs-more-hide">▲ Show the first {shown} rows only</span></label>')


def difference_numbers(view: PairView) -> dict[int, int]:
    """Row index -> 1-based number of each difference: a sentence only one side has, or
    a matched pair whose words differ (everything but verbatim)."""
    rows = [k for k, row in enumerate(view.rows)
            if row.aligned is None or row.aligned.kind != "verbatim"]
    return {row: number for number, row in enumerate(rows, start=1)}


def _difference_bar(count: int) -> str:
    if not count:
        return "<div class='sbs-bar'>No difference: every sentence matches word for word.</div>"
    return (f"<div class='sbs-bar'><b>{count} difference{'' if count == 1 else 's'}</b>"
            f"<a href='#sbs-diff-1'>↓ first difference</a>"
            f"<a href='#sbs-diff-{count}'>↓ last difference</a></div>")


def pair_detail_html(view: PairView, match: PairMatch) -> str:
    """One matched pair in full: both sentences with their differences, kind, score, words."""
    left, right = word_diff(view.sentences_a[match.a], view.sentences_b[match.b])
    words = shared_words(view.sentences_a[match.a], view.sentences_b[match.b], limit=30)
    color = KIND_COLORS.get(match.kind, KIND_COLORS["paraphrase"])
    cells = "".join(
        f'<div class="sbs-cell" style="--k:{color};--t:{color}1f"><div class="sbs-num">'
        f"{html.escape(label)} · sentence {pos + 1}</div>{diff_html(tokens)}</div>"
        for label, pos, tokens in ((view.label_a, match.a, left), (view.label_b, match.b, right))
    )
    facts = (f"<b>{html.escape(KIND_LABELS.get(match.kind, match.kind))}</b> · "
             f"{html.escape(carry_text(match))} · shared words: "
             f"{html.escape(', '.join(words) or 'none')}")
    return (f"<div class='sbs'><style>{_CSS}</style><div class='sbs-grid sbs-two'>{cells}</div>"
            f"<div class='sbs-legend'>{facts}</div></div>")


def _hover_css(view: PairView) -> str:
    rules = [
        f".sbs:has(#sbs-a-{m.a + 1}:hover) #sbs-b-{m.b + 1},"
        f".sbs:has(#sbs-b-{m.b + 1}:hover) #sbs-a-{m.a + 1}"
        for m in view.matches
    ]
    return (",".join(rules) + "{outline:2px solid #555;outline-offset:1px}") if rules else ""


def _gutter(aligned: PairMatch | None, number: int | None = None, count: int = 0,
            conflict: str | None = None, later: bool = False) -> str:
    """The score between two aligned sentences and, on a difference, links to the
    previous and next difference (plain anchors: they work in exported copies too).
    A pair that tells a detail differently says so: its score alone reads as agreement."""
    anchor = f' id="sbs-diff-{number}"' if number else ""
    nav = ""
    if number:
        links = [f'<a href="#sbs-diff-{number - 1}" title="previous difference">▲ prev</a>'
                 if number > 1 else "",
                 f'<a href="#sbs-diff-{number + 1}" title="next difference">▼ next</a>'
                 if number < count else ""]
        nav = f'<span class="sbs-nav">{"".join(links)}</span>'
    gut = "sbs-gut sbs-later" if later else "sbs-gut"
    if aligned is None:
        return f'<div class="{gut}"{anchor}>{nav}</div>'
    color = KIND_TEXT_COLORS.get(aligned.kind, KIND_TEXT_COLORS["paraphrase"])
    title = html.escape(f"{KIND_LABELS.get(aligned.kind, aligned.kind)} · {carry_text(aligned)}",
                        quote=True)
    warn = (f'<span class="sbs-warn" title="{html.escape(conflict, quote=True)}">≠ details'
            "</span>" if conflict else "")
    return (f'<div class="{gut}"{anchor} title="{title}"><span style="color:{color}">'
            f"⟷ {aligned.score:.2f}</span>{warn}{nav}</div>")


def _partner(match: PairMatch, side: str) -> int:
    """Position of the sentence on the other side of a match seen from ``side``."""
    return match.b if side == "a" else match.a


def _cell(view: PairView, side: str, pos: int | None, aligned: PairMatch | None,
          later: bool = False) -> str:
    if pos is None:
        return f'<div class="sbs-cell sbs-empty{" sbs-later" if later else ""}"></div>'
    found = sorted((m for m in view.matches if (m.a if side == "a" else m.b) == pos),
                   key=lambda m: -m.score)
    reference = aligned or (found[0] if found else None)
    if reference is None:
        text = html.escape((view.sentences_a if side == "a" else view.sentences_b)[pos])
    else:
        tokens = word_diff(view.sentences_a[reference.a], view.sentences_b[reference.b])
        text = diff_html(tokens[0] if side == "a" else tokens[1])
    kind = reference.kind if reference else "unique"
    color = KIND_COLORS.get(kind, KIND_COLORS["paraphrase"])
    title = html.escape(_tooltip(view, side, found, reference), quote=True)
    source = view.label_a if side == "a" else view.label_b  # shown when the columns stack
    return (f'<div class="sbs-cell sbs-{html.escape(kind)}{" sbs-pair" if aligned else ""}'
            f'{" sbs-later" if later else ""}" '
            f'id="sbs-{side}-{pos + 1}" style="--k:{color};--t:{color}1f" title="{title}">'
            f'<span class="sbs-src">{html.escape(source)}</span>'
            f'<span class="sbs-num">{pos + 1}</span>{text}'
            f"{_evidence_note(view, side, reference)}"
            f"{_note(view, side, found, aligned)}</div>")


def _evidence_note(view: PairView, side: str, reference: PairMatch | None) -> str:
    """The part of a sentence that states what the other sentence shares, when only part
    of it does (the clause that gave the link), so a partial link shows its claim."""
    if reference is None:
        return ""
    span = reference.a_span if side == "a" else reference.b_span
    text = view.sentences_a[reference.a] if side == "a" else view.sentences_b[reference.b]
    if span is None or not 0 <= span[0] < span[1] <= len(text):
        return ""
    number = _partner(reference, side) + 1
    return (f'<div class="sbs-claim">shared with sentence {number}: '
            f"<mark>{html.escape(text[span[0]:span[1]])}</mark></div>")


def _note(view: PairView, side: str, found: list[PairMatch], aligned: PairMatch | None) -> str:
    """'only in X', or links to counterparts that are not on the same row."""
    other, where = ("b", "right") if side == "a" else ("a", "left")
    if not found:
        label = view.label_a if side == "a" else view.label_b
        return f'<div class="sbs-note">only in {html.escape(label)}</div>'
    links = [
        f'<a href="#sbs-{other}-{_partner(m, side) + 1}">sentence {_partner(m, side) + 1}</a> '
        f"({html.escape(m.kind)} {m.score:.2f})"
        for m in sorted(found, key=lambda m: _partner(m, side)) if m != aligned
    ]
    if not links:
        return ""
    also = "also matches" if aligned else "matches"
    return f'<div class="sbs-note">↔ {also} {", ".join(links)} on the {where}</div>'


def _tooltip(view: PairView, side: str, found: list[PairMatch], reference: PairMatch | None) -> str:
    other_label = view.label_b if side == "a" else view.label_a
    if not found:
        return f"Only in this source: no sentence of {other_label} matches it"
    lines = []
    for m in found:
        pair = (view.sentences_a[m.a], view.sentences_b[m.b])
        words = shared_words(*(pair if side == "a" else pair[::-1]))
        lines.append(f"↔ {other_label} sentence {_partner(m, side) + 1}: {m.kind} · "
                     f"{carry_text(m)} · shared words: {', '.join(words) or 'none'}")
    if reference is not None and len(found) > 1:
        number = _partner(reference, side) + 1
        lines.append(f"Word differences are shown against sentence {number}.")
    return "\n".join(lines)
