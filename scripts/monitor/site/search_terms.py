"""Search terms: what Pagefind cannot work out for Dutch, made at build time from the data.

Pagefind stems Dutch with the Snowball stemmer, and that maps a singular and its plural to
different stems: "havens" becomes "haven", but "haven" becomes "hav", so before this module a
search for "haven" found 2 pages and "havens" 11 (likewise wapen/wapens, verdrag/verdragen,
crimineel/criminelen). It does not split compounds ("jachthavens" is not found by "havens") and
it knows no abbreviations. Pagefind has no synonym list and no compound splitting for Dutch (its
`extended` build only segments Chinese and Japanese), so the missing forms are given to it as
text: each record page gets a hidden block of "zoekwoorden" (`index_terms`) with

- the singular or plural of every word of its text (by the regular Dutch rules below; where a
  rule only guesses, the form is kept only if the site uses it as a word),
- the last part of a compound when that part is a word the site itself uses ("jachthavens" →
  "havens", "haven"), and
- the expansion of every abbreviation of the glossary that the text uses, and the abbreviation
  when the text spells out its expansion ("NCBC" ↔ "non conviction based confiscation").

Only record pages (and subjects, documents, themes) get these words, from their own data, not the
lists of other records on them (those are left out of the index), so the index stays small
enough for the per-query download budget (BENCHMARKS.md). `site_words` is the site's word
list, for the search page's "Bedoelde u …?" when a query finds nothing (zoeken.js).

This module is a pure function of text and the dataset: it must not import mkdocs.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable

from ..data.model import Commitment, Dataset, Measure, Motion, Tracked

# Letters of Dutch words (with accents); hyphens and apostrophes split words, as Pagefind does.
_WORD = re.compile(r"[a-zà-öø-ÿ]+")
_VOWELS = set("aeiouy")
MIN_LENGTH = 4  # shorter words are left alone: "om", "wet", "eu" have too many look-alikes
COMPOUND_TAIL = 4  # the shortest last part of a compound that is split off
COMPOUND_HEAD = 3  # and the shortest first part
WORD_LIST = "zoeken/woorden.json"  # where the site publishes `word_list_json`
WORD_LIST_SIZE = 20000  # the most frequent words of the site, for "Bedoelde u …?"


def words(text: str) -> list[str]:
    """The words of `text`, lower case, in order."""
    return _WORD.findall(text.lower())


def forms(word: str, known: set[str] | Counter[str] | None = None) -> set[str]:
    """The other regular forms of a Dutch noun or adjective: singular from plural and plural from
    singular ("havens" → "haven"; "verdrag" → "verdragen"; "criminelen" → "crimineel";
    "brieven" → "brief"), and an adjective with and without its '-e' ("criminele" ↔
    "crimineel").

    The '-s' rules ("havens" ↔ "haven", "wapens" ↔ "wapen") are safe and always apply. The others
    guess ("gemeenten" → "gemeent"), so given the site's `known` words only the guesses that are
    words of the site are kept: a wrong form would show in a result's excerpt when it is the only
    match."""
    out: set[str] = set()
    if len(word) < MIN_LENGTH:
        return out
    guesses: set[str] = set()
    if word.endswith("s") and not word.endswith("ss"):
        out.add(word[:-1])  # havens, wapens, pilots
    if word.endswith("en") and len(word) > MIN_LENGTH + 1:
        guesses.update(_singulars(word[:-2]))  # verdragen, criminelen, brieven
    if word.endswith("e") and len(word) > MIN_LENGTH:
        guesses.update(_singulars(word[:-1]))  # an inflected adjective: criminele → crimineel
    if not word.endswith("s"):
        if word.endswith(("el", "em", "en", "er", "je")):
            out.add(word + "s")  # haven → havens, wapen → wapens
        if not word.endswith("en"):  # a word in -en is its own plural's stem: no "havenen"
            guesses.update(_plurals(word))
    out |= guesses if known is None else {g for g in guesses if g in known}
    out.discard(word)
    return {w for w in out if len(w) >= MIN_LENGTH - 1}


def _singulars(stem: str) -> set[str]:
    """Singulars of a plural without its '-en': 'verdrag', 'crimineel' (an open syllable's vowel
    is written double once closed), 'brief' (v → f), 'bak' (double consonant undone)."""
    out = {stem}
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        out.add(stem[:-1])  # bakken → bak
    last = stem[-1:]
    if last == "v":
        out.add(stem[:-1] + "f")
    if last == "z":
        out.add(stem[:-1] + "s")
    if len(stem) >= 3 and stem[-2] in "aeou" and stem[-3] not in _VOWELS and last not in _VOWELS:
        double = stem[:-2] + stem[-2] * 2 + ("f" if last == "v" else "s" if last == "z" else last)
        out.add(double)  # criminel → crimineel, wapenhandel stays
    return out


def _plurals(word: str) -> set[str]:
    """'-en' plurals of a singular: 'verdragen', 'criminelen' (a double vowel written single in
    the open syllable), 'brieven' (f → v)."""
    if word[-1] in _VOWELS:
        return set()
    base = word
    if len(word) >= 4 and word[-2] == word[-3] and word[-2] in "aeou" and word[-1] not in _VOWELS:
        base = word[:-3] + word[-2] + word[-1]  # crimineel → criminel
    out = {base + "en", base + "e"}  # criminelen, and the inflected adjective criminele
    if base[-1] == "f":
        out.add(base[:-1] + "ven")
    if base[-1] == "s" and not base.endswith("ss"):
        out.add(base[:-1] + "zen")
    return out


def compound_tail(word: str, known: set[str] | Counter[str]) -> str | None:
    """The longest last part of `word` that the site uses as a word of its own, if any:
    'jachthavens' → 'havens', 'drugscriminaliteit' → 'criminaliteit'."""
    for start in range(COMPOUND_HEAD, len(word) - COMPOUND_TAIL + 1):
        tail = word[start:]
        if tail in known:
            return tail
    return None


def index_terms(
    text: str, known: set[str] | Counter[str], glossary: Iterable[tuple[str, str]]
) -> list[str]:
    """The words to add to a page's index for `text`, the page's own main text: other forms of
    its words, the parts of its compounds, and abbreviations with their expansions. Words the
    text already has are left out."""
    own = set(words(text))
    extra: set[str] = set()
    for word in own:
        if len(word) < MIN_LENGTH:
            continue
        extra |= forms(word, known)
        tail = compound_tail(word, known)
        if tail is not None:
            extra.add(tail)
            extra |= forms(tail, known)
    lowered = " ".join(words(text))
    for term, expansion in glossary:
        spelled = " ".join(words(expansion))
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text):
            extra.update(words(expansion))
        elif spelled and f" {spelled} " in f" {lowered} ":
            extra.update(words(term))
    return sorted(extra - own)


def record_text(record: Tracked, ds: Dataset | None = None) -> str:
    """The text of a record's page that its search terms are made from: title, summary, quotes,
    notes and, given the dataset, the names of its themes, subjects and actors (its facts)."""
    parts = [record.title, record.source.quote, record.notes or ""]
    if isinstance(record, Measure):
        parts.append(record.summary)
        if record.deadline is not None:
            parts.append(record.deadline.text)
    elif isinstance(record, Motion):
        parts.extend((record.asks, record.response or ""))
    else:
        assert isinstance(record, Commitment)
        parts.extend((record.what, record.who))
        if record.term is not None:
            parts.append(record.term.text)
    parts.extend(e.quote for e in record.status_history)
    parts.extend(e.note or "" for e in record.status_history)
    if ds is not None:
        parts.extend(ds.themes[t].label for t in record.themes if t in ds.themes)
        parts.extend(ds.subjects[s].name for s in record.subjects if s in ds.subjects)
        parts.extend(ds.actors[a].name for a in record.actors if a in ds.actors)
    return " ".join(parts)


def site_words(ds: Dataset) -> Counter[str]:
    """Every word of the site's data text (titles, summaries, quotes, names, the glossary), with
    how often it occurs."""
    texts: list[str] = []
    for _group, records in ds.tracked_groups():
        texts.extend(record_text(r) for r in records)
    for d in ds.documents.values():
        texts.extend(t for t in (d.title, d.summary) if t)
    for s in ds.subjects.values():
        texts.extend((s.name, s.description))
    for t in ds.themes.values():
        texts.append(t.label)
    for a in ds.actors.values():
        texts.append(a.name)
    for g in ds.glossary.values():
        texts.extend((g.term, g.expansion))
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w for w in words(text) if len(w) >= MIN_LENGTH)
    return counts


def word_list_json(counts: Counter[str], limit: int = WORD_LIST_SIZE) -> bytes:
    """The site's words, most frequent first, as a JSON list: what "Bedoelde u …?" chooses from.
    Ties in alphabetical order, so that one dataset always gives the same bytes."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return json.dumps([w for w, _ in ranked], ensure_ascii=False, separators=(",", ":")).encode()
