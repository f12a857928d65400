"""Write analysis/text/countries.json: country names, capitals and demonyms from countryinfo.

The divergence finder needs to know that "Pyongyang" and "North Korea" name one country
(capital for country) and that "German" is an adjective, not a name. Those facts come from
the countryinfo package (MIT licence, data compiled from public country records); this
script turns them into one small file so the product does not load 250 JSON files at run
time. Run it only to refresh the file (countryinfo is a development dependency):

    .venv/bin/python scripts/build_countries.py

Capitals are kept only for countries of at least a million people: smaller capitals are
often first names or common words ("Victoria", "Hamilton", "Basseterre" aside).
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

import countryinfo

OUT = Path(__file__).resolve().parents[1] / "analysis" / "text" / "countries.json"
MIN_POPULATION_FOR_CAPITAL = 1_000_000


def slug(name: str) -> str:
    return re.sub(r"[^a-z]+", "-", name.lower()).strip("-")


def main() -> None:
    aliases: dict[str, str] = {}
    demonyms: set[str] = set()
    data = Path(countryinfo.__file__).parent / "data"
    for path in sorted(data.glob("*.json")):
        country = json.loads(path.read_text(encoding="utf-8"))
        name = country.get("name") or ""
        if not name:
            continue
        key = slug(name)
        names = [name] + [a for a in country.get("altSpellings", []) if len(a) >= 4]
        if (country.get("population") or 0) >= MIN_POPULATION_FOR_CAPITAL:
            capital = re.sub(r"\s+D\.C\.$", "", country.get("capital") or "")
            if capital:
                names.append(capital)
        for alias in names:
            if re.fullmatch(r"[^\W\d_][\w .'’-]*", alias):
                aliases.setdefault(alias, key)
        demonym = (country.get("demonym") or "").strip()
        if demonym and " " not in demonym:
            demonyms.add(demonym.lower())
    OUT.write_text(json.dumps({
        "source": f"countryinfo {metadata.version('countryinfo')} (MIT), via "
                  "scripts/build_countries.py: names, alternative spellings of 4+ letters, "
                  f"capitals of countries of {MIN_POPULATION_FOR_CAPITAL:,}+ people, demonyms",
        "aliases": dict(sorted(aliases.items())),
        "demonyms": sorted(demonyms),
    }, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(aliases)} aliases, {len(demonyms)} demonyms -> {OUT}")


if __name__ == "__main__":
    main()
