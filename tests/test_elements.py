import numpy as np

from analysis.elements import group_sentences


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
