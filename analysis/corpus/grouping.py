"""Story grouping for corpus mode: which articles of an archive report the same real event.

Each article is reduced on a worker to a small, picklable ``ArticleSketch`` (a MinHash of
its word shingles, a capped bag of its most telling terms, its publication day), because
sketches - not texts - cross the network for millions of articles. On the client,
``group_stories`` builds a sparse neighbour graph (MinHash-LSH near-duplicates plus the
top-k cosine neighbours over IDF-weighted term bags, in chunked sparse products, never a
dense n x n matrix) and clusters it by average-link agglomeration restricted to the graph.

The hard case is the look-alike event (another rehab stay, another earthquake): the same
common words, other names, places and numbers. So names and numbers weigh more than
common words, rare terms more than frequent ones (weight df^-a from the sketches' own
document frequencies: unlike log IDF it does not drift with the archive's size, so the
threshold holds from 250 to 2,500 articles at least), and two clusters merge only if their names and
numbers agree as well as their words (the name gate). Constants were tuned on the first
ten ECB+ development topics only (``benchmarks/corpus.py``), never on the sample story in ``data/``.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH
from scipy import sparse

from analysis.text.lexicon import ENGLISH_STOP_WORDS
from analysis.text.textnorm import WORD_PATTERN, fold

NUM_PERM = 64  # MinHash size: ~300 bytes pickled; enough to find copies (Jaccard >= 0.5)
SHINGLE = 3  # word 3-grams: wire copies share most, independent rewrites few
TOP_TERMS = 150  # terms kept per article: the bag is what separates stories, not the text
TITLE_REPEAT = 2  # a headline's words count this many times: it names the event
LEAD_SENTENCES = 3  # lines after the headline in the embedded lead (news puts the event first)

# Term kinds, stored per term in the sketch so that weights can be tuned at grouping time.
WORD, NAME, NUMBER = 0, 1, 2

# Stop words: scikit-learn's English list (from the Glasgow Information Retrieval Group's
# stop list), plus the two reporting words every news article uses ("said", "says").
_STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says"}
_WORD = re.compile(WORD_PATTERN)
_SENTENCE_END = re.compile(r"[.!?:\"'“”]")  # in the gap between two words


@dataclass(frozen=True)
class ArticleSketch:
    """What grouping needs of one article, small enough to gather millions on one client."""

    minhash: LeanMinHash | None  # word-shingle MinHash; None when the text is too short
    terms: tuple[str, ...]  # the article's most frequent content terms, lower case
    counts: bytes  # per term: its count in the article, capped at 255
    kinds: bytes  # per term: WORD, NAME (mostly capitalised mid-sentence) or NUMBER
    day: int | None  # publication date as a proleptic ordinal, None when unknown
    # The lead's sentence embedding (float16 bytes) with --semantic: it only proposes graph
    # edges the term bags' top-k missed (a rewrite in other words); every edge keeps the
    # term-bag cosine, so the threshold and the gate mean the same with or without it.
    vector: bytes | None = None


@dataclass(frozen=True)
class Tuning:
    """Grouping constants (tuned on ECB+ dev topics 1-23 only, by ``benchmarks/corpus.py``)."""

    # Names and numbers tell look-alike events apart ("Tara Reid" vs "Lindsay Lohan", 6.1
    # vs 4.4 magnitude), so they count this many times a common word of the same count.
    name_boost: float = 2.0
    number_boost: float = 3.0
    neighbours: int = 20  # top-k cosine neighbours per article in the graph
    min_edge: float = 0.05  # cosine below this is no evidence of a shared event
    # Stop merging when the best average-link similarity is lower. With the name gate on,
    # F1 is flat for thresholds 0.03-0.10 on the tuning half (the gate decides); the top of
    # the plateau, because one coincidental shared term between two short articles already
    # reaches a cosine near 0.09.
    threshold: float = 0.1
    # Coverage of one event clusters within days; a report 7+ days later is a follow-up or
    # another event (ECB+ look-alikes are months or years apart), so a story's dates may
    # span at most this many days (only checked where both dates are known).
    days: int = 7
    # Only used when rarity is 0: the former weight, (1 + smooth log IDF) ** idf_power. Its
    # similarities grow with the archive (the best threshold moved from 0.09 at 247
    # articles to 0.15 at 10,000 on the tuning half padded with unrelated news sentences).
    idf_power: float = 2.0
    # Presence, not counts: a rewrite names the people as often as it likes, a look-alike
    # repeats the shared event words; counts only rank which terms a sketch keeps.
    counts: bool = False
    duplicate_jaccard: float = 0.5  # MinHash-LSH threshold for near-duplicate copies
    # Term weight df ** -rarity (df: sketches holding the term): rare terms (who, where, how
    # many) outweigh the words two look-alike events share, and since two terms' weight
    # ratio depends on their dfs only, cosines do not drift as unrelated articles are added.
    # Tuned over 0.2-0.7 (with the gate); 0 falls back to log IDF.
    rarity: float = 0.2
    # Name gate: clusters merge only if the average cosine of their name-and-number bags
    # (the linkage computed on names and numbers alone) is at least this; look-alike events
    # share the story words but not the people, places and figures. 0 turns it off. Plateau
    # 0.12-0.16 on the tuning half at 247, 500, 1,000 and 2,500 articles; 0.14 is its middle.
    name_gate: float = 0.14


DEFAULT = Tuning()


def sketch_article(title: str, text: str, published: str | None = None,
                   vector: np.ndarray | None = None) -> ArticleSketch:
    """Reduce one article to its sketch (run on the workers, so kept cheap). ``vector``:
    the embedding of the article's lead (``lead_text``), when the meaning model is used."""
    body = fold(text or "")
    head = fold(title or "")
    lowered = [w.lower() for w in _WORD.findall(body)]
    shingles = {" ".join(lowered[i:i + SHINGLE]).encode("utf-8")
                for i in range(max(0, len(lowered) - SHINGLE + 1))}
    minhash: LeanMinHash | None = None
    if shingles:
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch(list(shingles))
        minhash = LeanMinHash(m)
    counts: Counter[str] = Counter()
    capital: Counter[str] = Counter()  # mid-sentence occurrences written with a capital
    middle: Counter[str] = Counter()  # mid-sentence occurrences
    for part, repeat in ((head, TITLE_REPEAT), (body, 1)):
        for line in part.splitlines():
            end = -1  # where the previous word ended; -1 before the first word of a line
            for match in _WORD.finditer(line):
                raw = match.group()
                term = _term(raw)
                gap = line[end:match.start()] if end >= 0 else ""
                # A capital after a sentence end is grammar, not a sign of a name.
                initial = end < 0 or _SENTENCE_END.search(gap) is not None
                end = match.end()
                if not term:
                    continue
                counts[term] += repeat
                if not initial:
                    middle[term] += 1
                    capital[term] += raw[0].isupper()
    kinds = {t: NUMBER if any(c.isdigit() for c in t)
             else NAME if middle[t] and 2 * capital[t] >= middle[t] else WORD for t in counts}
    ranked = sorted(counts, key=lambda t: (-counts[t] * (1 + (kinds[t] != WORD)), t))
    kept = ranked[:TOP_TERMS]
    return ArticleSketch(
        minhash=minhash,
        terms=tuple(kept),
        counts=bytes(min(255, counts[t]) for t in kept),
        kinds=bytes(kinds[t] for t in kept),
        day=_day(published),
        vector=None if vector is None else np.asarray(vector, dtype=np.float16).tobytes(),
    )


