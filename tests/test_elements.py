import numpy as np

from analysis.story.elements import group_sentences


def _scorer(table):
    """Known similarities as the (left, right, value) arrays group_sentences takes."""
    pairs = sorted(table.items())
    return (np.asarray([p[0][0] for p in pairs], dtype=np.int64),
            np.asarray([p[0][1] for p in pairs], dtype=np.int64),
            np.asarray([p[1] for p in pairs], dtype=np.float64))


def test_a_chain_is_not_glued_into_one_element():
    table = {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.0}
    edges = [(0, 1, 0.9), (1, 2, 0.9)]
    clusters = group_sentences(3, edges, link=0.5, similarities=_scorer(table))
    assert sorted(map(sorted, clusters)) in ([[0, 1], [2]], [[0], [1, 2]])


def test_a_true_group_stays_together():
    table = {(0, 1): 0.9, (1, 2): 0.8, (0, 2): 0.7}
    clusters = group_sentences(4, [(0, 1, 0.9), (1, 2, 0.8)], link=0.5,
                               similarities=_scorer(table))
    assert sorted(map(sorted, clusters)) == [[0, 1, 2], [3]]


def test_every_index_lands_in_exactly_one_cluster():
    clusters = group_sentences(5, [(0, 4, 0.7)], link=0.5, similarities=_scorer({}))
    flat = sorted(i for c in clusters for i in c)
    assert flat == [0, 1, 2, 3, 4]
    assert group_sentences(0, [], link=0.5, similarities=_scorer({})) == []


def test_known_similarities_decide_the_split_of_a_component():
    # 0-1-2-3 chained by matches; 0-2 and 1-3 known to be similar, 0-3 unknown (= 0)
    edges = [(0, 1, 0.9), (1, 2, 0.9), (2, 3, 0.9)]
    table = {(0, 2): 0.8, (1, 3): 0.8}
    clusters = group_sentences(4, edges, link=0.5, similarities=_scorer(table))
    assert sorted(map(sorted, clusters)) == [[0, 1, 2, 3]]  # average 0.78 >= 0.5
    clusters = group_sentences(4, edges, link=0.8, similarities=_scorer(table))
    assert len(clusters) == 2


def _chained_copies(monkeypatch):
    """Two claims of three texts each, every text copied three times (18 sentences), one
    weak match bridging the claims: one component, too big for the patched dense limit."""
    from analysis.story import elements

    monkeypatch.setattr(elements, "_LINKAGE_LIMIT", 4)
    classes = np.repeat(np.arange(6), 3)  # sentence k holds text k // 3
    member = {text: [3 * text + c for c in range(3)] for text in range(6)}
    edges = []
    for claim in ((0, 1, 2), (3, 4, 5)):
        for x in claim:
            for y in claim:
                if x < y:
                    edges.append((member[x][0], member[y][1], 0.9))
    edges.append((member[2][0], member[3][0], 0.3))  # the bridge
    for text in range(6):  # copies are matched with each other, verbatim
        edges += [(member[text][0], member[text][1], 1.0), (member[text][1], member[text][2], 1.0)]
    return classes, edges


def test_a_component_too_big_for_one_matrix_is_clustered_by_text(monkeypatch):
    classes, edges = _chained_copies(monkeypatch)
    clusters = group_sentences(18, edges, link=0.25, similarities=_scorer({}), classes=classes)
    # 0.3 bridges at link 0.25, but over distinct texts the average across claims is low
    assert sorted(map(sorted, clusters)) == [list(range(9)), list(range(9, 18))]
    # every copy of a text lands in the element of its text
    for cluster in clusters:
        assert {int(classes[k]) for k in cluster} in ({0, 1, 2}, {3, 4, 5})


def test_too_many_distinct_texts_are_split_by_stronger_links_first(monkeypatch):
    classes, edges = _chained_copies(monkeypatch)
    from analysis.story import elements

    monkeypatch.setattr(elements, "_LINKAGE_LIMIT", 2)  # 6 texts: still too many
    clusters = group_sentences(18, edges, link=0.25, similarities=_scorer({}), classes=classes)
    flat = sorted(k for c in clusters for k in c)
    assert flat == list(range(18))
    # the weak bridge never holds at the stronger cut: no element mixes the two claims
    for cluster in clusters:
        texts = {int(classes[k]) for k in cluster}
        assert texts <= {0, 1, 2} or texts <= {3, 4, 5}
    # without text classes, the component stays whole (the old behaviour, no dense matrix)
    whole = group_sentences(18, edges, link=0.25, similarities=_scorer({}))
    assert sorted(map(len, whole)) == [18]
