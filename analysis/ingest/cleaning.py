"""Drop web-page furniture (comment forms, promos, captions, bylines) line by line.

Scraped articles carry text that is not part of the story. Counting it would
make two pages of one site look alike (same newsletter line) and hide real
differences. The rules below describe *kinds* of furniture seen across news
sites rather than the strings of one site, and every dropped line is kept with
its reason so a person can check and restore it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import replace

from analysis.ingest.formats.common import parse_date
from analysis.results import Article, CleanedArticle, RemovedLine
from analysis.text import lexicon
from analysis.text.textnorm import fold

_TERMINAL = tuple('.!?"\'”’»)')
_I = re.IGNORECASE

_NO_LETTERS = re.compile(r"^[^\w]*\d{0,3}[^\w]*$|^[\W_]+$")
_URL = re.compile(r"https?://|www\.\w", _I)
_EMAIL_PLACEHOLDER = re.compile(r"\[?\s*email\s*(?:&#160;|\s)*protected\s*\]?", _I)
_PROMO_PREFIX = re.compile(
    r"^\W*(also read|read also|read more|more from|more on this|related( stories| articles)?"
    r"|recommended|watch( video)?|listen|see also|trending|don'?t miss|must read|top videos?"
    r"|editor'?s picks?|latest news)\s*[|:>»\-–—]",
    _I,
)
_CREDIT_PREFIX = re.compile(
    r"^\W*(source|sources|credit|credits|photo|photos|image|images|picture|video|file photo"
    r"|reporting by|writing by|additional reporting|edited by|compiled by)\s*[:|]",
    _I,
)
_AGENCY_INPUTS = re.compile(
    r"^\W*with (?:[\w.&]+ )?(?:inputs?|agency inputs?)(?: from [\w .&]+)?\W*$", _I
)
# Calls to action that no news sentence makes.
_READER_PROMPT = re.compile(
    "|".join(
        [
            r"\b(leave|post|add|write) a (reply|comment)\b",
            r"\bplease (enter|refresh|log ?in|sign|subscribe|register|enable|disable|reload|"
            r"navigate|try again|click|tap)\b",
            r"\bjoin\b.{0,40}\b(conversations?|discussions?|debate|forum|community|readers|"
            r"channel)\b",
            r"\bthank you for (registering|subscribing|signing up|reading|your feedback)\b",
            r"\b(click|tap) here\b",
            r"\bread (the )?full (article|story)\b",
            r"\bcontinue reading\b",
            r"\bget in touch with\b",
            r"\bemail(ing)? us\b",
            r"\bfor more (stories|news|updates|videos)\b",
            r"\b(download|get) (the|our) app\b",
            r"\ball rights reserved\b|©|\bcopyright \d{4}\b",
            r"\b(be|get|stay)( \w+)? (logged|signed) (in|out)\b",
            r"\bstory continues below\b",
            r"\bcomments? (are|is) (closed|disabled)\b",
            # the comment form WordPress prints under every post (wp-includes/
            # comment-template.php, comment_form() defaults)
            r"\byour email address will not be published\b",
            r"\brequired fields are marked\b",
            r"\bsave my name, email,? and website in this browser\b",
        ]
    ),
    _I,
)
# Words that a news sentence may use too, so they count only on short lines.
_SHORT_PROMPT = re.compile(
    r"\b(subscribe|sign up|register) (to|for|and|now|today|here)\b|\bnewsletters?\b"
    r"|\bfollow (us|[\w ]{0,30} on (telegram|twitter|x|facebook|instagram|whatsapp|youtube"
    r"|google news|linkedin|threads))\b",
    _I,
)
# A sign-up call and the word "newsletter" together: a longer line ("Sign up for our
# newsletter for the best of the Courier, delivered ...") is still a call, not news.
_NEWSLETTER_SIGNUP = re.compile(
    r"\b(subscribe|sign up|signing up|register)\b.{0,60}\bnewsletters?\b"
    r"|\bnewsletters?\b.{0,60}\b(subscribe|sign up|inbox)\b",
    _I,
)
_UI_WORDS = re.compile(
    r"^\W*(comments?|share( this)?( article| story)?|tweet|print|e-?mail|advertisement|advert"
    r"|sponsored( content)?|loading|skip to( main)? content|menu|log ?in|sign ?in|sign up"
    r"|register|subscribe|close|home|next|previous|back to top|show more|view comments"
    r"|\d+ comments?)\W*$",
    _I,
)
# Credit words and agency names from analysis/text/lexicon.json (each list with its source).
_CREDITS = "|".join(sorted(map(re.escape, lexicon.words("photo_credit_words")
                               | lexicon.words("news_agencies")), key=lambda w: (-len(w), w)))
_CAPTION_CREDIT = re.compile(
    r"\((?:[^()]*\bvia\b[^()]*|[A-Z][A-Z/ &.\-]{1,40}"
    rf"|(?i:[^()]*\b(?:{_CREDITS})\b[^()]*))\)\s*$",
)
_PIPE_CREDIT = re.compile(r"\s\|\s*[A-Z][\w .&/\-]{1,40}$")
_BYLINE = re.compile(r"^(by\s+)?([A-Z][\w'’.\-]+)(\s+[A-Z][\w'’.\-]+){1,3}$")
_BY_PREFIX = re.compile(r"^by\s+[A-Z]", _I)
_DATE_WORDS = re.compile(
    r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?$|^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct"
    r"|nov|dec)[a-z]*\.?,?$|^\d{1,4}(st|nd|rd|th)?[,./:\-]?(\d{1,4}[,./:\-]?){0,3}$"
    r"|^(am|pm|a\.m|p\.m|gmt|utc|bst|et|ct|pt|est|edt|pst|pdt|cet|cest|ist|kst|jst|updated|"
    r"published|posted|last|on|at|,|-|\|)$",
    _I,
)
_FUNCTION_WORDS = {"For", "In", "Of", "The", "To", "And", "On", "At", "With", "Over", "From", "As"}


def _word_count(line: str) -> int:
    return len(line.split())


def _is_timestamp(line: str) -> bool:
    tokens = [t.rstrip(":.") or t for t in line.replace(",", " , ").split()]
    if not tokens or len(tokens) > 12 or not any(ch.isdigit() for ch in line):
        return False
    return sum(bool(_DATE_WORDS.match(t)) for t in tokens) / len(tokens) >= 0.8


def _is_caption(line: str) -> bool:
    if line.endswith(_TERMINAL[:3]):
        return False
    if _CAPTION_CREDIT.search(line):
        return True
    return _word_count(line) >= 12 and bool(_PIPE_CREDIT.search(line))


def _is_title_case_promo(line: str) -> bool:
    """A Title Case line mid-article is usually a link to another story."""
    tokens = line.split()
    if not 4 <= len(tokens) <= 16 or line.endswith(_TERMINAL[:3]):
        return False
    capitalised = all(t[0].isupper() or t[0].isdigit() for t in tokens if t[0].isalnum())
    return capitalised and any(t in _FUNCTION_WORDS for t in tokens[1:])


def _is_byline(line: str, position: int) -> bool:
    if position > 4 or _word_count(line) > 6:
        return False
    return bool(_BY_PREFIX.match(line)) or bool(_BYLINE.match(line))


# Rules every line is checked against, in order; the first that fires names the reason.
_LINE_RULES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("no words", lambda s: bool(_NO_LETTERS.match(s))),
    ("e-mail placeholder", lambda s: bool(_EMAIL_PLACEHOLDER.search(s))),
    ("link to another article", lambda s: bool(_PROMO_PREFIX.match(s))),
    ("web link", lambda s: bool(_URL.search(s)) and _word_count(s) <= 25),
    ("credit line", lambda s: bool(_CREDIT_PREFIX.match(s)) and _word_count(s) <= 12),
    ("agency credit", lambda s: bool(_AGENCY_INPUTS.match(s))),
    ("page control", lambda s: bool(_UI_WORDS.match(s))),
    ("message to readers", lambda s: bool(_READER_PROMPT.search(s)) and _word_count(s) <= 30),
    ("message to readers", lambda s: bool(_SHORT_PROMPT.search(s)) and _word_count(s) <= 15),
    ("message to readers", lambda s: bool(_NEWSLETTER_SIGNUP.search(s)) and _word_count(s) <= 30),
    ("timestamp", _is_timestamp),
    ("photo caption", _is_caption),
)
# Rules that only make sense after the headline.
_BODY_RULES: tuple[tuple[str, Callable[[str, int], bool]], ...] = (
    ("byline", _is_byline),
    ("link to another article", lambda s, _pos: _is_title_case_promo(s)),
)


def line_reason(line: str, position: int) -> str | None:
    """Why a line is furniture, or None if it is part of the story.

    ``position`` counts the lines kept before this one (0 = the first line that survives
    the furniture above it, taken as the headline, which only the line rules can drop).
    """
    folded = fold(line)
    for reason, rule in _LINE_RULES:
        if rule(folded):
            return reason
    if position > 0:
        for reason, body_rule in _BODY_RULES:
            if body_rule(folded, position):
                return reason
    return None


def clean_article(
    article: Article, *, enabled: bool = True, restore: Collection[str] = ()
) -> CleanedArticle:
    """Split into lines, drop furniture, and record what was dropped.

    Lines whose text is in ``restore`` are kept whatever the rules say. Metadata
    found in dropped lines (a byline, a timestamp) fills empty article fields.
    """
    restore_set = {line.strip() for line in restore}
    kept: list[str] = []
    removed: list[RemovedLine] = []
    for number, raw in enumerate(article.text.split("\n")):
        line = raw.strip()
        if not line:
            continue
        reason = line_reason(line, len(kept)) if enabled and line not in restore_set else None
        if reason is None:
            kept.append(line)
        else:
            removed.append(RemovedLine(line=number, text=line, reason=reason))
    return CleanedArticle(
        article=_fill_metadata(article, removed), text="\n".join(kept), removed=tuple(removed)
    )


def _fill_metadata(article: Article, removed: list[RemovedLine]) -> Article:
    updates: dict[str, str] = {}
    for line in removed:
        if line.reason == "timestamp" and not article.published and "published" not in updates:
            parsed = parse_date(line.text, fuzzy=True)
            if parsed:
                updates["published"] = parsed.date().isoformat()
        if line.reason == "byline" and not article.author and "author" not in updates:
            updates["author"] = re.sub(r"^by\s+", "", line.text, flags=_I)
    return replace(article, **updates) if updates else article