def lead_text(title: str, text: str, sentences: int = LEAD_SENTENCES) -> str:
    """The headline and the first few lines: what the event is, in the outlet's words."""
    lines = [line.strip() for line in (text or "").splitlines() if len(line.strip()) > 30]
    return " ".join([title.strip(), *lines[:sentences]]).strip()


def _term(raw: str) -> str:
    """Lower-case content term of a word token, '' for stop words and lone letters."""
    term = raw.lower()
    if term.endswith(("'s", "’s")):
        term = term[:-2]
    if term in _STOP or (len(term) < 2 and not term.isdigit()):
        return ""
    return term


def _day(published: str | None) -> int | None:
    """ISO date (or date-time) to a day number; None when missing or unreadable."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10]).toordinal()
    except ValueError:
        return None


def group_stories(sketches: Sequence[ArticleSketch],
                  tuning: Tuning = DEFAULT) -> list[list[int]]:
    """Indices into `sketches`; every index in exactly one story (singletons included);
    each story's indices sorted; stories ordered by size descending, then first index."""
    n = len(sketches)
    if n == 0:
        return []
    days = [s.day for s in sketches]
    # Copies first: a wire story copied by hundreds of outlets would fill every copy's top-k
    # with other copies and cut it off from independent rewrites. Copies (MinHash-LSH) are
    # collapsed to one representative, which stands for all of them in the clustering.
    copies = _near_duplicates(sketches, tuning)
    if copies and tuning.name_gate > 0:
        # Copies agree on names too: a templated look-alike ("X beat Y 3-1") shares most
        # word 3-grams with another story yet none of its names or numbers.
        _, all_names = _weighted_bags(sketches, tuning)
        agree = _name_agreement(all_names, copies)
        copies = {pair: sim for pair, sim in copies.items() if agree[pair] >= tuning.name_gate}
    copy_of = _collapse_copies(n, copies, days, tuning.days)
    reps = sorted(set(copy_of))
    position = {r: p for p, r in enumerate(reps)}
    weight = [0] * len(reps)
    low: list[int | None] = [None] * len(reps)
    high: list[int | None] = [None] * len(reps)
    for i, r in enumerate(copy_of):
        p = position[r]
        weight[p] += 1
        low[p] = _known(min, low[p], days[i])
        high[p] = _known(max, high[p], days[i])
    matrix, names = _weighted_bags([sketches[r] for r in reps], tuning)
    edges = _cosine_neighbours(matrix, tuning)
    edges.update(_embedding_edges([sketches[r] for r in reps], matrix, edges, tuning))
    named = _name_agreement(names, edges)
    labels = _average_link(edges, named, weight, low, high, tuning)
    stories: dict[int, list[int]] = {}
    for index, r in enumerate(copy_of):
        stories.setdefault(labels[position[r]], []).append(index)
    return sorted(stories.values(), key=lambda s: (-len(s), s[0]))


