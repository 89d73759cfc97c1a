"""Synthetic data: a project with N measures, valid against the schema, for the benchmarks.

`generate_project(root, n)` writes a complete project (the repository's mkdocs.yml, content/ and
overrides/, a generated data/ and matching source texts in sources/) so that `mkdocs build` and
`python -m monitor validate --sources` run on it as on the real site. Every quote is a sentence
that the generator also writes into the source text of the cited document, so the quote check
passes; dates, statuses and links follow the validation rules. Text is Dutch-like word salad from
a fixed vocabulary. The same seed always gives the same files. Nothing here is used by the site
build itself; it only feeds the benchmark.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[2]

# Words to make sentences that read like the letters: nouns, verbs, adjectives, connectives.
_NOUNS = [
    "aanpak", "gemeente", "politie", "burgemeester", "wijk", "haven", "ondernemer",
    "criminaliteit", "netwerk", "geldstroom", "informatie", "samenwerking", "weerbaarheid",
    "jongere", "drugslab", "witwassen", "corruptie", "toezicht", "opsporing", "vergunning",
    "regio", "partner", "programma", "pilot", "maatregel", "wetsvoorstel", "onderzoek",
    "kennis", "capaciteit", "preventie", "interventie", "verdienmodel", "vastgoed",
    "bedrijventerrein", "logistiek", "douane", "belasting", "integriteit", "overheid",
    "inwoner", "school", "zorg", "keten", "analyse", "beeld", "agenda", "kabinet", "minister",
]  # fmt: skip
_VERBS = [
    "versterkt", "ondersteunt", "verbetert", "onderzoekt", "ontwikkelt", "bevordert", "verkent",
    "financiert", "stimuleert", "bundelt", "deelt", "evalueert", "intensiveert", "verbreedt",
    "borgt", "organiseert",
]  # fmt: skip
_ADJECTIVES = [
    "regionale", "lokale", "landelijke", "integrale", "bestuurlijke", "structurele",
    "gezamenlijke", "nieuwe", "bestaande", "gerichte", "preventieve", "financiële", "digitale",
    "internationale", "brede",
]  # fmt: skip
_OPENERS = (
    "Het kabinet",
    "De minister",
    "Ik",
    "Samen met de partners",
    "Het programma",
    "De regio",
    "Het Openbaar Ministerie",
    "De gemeente",
)
_TAILS = (
    "in de komende jaren",
    "met de betrokken partners",
    "in nauwe samenwerking met de gemeenten",
    "zodat de aanpak beter aansluit bij de praktijk",
    "op basis van de eerste ervaringen",
    "binnen de bestaande middelen",
    "waarover ik uw Kamer nader informeer",
)
_TERMS = ("dit najaar", "voor de zomer", "eind volgend jaar", "in het voorjaar", "binnen een jaar")
_MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip

MEASURE_STATUSES = ["aangekondigd", "in-voorbereiding", "in-uitvoering", "gerealiseerd"]
MOTION_STATUSES = ["ingediend", "in-uitvoering", "uitgevoerd"]
COMMITMENT_STATUSES = ["open", "deels-nagekomen", "nagekomen"]
MEASURE_KINDS = ["maatregel", "wetgeving", "pilot", "programma", "onderzoek", "samenwerking"]
_LIFECYCLE_STEPS = {
    "wetgeving": {"in-uitvoering": "wetsvoorstel-ingediend", "gerealiseerd": "wet-in-werking"},
    "onderzoek": {
        "in-voorbereiding": "onderzoek-loopt",
        "in-uitvoering": "onderzoek-loopt",
        "gerealiseerd": "onderzoek-afgerond",
    },
}


@dataclass
class _Doc:
    id: str
    date: dt.date
    title: str
    source_text: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)

    def cite(self, rng: random.Random, sentence: str) -> dict[str, str]:
        """Put `sentence` into a section of this document's text; the citation that proves it."""
        title, body = self.sections[rng.randrange(len(self.sections))]
        body.append(sentence)
        return {"document": self.id, "section": title, "quote": sentence}


class _Text:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def words(self, n: int) -> list[str]:
        pool = _NOUNS + _ADJECTIVES
        return [self.rng.choice(pool) for _ in range(n)]

    def title(self) -> str:
        r = self.rng
        return (
            f"{r.choice(_ADJECTIVES).capitalize()} {r.choice(_NOUNS)} voor de "
            f"{r.choice(_NOUNS)} en {r.choice(_ADJECTIVES)} {r.choice(_NOUNS)}"
        )

    def sentence(self) -> str:
        r = self.rng
        return (
            f"{r.choice(_OPENERS)} {r.choice(_VERBS)} de {r.choice(_ADJECTIVES)} "
            f"{r.choice(_NOUNS)} van de {r.choice(_NOUNS)} en de {r.choice(_NOUNS)} "
            f"{r.choice(_TAILS)}."
        )

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))


