"""Pipeline: the stages run in order, and their results kept.

``settings`` holds every number that changes a result, ``preparation`` the slow,
threshold-free half (clean, segment, embed, propose, score), ``comparison`` the other half
(``assemble``) and ``compare``, which runs both; ``result_cache`` keeps results between
calls, keyed on the articles and the settings; ``isolation`` runs one in a worker process
that is stopped at the dashboard's time limit. This package imports nothing itself, so a
stored result opens without loading the engine.
"""

__all__ = ["comparison", "isolation", "preparation", "result_cache", "settings"]