def _collapse_copies(n: int, pairs: dict[tuple[int, int], float], days: Sequence[int | None],
                     window: int) -> list[int]:
    """Union-find over near-duplicate pairs (never spanning more than ``window`` days):
    each article's representative, the smallest index of its copy group."""
    parent = list(range(n))
    low, high = list(days), list(days)
    for i, j in sorted(pairs):
        a, b = _root(parent, i), _root(parent, j)
        if a == b or _apart(low[a], high[a], low[b], high[b], window):
            continue
        a, b = min(a, b), max(a, b)
        parent[b] = a
        low[a] = _known(min, low[a], low[b])
        high[a] = _known(max, high[a], high[b])
    return [_root(parent, i) for i in range(n)]


def _weighted_bags(sketches: Sequence[ArticleSketch],
                   tuning: Tuning) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Rows: L2-normalised (1 + log count) x kind boost x rarity weight over the archive's
    sketches; and the same rows restricted to name and number terms, L2-normalised."""
    boost = {WORD: 1.0, NAME: tuning.name_boost, NUMBER: tuning.number_boost}
    vocabulary: dict[str, int] = {}
    rows, cols, data, named = [], [], [], []
    for r, s in enumerate(sketches):
        for term, count, kind in zip(s.terms, s.counts, s.kinds, strict=True):
            rows.append(r)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
            tf = (1.0 + math.log(max(1, count))) if tuning.counts else 1.0
            data.append(tf * boost.get(kind, 1.0))
            named.append(kind != WORD)
    n = len(sketches)
    matrix = sparse.csr_matrix((np.asarray(data, dtype=np.float32), (rows, cols)),
                               shape=(n, max(1, len(vocabulary))), dtype=np.float32)
    df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=matrix.shape[1])
    if tuning.rarity > 0:
        # df^-a: the ratio of two terms' weights depends on their document frequencies only,
        # not on n, so cosines (and the threshold) do not drift as the archive grows.
        rarity = np.maximum(df, 1).astype(np.float64) ** -tuning.rarity
    else:  # sklearn's smooth IDF, raised to idf_power (drifts with n; kept for comparison)
        rarity = (np.log((1.0 + n) / (1.0 + df)) + 1.0) ** tuning.idf_power
    matrix = sparse.csr_matrix(matrix @ sparse.diags(rarity.astype(np.float32)))
    mask = sparse.csr_matrix((np.asarray(named, dtype=np.float32), (rows, cols)),
                             shape=matrix.shape, dtype=np.float32)
    names = sparse.csr_matrix(matrix.multiply(mask))
    return _unit_rows(matrix), _unit_rows(names)


def _unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Rows scaled to unit L2 norm (empty rows stay empty)."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix, dtype=np.float32)


def _cosine_neighbours(matrix: sparse.csr_matrix, tuning: Tuning) -> dict[tuple[int, int], float]:
    """Each row's top-k cosine neighbours (>= min_edge), as pairs i < j.

    Rows are multiplied in chunks so that the dense block stays about 16 MB whatever n.
    """
    n = matrix.shape[0]
    k = min(tuning.neighbours, n - 1)
    edges: dict[tuple[int, int], float] = {}
    if k <= 0:
        return edges
    transposed = matrix.T.tocsc()
    step = max(1, 4_000_000 // n)
    for start in range(0, n, step):
        block = (matrix[start:start + step] @ transposed).toarray()
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = 0.0  # no self-edges
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        sims = block[rows[:, None], top]
        for r, c in zip(*np.nonzero(sims >= tuning.min_edge), strict=True):
            i, j = start + int(r), int(top[r, c])
            key = (i, j) if i < j else (j, i)
            edges[key] = float(sims[r, c])
    return edges


def _embedding_edges(sketches: Sequence[ArticleSketch], matrix: sparse.csr_matrix,
                     known: dict[tuple[int, int], float], tuning: Tuning
                     ) -> dict[tuple[int, int], float]:
    """Pairs among each sketch's top-k lead-embedding neighbours that the term-bag search
    did not propose, weighted by their term-bag cosine (>= min_edge): the union of the two
    neighbour routes, on one similarity scale. Empty when no sketch carries a vector."""
    have = [i for i, s in enumerate(sketches) if s.vector is not None]
    k = min(tuning.neighbours, len(have) - 1)
    if k <= 0:
        return {}
    vectors = np.stack([np.frombuffer(sketches[i].vector or b"", dtype=np.float16)
                        for i in have]).astype(np.float32)
    index = np.asarray(have, dtype=np.int64)
    found: set[tuple[int, int]] = set()
    step = max(1, 4_000_000 // len(have))
    for start in range(0, len(have), step):
        block = vectors[start:start + step] @ vectors.T
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = -np.inf  # no self-edges
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        for r in range(block.shape[0]):
            i = int(index[start + r])
            for j in index[top[r]].tolist():
                key = (i, j) if i < j else (j, i)
                if key not in known:
                    found.add(key)
    if not found:
        return {}
    pairs = np.asarray(sorted(found), dtype=np.int64)
    sims = np.asarray(matrix[pairs[:, 0]].multiply(matrix[pairs[:, 1]]).sum(axis=1)).ravel()
    return {(int(a), int(b)): float(v) for (a, b), v in zip(pairs.tolist(), sims.tolist(),
                                                           strict=True) if v >= tuning.min_edge}


def _near_duplicates(sketches: Sequence[ArticleSketch],
                     tuning: Tuning) -> dict[tuple[int, int], float]:
    """Copies by MinHash-LSH, each article keeping its top-k by estimated Jaccard, so that a
    wire story copied a thousand times still adds only k edges per copy."""
    have = [i for i, s in enumerate(sketches) if s.minhash is not None]
    edges: dict[tuple[int, int], float] = {}
    if len(have) < 2:
        return edges
    lsh = MinHashLSH(threshold=tuning.duplicate_jaccard, num_perm=NUM_PERM)
    values = np.zeros((len(sketches), NUM_PERM), dtype=np.uint64)
    for i in have:
        mh = sketches[i].minhash
        assert mh is not None
        lsh.insert(i, mh, check_duplication=False)
        values[i] = mh.hashvalues
    for i in have:
        mh = sketches[i].minhash
        assert mh is not None
        found = np.asarray([j for j in lsh.query(mh) if j != i], dtype=np.int64)
        if not len(found):
            continue
        jaccard = (values[found] == values[i]).mean(axis=1)
        keep = jaccard >= tuning.duplicate_jaccard
        found, jaccard = found[keep], jaccard[keep]
        if len(found) > tuning.neighbours:
            top = np.argpartition(-jaccard, tuning.neighbours - 1)[:tuning.neighbours]
            found, jaccard = found[top], jaccard[top]
        for j, sim in zip(found.tolist(), jaccard.tolist(), strict=True):
            key = (i, j) if i < j else (j, i)
            edges[key] = max(edges.get(key, 0.0), float(sim))
    return edges


def _name_agreement(names: sparse.csr_matrix,
                    edges: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """Per graph edge: cosine of the two articles' bags restricted to names and numbers."""
    if not edges:
        return {}
    pairs = np.asarray(list(edges), dtype=np.int64)
    dots = np.asarray(names[pairs[:, 0]].multiply(names[pairs[:, 1]]).sum(axis=1)).ravel()
    return {key: float(d) for key, d in zip(edges, dots, strict=True)}