def lower(text: _Text) -> str:
    sentence = text.sentence()
    return sentence[0].lower() + sentence[1:]


def _slug(words: list[str], index: int) -> str:
    clean = ("".join(c for c in w if "a" <= c <= "z" or c.isdigit()) for w in words)
    return "-".join([*(w for w in clean if w), f"{index:05d}"])


def _dump(data: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 100
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[attr-defined]
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def generate_data(root: Path, n_measures: int, seed: int = 7) -> dict[str, int]:
    """Write data/ and sources/ under `root` for `n_measures` measures; return the counts."""
    rng = random.Random(seed)
    text = _Text(rng)
    data, sources = root / "data", root / "sources"
    for folder in ("documents", "measures", "motions", "commitments"):
        (data / folder).mkdir(parents=True, exist_ok=True)
    sources.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "data" / "statuses.yaml", data / "statuses.yaml")
    shutil.copy(REPO / "data" / "subjects.yaml", data / "subjects.yaml")
    subject_ids = [
        line.split(":", 1)[1].strip()
        for line in (data / "subjects.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith("  - id:")
    ]

    def subjects_of(themes: list[str]) -> list[str]:
        """Subjects follow from the themes, without a draw: the random sequence, and so every
        other value, stays as it was before records had subjects."""
        return sorted({subject_ids[int(t.rsplit("-", 1)[1]) % len(subject_ids)] for t in themes})

    n_docs = max(4, n_measures // 40)
    n_motions = max(2, n_measures // 15)
    n_commitments = max(2, n_measures // 15)
    n_themes = max(4, min(200, n_measures // 25))
    n_actors = max(4, min(150, n_measures // 40))

    actors = [
        {
            "id": f"actor-{i:03d}",
            "name": f"{text.rng.choice(_ADJECTIVES).capitalize()} {text.rng.choice(_NOUNS)} {i}",
            "kind": rng.choice(["rijksoverheid", "uitvoering", "opsporing", "lokaal"]),
        }
        for i in range(n_actors)
    ]
    themes: list[dict[str, Any]] = []
    for i in range(n_themes):
        theme: dict[str, Any] = {
            "id": f"thema-{i:03d}",
            "label": text.title(),
            "kind": "onderwerp",
            "description": text.paragraph(2),
        }
        if i >= 4 and rng.random() < 0.3:
            theme["parent"] = f"thema-{rng.randrange(4):03d}"
        themes.append(theme)
    glossary = [
        {
            "id": f"term-{i:02d}",
            "term": f"T{i:02d}X",
            "expansion": " ".join(text.words(3)),
            "basis": "algemeen-bekend",
        }
        for i in range(10)
    ]
    (data / "actors.yaml").write_text(_dump(actors), encoding="utf-8")
    (data / "themes.yaml").write_text(_dump(themes), encoding="utf-8")
    (data / "glossary.yaml").write_text(_dump(glossary), encoding="utf-8")

    start = dt.date(2017, 1, 10)
    docs: list[_Doc] = []
    for i in range(n_docs):
        date = start + dt.timedelta(days=(i * 3000) // n_docs)
        title = f"Kamerbrief over {text.title().lower()}"
        doc = _Doc(f"brief-{i:04d}", date, title, f"brief-{i:04d}.txt")
        doc.sections = [(f"{k + 1}. {text.title()}", [text.paragraph(3)]) for k in range(6)]
        docs.append(doc)

    def pick_history(statuses: list[str], first: int) -> tuple[int, list[tuple[int, str]]]:
        """Documents in date order and statuses that move forward: a plausible history."""
        steps = rng.choice([1, 1, 2, 2, 3])
        doc_ids = sorted(rng.sample(range(first, n_docs), min(steps, n_docs - first)))
        status = 0
        out = []
        for d in doc_ids:
            out.append((d, statuses[status]))
            status = min(status + rng.choice([0, 1, 1]), len(statuses) - 1)
        return doc_ids[0], out

    measure_ids: list[str] = []
    for i in range(n_measures):
        title = text.title()
        mid = _slug(title.lower().split()[:4], i)
        measure_ids.append(mid)
        first, history = pick_history(MEASURE_STATUSES, rng.randrange(n_docs))
        announce = docs[first]
        record: dict[str, Any] = {
            "id": mid,
            "title": title,
            "kind": rng.choice(MEASURE_KINDS),
            "summary": text.paragraph(rng.randint(2, 5)),
            "themes": sorted({f"thema-{rng.randrange(n_themes):03d}" for _ in range(3)}),
            "actors": sorted({f"actor-{rng.randrange(n_actors):03d}" for _ in range(2)}),
            "source": announce.cite(rng, text.sentence()),
            "status_history": [
                {"status": status, **docs[d].cite(rng, text.sentence())} for d, status in history
            ],
        }
        record["subjects"] = subjects_of(record["themes"])
        # Bills and studies have steps of their own (data/statuses.yaml); mapped after the
        # draw, so the random sequence, and so every other value, stays as it was.
        steps = _LIFECYCLE_STEPS.get(record["kind"], {})
        for entry in record["status_history"]:
            entry["status"] = steps.get(entry["status"], entry["status"])
        if i and rng.random() < 0.15:
            record["parent"] = measure_ids[rng.randrange(i)]
        if rng.random() < 0.4:
            term = rng.choice(_TERMS)
            quote = f"{text.sentence()[:-1]}, {term}."
            record["deadline"] = {"text": term, **announce.cite(rng, quote)}
        if i > 2 and rng.random() < 0.5:
            record["related_measures"] = sorted(
                {measure_ids[rng.randrange(i)] for _ in range(rng.randint(1, 3))}
            )
        if rng.random() < 0.3:
            record["notes"] = text.paragraph(2)
        (data / "measures" / f"{mid}.yaml").write_text(_dump(record), encoding="utf-8")

    for i in range(n_motions):
        first, history = pick_history(MOTION_STATUSES, rng.randrange(n_docs))
        doc = docs[first]
        member = rng.choice(["Jansen", "De Vries", "Bakker", "Visser", "Smit", "Mulder"])
        record = {
            "id": f"motie-{member.lower().replace(' ', '-')}-{i:05d}",
            "title": f"Motie-{member} over {text.title().lower()}",
            "kind": rng.choice(["motie", "motie", "verzoek"]),
            "submitters": [{"name": member}],
            "date": doc.date - dt.timedelta(days=rng.randint(10, 90)),
            "asks": text.paragraph(2),
            "vote": "aangenomen",
            "source": doc.cite(rng, f"De motie van het lid {member} verzoekt dat {lower(text)}"),
            "status_history": [
                {"status": status, **docs[d].cite(rng, text.sentence())} for d, status in history
            ],
            "measures": sorted({rng.choice(measure_ids) for _ in range(rng.randint(1, 3))}),
            "themes": [f"thema-{rng.randrange(n_themes):03d}"],
            "actors": ["actor-000"],
        }
        record["subjects"] = subjects_of(record["themes"])
        (data / "motions" / f"{record['id']}.yaml").write_text(_dump(record), encoding="utf-8")

    for i in range(n_commitments):
        first, history = pick_history(COMMITMENT_STATUSES, rng.randrange(n_docs))
        doc = docs[first]
        term = rng.choice(_TERMS)
        quote = f"Ik informeer uw Kamer {term} over de {' '.join(text.words(4))}."
        record = {
            "id": f"toezegging-{i:05d}",
            "title": f"Informeren over {' '.join(text.words(3))}",
            "who": "De minister",
            "actors": ["actor-000"],
            "what": text.paragraph(2),
            "term": {"text": term, **doc.cite(rng, quote)},
            "source": doc.cite(rng, quote),
            "status_history": [
                {"status": status, **docs[d].cite(rng, text.sentence())} for d, status in history
            ],
            "measures": sorted({rng.choice(measure_ids) for _ in range(rng.randint(0, 2))}),
            "themes": [f"thema-{rng.randrange(n_themes):03d}"],
        }
        record["subjects"] = subjects_of(record["themes"])
        if history[-1][1] != "open":
            record["fulfilled_by"] = [docs[history[-1][0]].id]
        (data / "commitments" / f"{record['id']}.yaml").write_text(_dump(record), encoding="utf-8")

    for doc in docs:
        header = (
            f"Datum {doc.date.day} {_MONTHS[doc.date.month - 1]} {doc.date.year} "
            f"Betreft {doc.title}"
        )
        record = {
            "id": doc.id,
            "title": doc.title,
            "kind": "kamerbrief",
            "date": doc.date,
            "date_source": {"document": doc.id, "section": "Briefhoofd", "quote": header},
            "author": "Minister van Justitie en Veiligheid",
            "actors": ["actor-000"],
            "source_text": doc.source_text,
            "summary": text.paragraph(3),
        }
        (data / "documents" / f"{doc.id}.yaml").write_text(_dump(record), encoding="utf-8")
        body = "\n\n".join(f"## {title}\n\n" + "\n".join(lines) for title, lines in doc.sections)
        (sources / doc.source_text).write_text(f"{header}\n\n{body}\n", encoding="utf-8")

    return {
        "measures": n_measures,
        "motions": n_motions,
        "commitments": n_commitments,
        "documents": n_docs,
        "themes": n_themes,
        "actors": n_actors,
    }


def generate_project(root: Path, n_measures: int, seed: int = 7) -> dict[str, int]:
    """A buildable project under `root`: the site's configuration and hand-written pages, with
    generated data and source texts."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    # The watched code folder is the repository's own: the copy has data and pages only.
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("- scripts/monitor", f"- {REPO / 'scripts' / 'monitor'}")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "overrides", root / "overrides")
    return generate_data(root, n_measures, seed)
