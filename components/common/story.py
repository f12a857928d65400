"""The story a person works on: the preloaded sample, or their own, with a title.

The app opens on the sample story, labelled as such. The first article a person
adds starts their own story: the sample's articles are set aside (not mixed in),
and an offer to add them back, or to undo, stays until it is answered. Exports are
named after the story's title, so two stories' files never overwrite each other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import MutableMapping, Sequence

from analysis.results import Article

TITLE = "story_title"  # str: the story's title, as the person wrote it
IS_SAMPLE = "story_is_sample"  # bool: the articles are (still) the preloaded sample
SET_ASIDE = "story_set_aside"  # list[Article]: the sample, set aside by a first upload
GENERATION = "story_generation"  # int: bumps when the title changes from code (fresh input)

SAMPLE_TITLE = "Sample story: Russia's defence chief at North Korea's parade (July 2023)"
OWN_TITLE = "My story"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 60


def start_on_sample(state: MutableMapping) -> None:
    """A new session: the sample story, labelled as the sample."""
    state.setdefault(TITLE, SAMPLE_TITLE)
    state.setdefault(IS_SAMPLE, True)
    state.setdefault(SET_ASIDE, [])
    state.setdefault(GENERATION, 0)


def set_title(state: MutableMapping, title: str) -> None:
    state[TITLE] = title
    state[GENERATION] = int(state.get(GENERATION, 0)) + 1


def before_adding(state: MutableMapping, articles: list[Article]) -> list[Article]:
    """The articles to add the newcomers to: none when this is the first addition to the
    sample (which is set aside, and can be brought back), else the current ones."""
    if not state.get(IS_SAMPLE):
        return articles
    state[SET_ASIDE] = list(articles)
    state[IS_SAMPLE] = False
    set_title(state, OWN_TITLE)
    return []


def bring_back_sample(state: MutableMapping, current: Sequence[Article]) -> list[Article]:
    """The person's articles plus the set-aside sample (an offer they accepted)."""
    texts = {a.text for a in current}
    back = [a for a in state.get(SET_ASIDE, []) if a.text not in texts]
    state[SET_ASIDE] = []
    return [*back, *current]


def undo_new_story(state: MutableMapping) -> list[Article]:
    """Back to the sample story exactly as it was (the new articles are dropped)."""
    sample = list(state.get(SET_ASIDE, []))
    state[SET_ASIDE] = []
    state[IS_SAMPLE] = True
    set_title(state, SAMPLE_TITLE)
    return sample


def story_slug(title: str) -> str:
    """A file-name-safe form of the title: "Harbour fire, 3 May" -> "harbour-fire-3-may"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_title.lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-") or "story"
