"""Intake: read a new letter and propose what the data should say about it.

Two kinds of proposal, both with a verbatim quote, its section, a score from 0 to 1 and the
reason: an *update* of a record the data already tracks (a status entry the passage supports),
and a *new* record for a passage that announces a measure, makes a commitment to the House or
reports a motion or committee request that no record covers. Mentions are found by scoring each
passage against each record: stemmed Dutch title words, abbreviations, names and Kamerstuk
numbers, and distinctive word pairs of the record's earlier quotes, each weighed by how rare it
is across the records (an inverted index keeps this fast). Statuses come from cue words, mapped
onto the status ids in data/statuses.yaml at run time (a status this module has no cues for is
found by the quoted phrases in its definition). Every quote is checked with `quotes`, the code
`make validate` uses. This module proposes; `intake_apply` writes, `intake_eval` measures.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

import snowballstemmer
from rapidfuzz import fuzz

from ..data.model import Commitment, Dataset, Measure, Motion, Status, Tracked
from ..data.quotes import normalize_text, quote_occurs
from .intake_text import MAX_QUOTE, Passage, locate, split_text

JSON_KEYS = ("action", "record", "record_kind", "status", "section", "quote", "score", "reason")

# Scores: an update is proposed from UPDATE_MIN; a passage matched at COVERED or more speaks of
# that record, so it is not proposed as new as well.
UPDATE_MIN = 0.46
COVERED = 0.8
NEW_MIN = 0.4
# An update needs a status cue in its passage, unless the passage is this sure a mention.
SURE = 0.75
# A passage supports updates of its best record and of others within MARGIN of its score.
MARGIN = 0.05

_STOP_WORDS = (
    "aan al alle als alleen andere ben bij binnen daar daarbij daarmee daarnaast daarom dan "
    "dat de deze die dit doen door een eigen en er ervan gaat gaan heb hebben heeft het hier "
    "hij hoe hun ik in is je kan kunnen maar meer met mijn moet moeten na naar niet nog nu of "
    "om onder ons onze ook op over te tot uit van veel voor waar waarbij waarin wat we wel "
    "werd wij wil willen worden wordt zal ze zich zijn zo zoals zou zullen uw kamer tegen wie "
    "die tussen via zowel verder ook nieuwe komende periode jaar jaren goed goede gaat "
    "daartoe hiermee hierin hiertoe minister kabinet brief the and "
)
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[^\W\d_][\w’'-]*|\d+", re.UNICODE)
_ACRONYM = re.compile(r"\b(?:[A-Z][A-Za-z]*[A-Z][A-Za-z]*|[A-Z]{2,})(?:-[A-Z]+)?\b")
_KAMERSTUK = re.compile(r"\b(\d{2})\s?(\d{3})(?:[- ]([IVX]+))?,?\s*(?:nr\.?|nummer)\s*(\d+)", re.I)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("dutch")


def _fold(word: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c)
    )


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return str(_stemmer().stemWord(_fold(word).replace("’", "").replace("'", "")))


def stems(text: str) -> list[str]:
    """The stemmed content words of a text, in order (stop words and short words left out)."""
    out = []
    for word in _WORD.findall(text):
        low = word.lower()
        if len(low) < 3 or low in _STOP or low.isdigit():
            continue
        for piece in low.split("-"):
            if len(piece) >= 3 and piece not in _STOP:
                out.append(_stem(piece))
    return out


def codes(text: str) -> set[str]:
    """Abbreviations and Kamerstuk numbers in a text, in one comparable form."""
    found = {m.group(0).upper() for m in _ACRONYM.finditer(text) if len(m.group(0)) >= 2}
    for m in _KAMERSTUK.finditer(text):
        found.add(
            f"KST-{m.group(1)}{m.group(2)}{('-' + m.group(3)) if m.group(3) else ''}-{m.group(4)}"
        )
    return found


# --- statuses from cue words ------------------------------------------------------------------

# Cue patterns by the status id they support. Ids missing from data/statuses.yaml are ignored;
# a status that is there but not here is found by the phrases quoted in its definition.
_STATUS_CUES: dict[str, tuple[str, ...]] = {
    "gerealiseerd": (
        r"in werking (?:getreden|treedt)", r"\bafgerond\b", r"\bgerealiseerd\b",
        r"\bopgericht\b", r"\bis (?:af|klaar|opgeleverd)\b", r"\bvastgesteld\b",
        r"\bingevoerd\b", r"\bheeft (?:zich )?sterk gemaakt\b", r"\bondertekend\b",
    ),
    "gestopt": (
        r"\bbeëindigd\b", r"\bgaat niet door\b", r"\bgestopt\b", r"\bstopgezet\b",
        r"\bniet (?:langer|meer) (?:voort|door)", r"\bis afgebouwd\b",
    ),
    "in-uitvoering": (
        r"\bis (?:van )?start", r"\bvan start gegaan\b", r"\bgestart\b", r"\bloopt\b",
        r"\blopende?\b", r"\bsinds\b",
        r"\bwordt uitgevoerd\b", r"\bcontinueer", r"\bblijven\b", r"\bondersteun\b",
        r"\bfinancier\b", r"\bwordt (?:\w+ ){0,3}ingezet\b", r"\bstappen (?:worden )?gezet\b",
        r"\bworden\b[^.]{0,80}\bstappen gezet\b", r"\bvoer .* uit\b",
        r"\bgeïntensiveerd\b", r"\bgedraaid\b", r"\bwordt gedeeld\b", r"\bmet uw kamer gedeeld\b",
        r"\bgeeft? .* uitvoering aan\b", r"\bwerken? samen\b", r"\bin gang gezet\b",
        r"\bnu wordt uitgevoerd\b", r"\bzijn (?:al|reeds) (?:extra )?(?:maatregelen|stappen)",
        r"\bwordt (?:continu|bijvoorbeeld)\b", r"\bgaat door\b", r"\bwordt .* versterkt\b",
        r"\b(?:is|zijn) (?:\w+ ){0,5}(?:mee)?gegroeid\b",
    ),
    "in-voorbereiding": (
        r"\bwerk(?:en)? (?:ik |we )?(?:toe )?(?:naar|aan)\b", r"\bwordt gewerkt\b",
        r"\bin voorbereiding\b", r"\bvoorbereid", r"\bverken", r"\bbezien\b", r"\bbezie\b",
        r"\bonderzoek(?:en)?\b", r"\bwetsvoorstel", r"\buitwerk", r"\bin ontwikkeling\b",
        r"\bonderhandeling", r"\binventariseren\b", r"\bin gesprek\b", r"\bkijken (?:hoe|of)\b",
        r"\bontwikkel(?:en|t)?\b", r"\bstreven\b", r"\bbij de raad van state\b",
    ),
    "aangekondigd": (
        r"\bzal\b", r"\bzullen\b", r"\bwil(?:len)?\b",
        # "gaan" with a verb after it ("we gaan … samenwerken"), not "het project gaat sneller"
        r"\bga(?:at|an)?\b(?!\s+om\b)[^,.;]{0,60}?\b\w{2,}en\b",  # not "het gaat om"
        r"\bbeogen\b", r"\bvoornemens\b", r"\bvan plan\b", r"\bkomt er\b", r"\bbeoogd",
        r"\bintroduceren\b", r"\bvoorziet in\b", r"\bheb (?:ik )?voor ogen\b",
        r"\bmoet(?:en)?\b", r"\binvesteren\b", r"\bversterken\b", r"\bsmeden\b",
        r"\bverhogen\b", r"\bzetten (?:we )?(?:extra )?in\b", r"\bzetten we\b",
        r"\b(?:de|het|een) te \w+en\b",  # "de te ontwikkelen beelden": still to come
    ),
    "uitgevoerd": (
        r"\buitgevoerd\b", r"\bafgedaan\b", r"\bhiermee (?:geef|kom|doe)\b",
        r"\bmet deze brief\b", r"\breageer\b", r"\bherken\b",
    ),
    "ingediend": (r"\bingediend\b", r"\baangenomen\b", r"\bverzoekt\b", r"\bverzocht\b"),
    "nagekomen": (
        r"\bgestand\b", r"\bhiermee (?:doe|kom) ik\b", r"\bin deze brief informeer\b",
        r"\bmet deze brief\b", r"\bhierbij (?:stuur|informeer|bied)",
    ),
    "deels-nagekomen": (r"\bgedeeltelijk\b", r"\been deel van\b", r"\beerste (?:stap|deel)\b"),
    "open": (
        r"\bzal\b", r"\bzullen\b", r"\binformeer(?:t|en)? (?:ik )?uw kamer\b",
        r"\bkom ik\b", r"\baanbieden\b", r"\bzodra\b",
    ),
}  # fmt: skip
# The steps of a lifecycle (a bill, a treaty, a study) and the ways of not going on: checked
# first, as they say more than the general status they count as (`public` in statuses.yaml).
_LIFECYCLE_CUES: dict[str, tuple[str, ...]] = {
    "niet-overgenomen": (
        r"\bniet over(?:genomen|neemt|neem|nemen)\b",
        r"\b(?:ondersteun|volg|deel)\w*\b[^.,]{0,60}\bniet\b(?!\s+(?:alleen|enkel))",
    ),
    "afgezien-van": (r"\bafgezien\b", r"\bzien? (?:ik |we |wij )?af van\b", r"\bafzien\b"),
    "wet-in-werking": (r"\bin werking getreden\b", r"\bis van kracht\b"),
    "verdrag-in-werking": (r"\bin werking getreden\b",),
    "onderzoek-afgerond": (
        r"\b(?:rapport|onderzoek|verkenning)\b[^.]{0,60}\b(?:verschenen|afgerond|opgeleverd)\b",
        r"\buitkomsten\b", r"\bconcludeer\w*\b",
    ),
    "wet-aangenomen": (r"\b(?:eerste|tweede) kamer\b[^.]{0,80}\baangenomen\b",),
    "goedgekeurd": (r"\bgoedgekeurd\b",),
    "ondertekend": (r"\bondertekend\b",),
    "wetsvoorstel-ingediend": (
        r"\bbij (?:de|uw) (?:tweede )?kamer (?:is )?ingediend\b", r"\bingediend bij\b",
        r"\bin behandeling bij\b", r"\bbehandel\w* (?:door )?(?:de|uw) kamer\b",
    ),
    "in-consultatie": (r"\bconsultatie\b",),
    "in-onderhandeling": (r"\bonderhandel\w*\b",),
    "onderzoek-loopt": (
        r"\bwordt (?:\w+ ){0,3}(?:onderzocht|verkend)\b", r"\bloopt\b", r"\bmomenteel\b",
        r"\bop dit moment\b", r"\bis (?:\w+ ){0,3}gestart\b",
    ),
}  # fmt: skip
_STATUS_CUES.update(_LIFECYCLE_CUES)
_STATUS_PRIORITY = (
    "niet-overgenomen", "afgezien-van", "gestopt", "wet-in-werking", "verdrag-in-werking",
    "onderzoek-afgerond", "gerealiseerd", "nagekomen", "uitgevoerd", "deels-nagekomen",
    "wet-aangenomen", "goedgekeurd", "ondertekend", "wetsvoorstel-ingediend", "in-consultatie",
    "in-onderhandeling", "onderzoek-loopt", "in-uitvoering", "in-voorbereiding", "ingediend",
    "open", "aangekondigd",
)  # fmt: skip
_QUOTED = re.compile(r"[\"“„']([^\"“”„']{3,60})[\"”']")


@dataclass
class StatusPicker:
    """Chooses a status id for a passage and a record kind, from data/statuses.yaml."""

    statuses: dict[str, Status]
    cues: dict[str, list[re.Pattern[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for sid, status in self.statuses.items():
            patterns = list(_STATUS_CUES.get(sid, ()))
            if not patterns:
                patterns = [re.escape(q.lower()) for q in _QUOTED.findall(status.definition)]
                patterns.append(re.escape(status.label.lower()))
            self.cues[sid] = [re.compile(p, re.IGNORECASE) for p in patterns]

    def allowed(self, kind: str, measure_kind: str | None = None) -> list[Status]:
        """The statuses a record of this kind (and measure kind) may have."""
        sub = measure_kind or "maatregel"
        return [
            s
            for s in self.statuses.values()
            if kind in s.applies_to and (kind != "measure" or not s.kinds or sub in s.kinds)
        ]

    def pick(self, text: str, kind: str, measure_kind: str | None = None) -> tuple[str, str]:
        """(status id, the cue that chose it); the vague status when no cue fits. Only a status
        allowed for the record's kind and measure kind (`applies_to`, `kinds`) is chosen; a cue
        for a general status the kind may not have chooses the kind's own step that counts as it
        (`public`), e.g. 'gerealiseerd' for a bill is 'wet-in-werking'."""
        allowed = self.allowed(kind, measure_kind)
        if not allowed:
            return "onbekend", ""  # no status applies: validation says so when applied
        allowed_ids = {s.id for s in allowed}
        order = {sid: i for i, sid in enumerate(_STATUS_PRIORITY)}
        ranked = sorted(self.statuses.values(), key=lambda s: order.get(s.id, -1))
        for status in ranked:
            if status.id in allowed_ids:
                target = status.id
            else:
                steps = [s.id for s in allowed if s.public == status.id]
                if not steps:
                    continue
                target = steps[0]
            for pattern in self.cues.get(status.id, ()):
                found = pattern.search(text)
                if found:
                    return target, found.group(0)
        vague = [s.id for s in allowed if not s.final and s.id not in _STATUS_CUES]
        fallback = "onbekend" if "onbekend" in allowed_ids else (vague or [allowed[0].id])[0]
        return fallback, ""


# --- what a passage announces -----------------------------------------------------------------

_MOTION = re.compile(
    r"\b(?:motie|amendement)\b.*\b(?:aangenomen|verzoekt|verzocht|ingediend|van het lid|"
    r"van de leden)\b|\bheeft mij verzocht\b|\bcommissieverzoek\b|"
    r"\bverzoek van de vaste commissie\b|\bvaste commissie\b.*\bverzocht\b",
    re.IGNORECASE,
)
_COMMITMENT = re.compile(
    r"\b(?:informeer|informeren|informeert)\b.*\buw kamer\b|\buw kamer\b.*\b(?:informeren|"
    r"geïnformeerd|aanbieden|toesturen|sturen)\b|\b(?:kom ik|zal ik)\b.*\b(?:met een|terug|"
    r"ingaan|op ingaan)\b|\btoezegging\b|\bzal ik hier\b|\bin het (?:voorjaar|najaar) kom ik\b|"
    r"\bgeen onomkeerbare stappen\b|\buw kamer (?:separaat|nader|voor)\b",
    re.IGNORECASE,
)
# Cues of an action by the government, with a weight; a passage is new from NEW_MIN.
_SUBORDINATE = (
    "dat", "als", "of", "hoe", "wat", "die", "zodat", "omdat", "waarmee", "waarop", "waarin",
    "wanneer", "waarbij", "waardoor", "doordat", "tenzij", "mits", "terwijl", "nu", "toen",
    "indien", "opdat", "welke", "waar", "wie", "en", "maar", "want", "dan",
    # and verbs that say nothing about an action: modal, copula, opinion, speech
    "kunnen", "kan", "moeten", "moet", "weten", "weet", "lopen", "spreken", "heb", "hebben",
    "ben", "zijn", "is", "mogen", "zien", "vinden", "vind", "denken", "denk", "hoop", "hopen",
    "zorgen", "herken", "constateer", "constateren", "merk", "merken", "beschrijven",
    "beschrijf", "signaleren", "signaleer", "schetsen", "schets", "doen", "doe", "maken",
    "verminderen", "trekken", "stel", "stellen", "noem", "noemen", "lees",
    "verwacht", "verwachten", "benadrukken", "benadruk", "realiseren", "realiseer", "wijs",
    "wijzen", "kijken", "kijk", "was", "waren", "had", "hadden", "zou", "zouden", "mag",
    "zie", "stuur", "sturen", "bied", "bieden", r"waar\w*", "bereiken", "krijgen", "krijg",
)  # fmt: skip
_NO_ACTION_VERB = "|".join(_SUBORDINATE)
_ACTION_CUES: tuple[tuple[str, float], ...] = (
    # "ik/we/het kabinet …": the government as the subject of a main clause
    (r"(?:^|[.;:]\s*|,\s*(?:en\s+)?)(?:ik|we|wij|het kabinet|de minister|de staatssecretaris)"
     r"\s+(?!(?:" + _NO_ACTION_VERB + r")\b)[a-zë]+(?:en|t|eer|er|d)?\b", 0.5),
    # "… investeren we", "scherpen we … aan": the verb before its subject, in a main clause
    (r"\b(?!(?:" + _NO_ACTION_VERB + r")\b)[a-zë]{3,}\s+(?:ik|we|wij)\b", 0.5),
    # "Zo starten …", "Verder ontwikkelt het Aanjaagteam …": a main clause's verb after a link
    (r"^(?:zo|verder|daarnaast|ook|tevens|bovendien|daartoe|hiertoe|momenteel|inmiddels)\s+"
     r"(?!(?:" + _NO_ACTION_VERB + r"|wordt|worden|de|het|een|er|in|op|met|voor)\b)[a-zë]+\b",
     0.25),
    (r"\b(?:zal|zullen)\b(?![^.]*\bkunnen\b)(?!\s+zijn\b)(?![^.]{0,40}\bzijn\.$)", 0.5),
    (r"\b(?:beogen|beoogd\w*|voornemens|van plan|streven naar|heb ik voor ogen|"
     r"in voorbereiding|wordt gewerkt|gaan we|we gaan|in gesprek|voorzien|voorziet in|bereid|"
     r"bezien|verkennen|verken|onderzoeken|uitwerken|inventariseren)\b", 0.4),
    (r"\b(?:wil|willen)\b", 0.3),
    (r"\bvoorzie?t\b[^.]{0,40}\bin\b", 0.4),
    (r"\b(?:zijn|is) nodig\b", 0.3),
    (r"\bis een (?:\w+ )?voorwaarde\b", 0.3),
    # "… kunnen regionale actieprogramma's worden gemaakt": a possibility, weak alone
    (r"\b(?:kan|kunnen)\b[^.]{0,80}\bworden\s+(?:ge|ver|be|ont|toe|aan|uit)\w+\b", 0.2),
    # a decision not to follow a recommendation or proposal: a record of its own
    (r"\bniet over(?:genomen|neemt|neem|nemen)\b|"
     r"\baanbeveling\b[^.]{0,160}\b(?:ondersteun|volg|deel)\w*\b[^.,]{0,40}\bniet\b", 0.4),
    (r"\b(?<!kunnen )(?<!kan )(?:wordt|worden|is|zijn|heeft|hebben)\b[^.]{0,100}\b(?:versterkt|"
     r"ingezet|uitgerold|gestimuleerd|"
     r"gefaciliteerd|uitgebouwd|verrijkt|afgebouwd|verstevigd|meegenomen|ondergebracht|"
     r"toegerust|toegevoegd|gedeeld|aangepakt|gestart|genomen|aangepast|ingevoerd|"
     r"opgericht|vastgesteld|geïntensiveerd|gesloten|ondertekend|in werking getreden|"
     r"gevoerd|gedraaid|uitgebreid|ontwikkeld|aangeboden|verkend|onderzocht|in ontwikkeling|"
     r"geïnvesteerd|gecreëerd|opgezet|gelanceerd|gefinancierd|sterk gemaakt|gekozen|"
     r"in gang gezet|versneld|uitgebouwd|vergroot|opgevoerd|verhoogd|verbeterd|voortgezet)\b",
     0.4),
    # an agenda's norm: "… moeten intensiever gaan samenwerken", "… moet weerbaar worden gemaakt"
    (r"\bmoet(?:en)?\b[^.]{0,80}\b(?:worden|gaan) \w+", 0.4),
    (r"\b(?:pilot|pilots|programma|actieprogramma|wetsvoorstel|wetsvoorstellen|proeftuin\w*|"
     r"verkenning|campagne|verdrag|uitleveringsverdrag|alliantie|coalitie|coalities|"
     r"interventieteam|team|maatregel\w*|investering\w*|onderzoek|plan|strategie|"
     r"wetgevingsagenda|regelgeving|keurmerk\w*|trainingen|protocol|tranche|systeem|"
     r"city deal|platform\w*|rapportage|monitoring)\b", 0.25),
    (r"\b(?:komende (?:periode|jaren|maanden)|deze kabinetsperiode|momenteel|op dit moment|"
     r"inmiddels|sinds \d{4}|begin dit jaar|vorig jaar|recent|binnenkort)\b", 0.15),
    (r"\b(?:extra|versterking|versterken|investeren|intensiveren|verbreden|uitbreiding|"
     r"aanscherping|ondersteunen|introductie|verhogen|inrichten)\b", 0.15),
)  # fmt: skip
_NOT_ACTION = re.compile(
    r"\?$|,$|\b(?:hieronder|hierna|in deze paragraaf)\b|"
    r"^(?:de onderzoekers|het rapport|het ndb|criminelen|zij)\b|\bconcluderen\b|"
    r"\bschetsen\b|^(?:het gaat|dat vraagt|het vraagt|dit is|dat is)\b|^(?:werkt|blijkt)\b",
    re.IGNORECASE,
)
_ACTIONS = [(re.compile(p, re.IGNORECASE), w) for p, w in _ACTION_CUES]
_BACKGROUND = re.compile(r"\bde afgelopen (?:\w+ )?(?:jaren|jaar|periode)\b", re.I)
_ANAPHOR = re.compile(r"(?:daar|dan|hierdoor|daarmee|daardoor|dat doen|dit doen)\b", re.I)
_DEADLINE = re.compile(
    r"\b(?:(?:vóór|voor|na|in|tijdens) (?:de|het) (?:zomer|winter|voorjaar|najaar|herfst|"
    r"zomerreces|kerstreces|eind van (?:dit|het) jaar)|(?:dit|komend|volgend) (?:voorjaar|"
    r"najaar|jaar)|deze (?:zomer|winter|herfst)|(?:eind|begin|medio|uiterlijk) (?:\d{4}|"
    r"(?:van )?dit jaar)|uiterlijk aan het eind van dit jaar|in de komende maanden|"
    r"binnenkort|(?:in )?mijn volgende (?:halfjaar|voortgangs)?brie(?:f|ven)|"
    r"(?:vóór|voor|in|per) (?:1 )?(?:januari|februari|maart|april|mei|juni|juli|augustus|"
    r"september|oktober|november|december) \d{4})\b",
    re.IGNORECASE,
)
_MEASURE_KIND = (
    (re.compile(r"\bwetsvoorstel|\bwetgeving|\bwet\b|\bwijziging van de wet", re.I), "wetgeving"),
    (re.compile(r"verdrag(?:en)?\b", re.I), "verdrag"),  # also "uitleveringsverdrag"
    (re.compile(r"\bpilot|\bproeftuin", re.I), "pilot"),
    (re.compile(r"\bverken", re.I), "verkenning"),
    (re.compile(r"\bonderzoek", re.I), "onderzoek"),
    (re.compile(r"\bprogramma\b|\bactieprogramma", re.I), "programma"),
    (re.compile(r"\bfinancier|\binvester", re.I), "financiering"),
    (re.compile(r"\bsamenwerking|\bcoalitie", re.I), "samenwerking"),
)


def action_score(text: str) -> tuple[float, str]:
    """How strongly a passage announces or reports an action by the government (0-1), and the
    cue that weighed most. A passage of fewer than four content words says too little."""
    if _NOT_ACTION.search(text.strip()) or len(set(stems(text))) < 4:
        return 0.0, ""
    # "Daar werk ik aan", "Dan zetten we …": a sentence that goes on about the one before it
    # restates an action rather than announcing one.
    total = -0.2 if _ANAPHOR.match(text.strip()) else 0.0
    # "De afgelopen jaren is …": background to the letter, not what it announces.
    total -= 0.2 if _BACKGROUND.search(text) else 0.0
    best, cue = 0.0, ""
    for pattern, weight in _ACTIONS:
        found = pattern.search(text)
        if found:
            total += weight
            if weight > best:
                best, cue = weight, found.group(0)
    return min(1.0, total), cue


def deadline_of(text: str) -> str | None:
    found = _DEADLINE.search(text)
    return found.group(0).strip() if found else None


# --- proposals --------------------------------------------------------------------------------


@dataclass
class Proposal:
    action: str  # "update" or "new"
    record: str | None
    record_kind: str  # "measure", "motion", "commitment"
    status: str
    section: str
    quote: str
    score: float
    reason: str
    passage: int = 0  # where in the text, for ordering
    title: str | None = None  # new records: a draft title
    kind: str | None = None  # new records: measure kind or motion kind
    deadline: str | None = None  # the term as the text gives it

    def as_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "record": self.record,
            "record_kind": self.record_kind,
            "status": self.status,
            "section": self.section,
            "quote": self.quote,
            "score": round(self.score, 3),
            "reason": self.reason,
        }


@dataclass
class _Profile:
    id: str
    kind: str
    title: str
    weights: dict[str, float]  # stem -> field weight (title 1, quotes 0.8, other text 0.5)
    title_stems: set[str]
    pairs: set[tuple[str, str]]  # stemmed word pairs of the title and quotes
    codes: set[str]
    quotes: list[str]


_KIND_OF: dict[type, str] = {Measure: "measure", Motion: "motion", Commitment: "commitment"}


def record_kind(rec: Tracked) -> str:
    """'measure', 'motion' or 'commitment'."""
    return _KIND_OF[type(rec)]


def _record_texts(rec: Tracked) -> tuple[list[str], list[str]]:
    """(quotes, other texts) of a record."""
    quotes = [rec.source.quote, *(e.quote for e in rec.status_history)]
    other: list[str] = []
    if isinstance(rec, Measure):
        other.append(rec.summary)
        if rec.deadline:
            quotes.append(rec.deadline.quote)
    elif isinstance(rec, Motion):
        other += [rec.asks, rec.response or "", rec.reference or ""]
        other += [s.name for s in rec.submitters]
    else:
        other.append(rec.what)
        if rec.term:
            quotes.append(rec.term.quote)
    return quotes, other


def _pairs(words: list[str]) -> set[tuple[str, str]]:
    return set(pairwise(words))


class RecordIndex:
    """The tracked records, as weighted stems in an inverted index.

    A record is a candidate for a passage only when the passage holds at least TITLE_MIN of its
    title's weight or one of its names (abbreviations, Kamerstuk numbers): that keeps the work
    per passage to the few records it can be about (measured: 1.3 s instead of 6.5 s for a
    20-page letter against 1,132 synthetic records)."""

    TITLE_MIN = 0.25

    def __init__(
        self,
        records: Iterable[Tracked],
        known_codes: set[str],
        names: dict[tuple[str, ...], str] | None = None,
    ):
        # Names written out ("Platform Veilig Ondernemen") count as their abbreviation (PVO).
        self.names = {n: c for n, c in (names or {}).items() if len(n) >= 2}
        self.profiles: dict[str, _Profile] = {}
        postings: dict[str, list[str]] = defaultdict(list)
        for rec in records:
            quotes, other = _record_texts(rec)
            weights: dict[str, float] = {}
            texts = [(rec.title, 1.0), *((q, 0.8) for q in quotes), *((o, 0.5) for o in other)]
            for text, w in texts:
                for s in stems(text):
                    weights[s] = max(weights.get(s, 0.0), w)
            title_stems = set(stems(rec.title))
            pairs = _pairs(stems(rec.title))
            for q in quotes:
                pairs |= _pairs(stems(q))
            all_text = " ".join([rec.title, *quotes, *other])
            rec_codes = {c for c in codes(all_text) if c in known_codes or c.startswith("KST-")}
            rec_codes |= self.named(stems(all_text))
            self.profiles[rec.id] = _Profile(
                rec.id, _KIND_OF[type(rec)], rec.title, weights, title_stems, pairs, rec_codes,
                quotes,
            )  # fmt: skip
            for s in weights:
                postings[s].append(rec.id)
            for c in rec_codes:
                postings["#" + c].append(rec.id)
        n = max(1, len(self.profiles))
        self.idf = {s: math.log(n / len(ids)) + 0.05 for s, ids in postings.items()}
        self.max_idf = math.log(n) + 0.05
        self.code_postings = {s: ids for s, ids in postings.items() if s.startswith("#")}
        # Per title stem: the records whose title has it, with the stem's share of that title.
        self.title_postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for prof in self.profiles.values():
            mass = sum(self.idf[s] for s in prof.title_stems) or 1.0
            for s in prof.title_stems:
                self.title_postings[s].append((prof.id, self.idf[s] / mass))
        self._cache: dict[str, list[tuple[float, str, str]]] = {}

    def named(self, words: list[str]) -> set[str]:
        """The abbreviations whose written-out names occur in a text's stems."""
        if not self.names:
            return set()
        found = set()
        for n in {len(name) for name in self.names}:
            grams = {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
            found |= {code for name, code in self.names.items() if len(name) == n and name in grams}
        return found

    def match(self, text: str) -> list[tuple[float, str, str]]:
        """(score, record id, reason) of every record the text speaks of, best first."""
        if text not in self._cache:
            self._cache[text] = self._match(text)
        return self._cache[text]

    def _match(self, text: str) -> list[tuple[float, str, str]]:
        words = stems(text)
        if not words:
            return []
        uniq = set(words)
        text_pairs = _pairs(words)
        text_codes = codes(text) | self.named(words)
        title_hit: dict[str, float] = defaultdict(float)
        for s in uniq:
            for rid, share in self.title_postings.get(s, ()):
                title_hit[rid] += share
        candidates = {rid for rid, hit in title_hit.items() if hit >= self.TITLE_MIN}
        for c in text_codes:
            candidates.update(self.code_postings.get("#" + c, ()))
        idf = {s: self.idf[s] for s in uniq if s in self.idf}
        passage_mass = sum(self.idf.get(s, self.max_idf) for s in uniq)
        results = []
        for rid in candidates:
            prof = self.profiles[rid]
            weights = prof.weights
            raw = sum(v * weights[s] for s, v in idf.items() if s in weights)
            shared_codes = text_codes & prof.codes
            hit = title_hit.get(rid, 0.0)
            pairs = len(text_pairs & prof.pairs)
            code_score = sum(self.idf.get("#" + c, 0.0) for c in shared_codes) / self.max_idf
            score = (
                0.50 * hit
                + 0.25 * (1.0 - math.exp(-raw / 10.0))
                + 0.05 * min(1.0, raw / passage_mass * 1.5)
                + 0.15 * min(1.0, pairs / 3)
                + 0.05 * min(1.0, code_score)
            )
            if score < UPDATE_MIN * 0.8:
                continue
            reasons = []
            if hit >= 0.3:
                hits = sorted(prof.title_stems & uniq)
                reasons.append(f"title words ({', '.join(hits[:5])})")
            if pairs:
                reasons.append(f"{pairs} word pair(s) of earlier quotes")
            if shared_codes:
                reasons.append("names " + ", ".join(sorted(shared_codes)))
            results.append((score, rid, "; ".join(reasons) or "shared words"))
        results.sort(key=lambda r: (-r[0], r[1]))
        # A near repeat of an earlier quote is the clearest mention of all.
        refined = []
        for score, rid, reason in results[:5]:
            best = max(
                (fuzz.token_set_ratio(text, q) for q in self.profiles[rid].quotes), default=0.0
            )
            if best >= 90:
                score = max(score, 0.9)
                reason = f"repeats an earlier quote ({best:.0f}% alike); {reason}"
            refined.append((min(1.0, score), rid, reason))
        refined.sort(key=lambda r: (-r[0], r[1]))
        return refined


def known_codes(dataset: Dataset) -> set[str]:
    """Abbreviations the vocabularies know (glossary terms, actor abbreviations) and those written
    in capitals in record titles."""
    found = {g.term.upper() for g in dataset.glossary.values()}
    found |= {a.abbreviation.upper() for a in dataset.actors.values() if a.abbreviation}
    for _, recs in dataset.tracked_groups():
        for rec in recs:
            found |= codes(rec.title)
    return {c for c in found if len(c) >= 2}


def written_names(dataset: Dataset) -> dict[tuple[str, ...], str]:
    """The written-out names of the glossary's abbreviations and the actors', as stems (a part in
    brackets left out: "(Ministerie van) Justitie en Veiligheid")."""
    pairs = [(g.expansion, g.term) for g in dataset.glossary.values()]
    pairs += [(a.name, a.abbreviation) for a in dataset.actors.values() if a.abbreviation]
    out: dict[tuple[str, ...], str] = {}
    for name, code in pairs:
        words = tuple(stems(re.sub(r"\([^)]*\)", " ", name)))
        if len(words) >= 2:
            out[words] = code.upper()
    return out


def tracked_records(dataset: Dataset, as_new: str | None = None) -> list[Tracked]:
    """The tracked records; with `as_new`, as if document `as_new` had never been read: its
    records left out and its status entries removed from the others."""
    out: list[Tracked] = []
    for _, recs in dataset.tracked_groups():
        for rec in recs:
            if as_new is None:
                out.append(rec)
                continue
            if rec.source.document == as_new:
                continue
            history = [e for e in rec.status_history if e.document != as_new]
            if len(history) != len(rec.status_history):
                rec = rec.model_copy(update={"status_history": history})
            out.append(rec)
    return out


@dataclass
class IntakeResult:
    document: str
    proposals: list[Proposal]
    passages: list[Passage]
    rejected: list[str]  # quotes that failed the verbatim check (a bug if not empty)


def propose(text: str, document: str, dataset: Dataset, as_new: bool = False) -> IntakeResult:
    """Every proposal for the letter `text`, which is document `document`."""
    passages = split_text(text)
    records = tracked_records(dataset, document if as_new else None)
    by_id = {r.id: r for r in records}
    index = RecordIndex(records, known_codes(dataset), written_names(dataset))
    picker = StatusPicker(dataset.statuses)
    normalized = normalize_text(text)
    already = {
        r.id
        for r in records
        if any(e.document == document for e in r.status_history) or r.source.document == document
    }

    best_update: dict[str, tuple[float, Passage, str]] = {}
    covered: set[int] = set()
    for p in passages:
        found = index.match(p.text)
        top = found[0][0] if found else 0.0
        for score, rid, reason in found:
            if score >= COVERED:
                covered.add(p.index)
            # A passage speaks of one record: another is proposed only when it fits about as well.
            if score < UPDATE_MIN or rid in already or score < top - MARGIN:
                continue
            if rid not in best_update or score > best_update[rid][0]:
                best_update[rid] = (score, p, reason)

    proposals: list[Proposal] = []
    for rid, (score, p, reason) in best_update.items():
        rec = by_id[rid]
        kind = _KIND_OF[type(rec)]
        status, cue = picker.pick(p.sentence, kind, getattr(rec, "kind", None))
        if not cue and score < SURE:
            continue  # a passage that says nothing of progress is no status update
        why = f"{reason}; status from '{cue}'" if cue else f"{reason}; no status cue"
        proposals.append(
            Proposal("update", rid, kind, status, p.section, p.text, score, why, p.index)
        )

    announced = False  # the passage before announced something (or went on with its list)
    last: Proposal | None = None  # the new measure proposed for the passage before, if any
    for p in passages:
        new: list[Proposal] = []
        if p.index not in covered:
            new = _new_proposals(p, picker, announced)
            new = [n for n in new if n.quote == p.text or not _covers(index, n.quote)]
            whole = [n for n in new if n.record_kind == "measure" and n.quote == p.text]
            if (
                last is not None
                and whole
                and len(whole) == sum(n.record_kind == "measure" for n in new)
                and _elaborates(p, passages[p.index - 1])
            ):
                # "We vergroten de LSI-projecten. Hierin betrekken we …": one measure, told in
                # two sentences; the proposal before quotes both.
                both = f"{last.quote} {p.text}"
                if len(both) <= MAX_QUOTE and quote_occurs(both, normalized):
                    last.quote, last.score = both, max(last.score, whole[0].score)
                    new = [n for n in new if n.record_kind != "measure"]
            proposals += new
        measures = [n for n in new if n.record_kind == "measure" and n.quote == p.text]
        last = measures[0] if measures else (last if p.text[:1].islower() and p.whole else None)
        announced = bool(new) or action_score(p.sentence)[0] >= NEW_MIN
    verified, rejected = [], []
    for prop in proposals:
        if quote_occurs(prop.quote, normalized):
            verified.append(prop)
        else:
            rejected.append(prop.quote)
    verified.sort(key=lambda q: (q.passage, q.action != "update", -q.score))
    return IntakeResult(document, verified, passages, rejected)


# A sentence that refers back to the one before it in its first words ("Dit voorstel …",
# "Hierin betrekken we …", "We benutten daarvoor …") tells more of the same thing.
_BACK_REFERENCE = re.compile(
    r"^(?:dit|deze)\b(?!\s+(?:jaar|najaar|voorjaar|zomer|week|maand|kabinetsperiode)\b)|"
    r"^(?:\S+\s+){0,3}?(?:hierin|hiermee|hierbij|hiervoor|daarin|daarbij|daarvoor|daarover|"
    r"daartoe|daarmee)\b",
    re.IGNORECASE,
)


def _elaborates(p: Passage, before: Passage) -> bool:
    """Whether passage `p` goes on about what the passage before it said: a sentence of the
    same paragraph that refers back, or the rest of a sentence cut by a page break."""
    if p.footnote or before.footnote or p.section != before.section:
        return False
    return bool(_BACK_REFERENCE.match(p.text)) or (p.text[:1].islower() and p.whole != "")


def _covers(index: RecordIndex, text: str) -> bool:
    found = index.match(text)
    return bool(found) and found[0][0] >= COVERED


# A sentence without a subject of its own that goes on with a list of actions: "Concrete
# maatregelen zijn bijvoorbeeld investeren in … . Zorgen dat … . Het veel lastiger maken om … .
# En meer … in beslag te nemen." It opens with an infinitive, or ends with one after "te".
_FRAGMENT = re.compile(
    r"^(?:en\s+)?(?!(?:binnen|tegen|buiten|boven|beneden|samen|tussen|volgens|wegens|even|"
    r"alleen|tevens|open|eigen|gegeven|overigens|ten|welkomen)\b)[A-Za-z]+en\s+(?:dat|om|van|"
    r"de|het|een|in|op|met|aan|voor)\b|"
    r"^(?:en\s+)?het\s+(?:(?!(?:is|was|wordt|werd|zal|kan|moet|heeft|lijkt)\b)\w+\s+){1,3}?"
    r"[a-z]+en\s+(?:om|dat)\b|"
    r"^en\s+[^.]*\bte\s+[a-z]+en\.?$",
    re.IGNORECASE,
)
# "… zet ik in op de volgende maatregelen", "Om deze doelen te bereiken neem ik een aantal
# maatregelen": a sentence that announces what follows is not a measure itself.
_LEAD = re.compile(
    r"\b(?:de volgende|een aantal|enkele|verschillende)\s+(?:\w+\s+)?(?:\w*maatregelen|acties|"
    r"stappen|actielijnen|speerpunten)(?:\s*[:.]|\s+(?:om|die|genomen|getroffen)\b|$)",
    re.IGNORECASE,
)
_GOALS = re.compile(r"\b(?:doel|doelen|doelstelling|uitgangspunt\w*|ambitie\w*)\b[^:]*:", re.I)


def _new_proposals(p: Passage, picker: StatusPicker, listed: bool = False) -> list[Proposal]:
    """New records a passage proposes; `listed`: the passage before it announced something, so a
    list in this one names what (the items of a list that states goals are not measures)."""
    text = p.sentence  # cues are read in the whole sentence; the quote is the passage
    out: list[Proposal] = []
    deadline = deadline_of(text)
    if _MOTION.search(text):
        motion_kind = (
            "verzoek"
            if re.search(r"verzo(?:ek|cht)", text, re.I) and not re.search(r"\bmotie\b", text, re.I)
            else ("amendement" if re.search(r"amendement", text, re.I) else "motie")
        )
        status, cue = picker.pick(text, "motion")
        out.append(
            _new(
                p,
                p.text,
                "motion",
                status,
                0.8,
                f"reports a {motion_kind} ('{cue or motion_kind}')",
                motion_kind,
                deadline,
            )
        )
    if _COMMITMENT.search(text):
        status, cue = picker.pick(text, "commitment")
        found = _COMMITMENT.search(text)
        assert found is not None
        score = 0.85 if deadline else 0.7
        out.append(
            _new(
                p,
                p.text,
                "commitment",
                status,
                score,
                f"commitment to the House ('{found.group(0)}')"
                + (f", term '{deadline}'" if deadline else ""),
                None,
                deadline,
            )
        )
    score, cue = action_score(text)
    items = p.items
    if items and (_GOALS.search(text) or (len(items) < 3 and score < NEW_MIN)):
        items = ()
    if items and listed and score < NEW_MIN:
        score, cue = NEW_MIN, "a list after an announcement"
    if listed and score < NEW_MIN and _FRAGMENT.search(text) and not _NOT_ACTION.search(text):
        score, cue = NEW_MIN, "goes on with the list of the sentence before"
    if out and score < 0.8:
        return out
    if score < NEW_MIN or (not items and _LEAD.search(text)):
        return out
    pieces = list(items) if items else [p.text]
    for piece in pieces:
        piece_score, piece_cue = action_score(piece) if items else (score, cue)
        piece_score = max(piece_score, score * 0.8)
        kind = next((k for pat, k in _MEASURE_KIND if pat.search(piece)), None)
        status, scue = picker.pick(piece if items else text, "measure", kind)
        if status == "onbekend" and items:
            status, scue = picker.pick(text, "measure", kind)
        if not scue and "aangekondigd" in {s.id for s in picker.allowed("measure", kind)}:
            status = "aangekondigd"  # what a letter names first, with no word on progress
        out.append(
            _new(
                p,
                piece,
                "measure",
                status,
                piece_score,
                f"announces or reports an action ('{piece_cue or cue}')"
                + (f"; status from '{scue}'" if scue else f"; no word on progress: {status}"),
                kind,
                deadline_of(piece) or (deadline if not items else None),
            )
        )
    return out


def _new(
    p: Passage,
    quote: str,
    kind: str,
    status: str,
    score: float,
    reason: str,
    sub_kind: str | None,
    deadline: str | None,
) -> Proposal:
    title = draft_title(quote)
    return Proposal(
        "new", None, kind, status, p.section, quote, min(1.0, score), reason, p.index,
        title=title, kind=sub_kind, deadline=deadline,
    )  # fmt: skip


def draft_title(quote: str) -> str:
    """A first title from the quote: its opening words, capitalised (the editor shortens it)."""
    text = quote.strip()
    if len(text) > 90:
        text = text[:90].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    text = text.rstrip(".")
    return text[:1].upper() + text[1:] if text else quote[:90]


def new_id(title: str, used: set[str]) -> str:
    """A kebab-case id from a title's content words, not one of `used`."""
    words = [
        _fold(w)
        for w in _WORD.findall(title)
        if len(w) >= 4 and w.lower() not in _STOP and not w.isdigit()
    ]
    base = "-".join(re.sub(r"[^a-z0-9]+", "-", w).strip("-") for w in words[:6]) or "nieuw"
    base = re.sub(r"-+", "-", base)[:60].strip("-")
    candidate, n = base, 2
    while candidate in used:
        candidate = f"{base}-{n}"
        n += 1
    used.add(candidate)
    return candidate


def span_of(quote: str, normalized_source: str) -> tuple[int, int] | None:
    return locate(quote, normalized_source)


# --- the report -------------------------------------------------------------------------------


def format_report(result: IntakeResult, width: int = 100) -> list[str]:
    """The proposals for people: grouped by section in text order, numbered for `--only`."""
    import textwrap

    updates = sum(1 for p in result.proposals if p.action == "update")
    lines = [
        f"Intake of '{result.document}': {len(result.passages)} passages read, "
        f"{updates} status update(s) and {len(result.proposals) - updates} new record(s) "
        "proposed. Nothing is written; --apply writes them (--only N,M to choose).",
    ]
    section = None
    for number, prop in enumerate(result.proposals, 1):
        if prop.section != section:
            section = prop.section
            lines += ["", f"== {section}"]
        if prop.action == "update":
            head = f"[{number}] update {prop.record_kind} '{prop.record}' -> {prop.status}"
        else:
            sub = f" ({prop.kind})" if prop.kind else ""
            head = f"[{number}] new {prop.record_kind}{sub}, status {prop.status}"
        lines.append(f"{head}  (score {prop.score:.2f})")
        if prop.title:
            lines.append(f"    title: {prop.title}")
        if prop.deadline:
            lines.append(f"    term: {prop.deadline}")
        lines += textwrap.wrap(
            f'"{prop.quote}"', width, initial_indent="    ", subsequent_indent="     "
        )
        lines.append(f"    why: {prop.reason}")
    if result.rejected:
        lines += ["", f"{len(result.rejected)} proposal(s) dropped: quote not verbatim in the text"]
    return lines


def select(proposals: list[Proposal], only: str | None, min_score: float) -> list[Proposal]:
    """The proposals an editor accepted: numbers from the report (`only`, e.g. '1,3-5') and a
    lowest score. Raises ValueError for a number that is not in the report."""
    chosen = list(enumerate(proposals, 1))
    if only:
        wanted: set[int] = set()
        for part in only.split(","):
            lo, _, hi = part.strip().partition("-")
            first, last = int(lo), int(hi or lo)
            if not 1 <= first <= last <= len(proposals):
                raise ValueError(f"'{part.strip()}' is not a proposal number (1-{len(proposals)})")
            wanted.update(range(first, last + 1))
        chosen = [(n, p) for n, p in chosen if n in wanted]
    return [p for _, p in chosen if p.score >= min_score]
