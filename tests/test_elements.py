import numpy as np

from analysis.elements import group_sentences


def _scorer(table):
    def score(left, right):
        return np.asarray([table.get((min(a, b), max(a, b)), 0.0)
                           for a, b in zip(left.tolist(), right.tolist(), strict=True)])
    return score


def test_a_chain_is_not_glued_into_one_element():
    table = {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.0}
    edges = [(0, 1, 0.9), (1, 2, 0.9)]
    clusters = group_sentences(3, edges, link=0.5, score_all=_scorer(table))
    assert sorted(map(sorted, clusters)) in ([[0, 1], [2]], [[0], [1, 2]])


def test_a_true_group_stays_together():
    table = {(0, 1): 0.9, (1, 2): 0.8, (0, 2): 0.7}
    clusters = group_sentences(4, [(0, 1, 0.9), (1, 2, 0.8)], link=0.5,
                               score_all=_scorer(table))
    assert sorted(map(sorted, clusters)) == [[0, 1, 2], [3]]


def test_every_index_lands_in_exactly_one_cluster():
    clusters = group_sentences(5, [(0, 4, 0.7)], link=0.5, score_all=_scorer({}))
    flat = sorted(i for c in clusters for i in c)
    assert flat == [0, 1, 2, 3, 4]
    assert group_sentences(0, [], link=0.5, score_all=_scorer({})) == []