def _average_link(edges: dict[tuple[int, int], float], named: dict[tuple[int, int], float],
                  weight: Sequence[int],
                  low: list[int | None], high: list[int | None], tuning: Tuning) -> list[int]:
    """Average-link agglomeration over the sparse graph; a cluster label per node.

    Node i stands for weight[i] articles (itself and its copies). The linkage of clusters A
    and B is the weighted sum of their edge similarities over |A||B| x f, with f the share
    of A x B node pairs a top-k graph can hold, min(1, k(rA + rB) / (rA rB)) for rA, rB
    nodes: a missing pair counts as 0 (exact average link while clusters are small, so one
    strong edge cannot chain two stories), but large stories are not penalised for pairs
    the graph cannot hold. Merging stops below the threshold; a merge whose dates would
    span more than ``tuning.days`` is refused, and so is one whose name linkage (the same
    average over ``named``, the edges' name-and-number cosines) is below the name gate.
    ``low``/``high`` are updated in place.
    """
    n = len(weight)
    k = max(1, tuning.neighbours)
    size = list(weight)  # articles per cluster
    nodes = [1] * n  # graph nodes per cluster
    adjacency: list[dict[int, float]] = [{} for _ in range(n)]
    agree: list[dict[int, float]] = [{} for _ in range(n)]
    for (i, j), sim in edges.items():
        if _apart(low[i], high[i], low[j], high[j], tuning.days):
            continue
        adjacency[i][j] = sim * weight[i] * weight[j]
        adjacency[j][i] = adjacency[i][j]
        agree[i][j] = agree[j][i] = named.get((i, j), 0.0) * weight[i] * weight[j]
    parent = list(range(n))
    version = [0] * n
    heap: list[tuple[float, int, int, int, int]] = []

    def link(a: int, b: int) -> float:
        share = min(1.0, k * (nodes[a] + nodes[b]) / (nodes[a] * nodes[b]))
        return adjacency[a][b] / (size[a] * size[b] * share)

    def link_names(a: int, b: int) -> float:
        share = min(1.0, k * (nodes[a] + nodes[b]) / (nodes[a] * nodes[b]))
        return agree[a][b] / (size[a] * size[b] * share)

    def push(a: int, b: int) -> None:
        score = link(a, b)
        if score >= tuning.threshold and (
                tuning.name_gate <= 0 or link_names(a, b) >= tuning.name_gate):
            heapq.heappush(heap, (-score, a, b, version[a], version[b]))

    for a in range(n):
        for b in adjacency[a]:
            if a < b:
                push(a, b)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if parent[a] != a or parent[b] != b or version[a] != va or version[b] != vb:
            continue  # stale: one side has merged since
        if _apart(low[a], high[a], low[b], high[b], tuning.days):
            continue  # spans only grow, so this pair can never merge
        if len(adjacency[a]) < len(adjacency[b]):
            a, b = b, a  # keep the larger neighbour map, fold the smaller into it
        parent[b] = a
        size[a] += size[b]
        nodes[a] += nodes[b]
        low[a] = _known(min, low[a], low[b])
        high[a] = _known(max, high[a], high[b])
        version[a] += 1
        del adjacency[a][b]
        del agree[a][b]
        for c, sim in adjacency[b].items():
            if c == a:
                continue
            del adjacency[c][b]
            total = adjacency[a].get(c, 0.0) + sim
            adjacency[a][c] = total
            adjacency[c][a] = total
            both = agree[a].get(c, 0.0) + agree[b][c]
            del agree[c][b]
            agree[a][c] = agree[c][a] = both
        adjacency[b] = {}
        agree[b] = {}
        for c in adjacency[a]:
            push(a, c) if a < c else push(c, a)
    return [_root(parent, i) for i in range(n)]


def _apart(low_a: int | None, high_a: int | None, low_b: int | None, high_b: int | None,
           days: int) -> bool:
    """Whether joining two date ranges would span more than ``days`` (unknown dates join)."""
    lows = [d for d in (low_a, low_b) if d is not None]
    highs = [d for d in (high_a, high_b) if d is not None]
    return bool(lows) and max(highs) - min(lows) > days


def _known(choose: Callable[[int, int], int], x: int | None, y: int | None) -> int | None:
    """``choose`` of the known days among x and y (None when neither is known)."""
    if x is None or y is None:
        return y if x is None else x
    return choose(x, y)


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
