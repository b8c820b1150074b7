"""Statements of an effect without a figure: which way a measure went, for which group, against which.

One reader for claims and sources alike (the words are ``claimcheck/data/directions.toml``), so that "EBNA-1
rose" in an article and "anti-EBNA-1 antibody levels significantly reduced in the vitamin D3 group
compared to the placebo group" in an abstract are read with the same grammar::

    [effect] = read_effects("Ketamine did not reduce pain compared with placebo.")
    effect.direction, effect.measure, effect.subject, effect.reference == NONE, {"pain"}, {"ketamine"},
    {"placebo"}

A statement has a direction (up, down, better, worse, some difference, or none), whether it was said to be
statistically significant, the words of the measure, and the groups: the one it is said of (``subject``)
and the one it is compared with (``reference``). A source is read knowing the claim's groups (``hints``),
so that "higher in the CVVH group than in the SLED group" is read from the SLED group's side when the
claim is about SLED. An article's sentence is read by ``claim_effects``: the same grammar after an opening
frame that only sets the scene, and associations ("linked higher vitamin D with fewer cataracts") by a
reader of their own that sources never go through.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from claimcheck import data
from claimcheck.textfold import strip_accents
from claimcheck.vocabulary.directions import DECREASE, INCREASE
from claimcheck.vocabulary.nouns import measure, singular
from claimcheck.vocabulary.numbers import is_number_word
from claimcheck.vocabulary.quantities import find_quantities
from claimcheck.vocabulary.units import PERCENT, RATIO, TIME, unit_after
from claimcheck.vocabulary.words import american

UP, DOWN, BETTER, WORSE, DIFFERENT, NONE = "up", "down", "better", "worse", "different", "none"
OPPOSITE = {UP: DOWN, DOWN: UP, BETTER: WORSE, WORSE: BETTER, DIFFERENT: DIFFERENT, NONE: NONE}

_TABLE = data.load("directions")
_OUTCOMES = data.load("outcomes")
_SPEED = _OUTCOMES["speed"]
# "Extubation came sooner": less time to extubation; "faster walking speed" stays a rise of the speed.
_SOONER, _LATER, _PACE = frozenset(_SPEED["sooner"]), frozenset(_SPEED["later"]), frozenset(_SPEED["pace"])
_CUES: dict[str, str] = {
    **dict.fromkeys(_TABLE["difference"]["words"], DIFFERENT),
    **dict.fromkeys(_TABLE["no_difference"]["words"], NONE),
    **dict.fromkeys(_TABLE["quality"]["better"], BETTER),
    **dict.fromkeys(_TABLE["quality"]["worse"], WORSE),
    **dict.fromkeys((*INCREASE, *_TABLE["comparative"]["more"]), UP),
    **dict.fromkeys((*DECREASE, *_TABLE["comparative"]["less"]), DOWN),
    **dict.fromkeys(_SOONER, UP),
    "same": NONE,  # only in "about the same", "much the same" (``_about_the_same``)
}
_NEEDS_ON = frozenset(_TABLE["difference"]["needs_on"])
_CUE_WORDS = frozenset(word for cue in _CUES for word in re.findall(r"[a-z]+", cue))
_NEGATIONS = frozenset(_TABLE["negation"]["words"])
_SIGNIFICANT = frozenset(_TABLE["significance"]["significant"])
_NOT_SIGNIFICANT = frozenset(_TABLE["significance"]["not_significant"])
_LOWER_IS_BETTER = frozenset(_TABLE["lower_is_better"]["words"])
_DURATIONS = frozenset(_TABLE["durations"]["words"])
_ASPECTS = frozenset(_TABLE["aspects"]["words"])
_TAKING = frozenset(_TABLE["time_taken"]["verbs"])
_BRINGING_ABOUT = frozenset(_TABLE["time_taken"]["bringing_about"])
_WEARING_OFF = tuple(tuple(phrase.split()) for phrase in _TABLE["wearing_off"]["words"])

# Nouns that name a change ("a reduction in pain"): their measure follows "in", "of" or "on".
_NOMINAL = frozenset(
    "increase increases decrease decreases reduction reductions rise rises fall falls decline declines drop "
    "drops improvement improvements difference differences change changes effect effects impact benefit "
    "benefits relief gain gains loss losses growth elevation elevations deterioration worsening advantage "
    "advantages".split()
)
_REFUSED = frozenset(
    "to consent participation enrolment enrollment invitation treatment surgery follow-up".split()
)
# Change-nouns whose measure may follow "to" ("no difference to pain"; not "improvements to include").
_DIFFERENCE_NOUNS = frozenset({"difference", "differences", "change", "changes"})
# "In favour of the Sensor On arm": better for the group named after "of".
_FAVOUR = frozenset({"favour", "favor"})
# Nouns that, right after another noun, are always part of a measure's name ("weight loss").
_COMPOUND = frozenset({"loss", "gain"})
# Summary words before a change-noun make it a measure's name ("mean difference", "median change").
_SUMMARY = frozenset(
    "mean median average absolute relative net percentage percent total maximal maximum minimal minimum peak "
    "overall".split()
)
# Words that compare two groups by themselves ("lower in the HTEA group"); a change verb in one group
# ("pain decreased in the placebo group") may be a change over time within it.
# Change words that also name an event: a change only when a measure follows ("a fall in blood pressure").
_EVENT_NOUNS = frozenset({"fall", "falls"})
_BEFORE_A_NOUN = frozenset(
    {"a", "an", "the", "of", "after", "from", "for", "by", "and", "or", "prevent", "preventing"}
)
# Change verbs whose participle also names a state when a noun follows a determiner ("an enlarged heart",
# "with thickened walls"): a change only when said of a measure ("the left atrium enlarged").
_STATE_PARTICIPLES = frozenset("enlarged widened thickened narrowed thinned".split())
# "Depressed" lowers a value ("had depressed plasma thyroxine") unless it names a state of mind: of people
# ("depressed patients", "were depressed", "less depressed"), or of their mood ("depressed mood").
_MOOD_PARTICIPLES = frozenset({"depressed"})
_MOOD_NOUNS = frozenset("mood moods symptom symptoms affect feeling feelings state states".split())
_DEGREES = frozenset("more less most least very not".split())
_BEFORE_A_STATE = frozenset({"a", "an", "the", "with", "of", "and", "or"})
# A change wished or asked for is not one found ("wanted better access", "called for lower prices").
_WISHES = frozenset(
    "want wants wanted wanting wish wishes wished hope hopes hoped need needs needed seek seeks sought "
    "demand demands demanded prefer prefers preferred".split()
)
_ASKING = frozenset("call calls called ask asks asked push pushed pushing campaign campaigned".split())
# "did not make the disease worse": a negation before the verb that makes the measure what the cue says.
_MAKING = frozenset("make makes made making render renders rendered leave leaves left".split())
# After a change word these say how much or how fast that change went, not another change or a speed.
_HOW_MUCH_OR_HOW_FAST = frozenset("more less further greater faster slower quicker".split())
_CONNECTIVES = frozenset("however though nevertheless nonetheless moreover therefore thus yet".split())
_COMPARATIVES = frozenset(
    "higher lower more less greater fewer shorter longer larger smaller better worse superior inferior "
    "faster slower similar comparable different differ differed differs difference differences".split()
)
# Direction words that name things more often than changes ("growth hormone", "growth factor").
_NOT_CUES = frozenset({"growth", "grew"})
_AUXILIARY = frozenset(
    "is are was were be been being became become becomes remained remains appeared appears seemed seems "
    "got get".split()
)
# Words between a negation or an auxiliary and the change that do not break the link ("was not
# significantly reduced", "did not lead to any reduction").
_FILLER = frozenset(
    "significantly statistically statistical significant clinically meaningful meaningfully further also "
    "still any a an "
    "the be to lead led result resulted in of show showed shown find found observe observed see seen "
    "detect demonstrate demonstrated produce produced cause caused have has had do does did much "
    "substantially "
    "markedly slightly greatly considerably notably overall appreciably detectable detectably started start "
    "starts began begin begins continued continue continues tended tend tends appeared seemed went came "
    "stayed likely occurred occur occurs apparent noted reported detected made make makes showing "
    "yielded yield led leads can may might could would will numerically nominally took take takes taken "
    "on average".split()
)
_ADJECTIVE_ENDING = re.compile(r"(?:ive|ful|ous|able|ible|ent|ant|ic|al|ense|ing|ary|ory|ile|ular|ly)$")
# Sentences that wish, advise or speak to the reader state no result ("more research is needed", "you
# may feel better"); an article's sentence like that makes no effect claim.
_NOT_A_RESULT = re.compile(
    r"\b(?:you|your|yours|would|should|if|whether|future|goal|aim|hope|hopes|more (?:research|studies|study|"
    r"work|trials|data|evidence)|(?:is|are|be|was|were|still) needed|needs? to|needed to)\b",
    re.IGNORECASE,
)
# Words after "more"/"less" that make a comparison of how often, said of what comes before.
_HOW_OFTEN = frozenset("common frequent frequently likely often prevalent widespread usual".split())
# Words that open a frame of where, when or among whom before a sentence's subject ("Among 4,000 eyes, ...").
_FRAME_OPENERS = frozenset("among amongst in at across within after during following".split())
# A claim's opening frame that sets the scene, not a group ("In a randomized study of 25 stroke inpatients
# in Korea, ...", "For children with IBD in Manchester, ..."): its opener, and the words that show it names
# a study, a count, a population or a place; words that show it names an arm, a comparison or a time
# keep it (the frame of "In the ketamine group, ..." or "At 12 weeks, ..." is part of the claim).
_SCENE_OPENERS = frozenset("in among amongst across at for".split())
_SCENE_WORDS = frozenset(
    "study studies trial trials analysis survey review cohort comparison series experiment sample registry "
    "crossover randomized randomised".split()
)
_ARM_IN_A_FRAME = frozenset(
    "group groups arm arms given receiving taking treated using versus vs compared than".split()
)
# Words after "more/less" and an adjective that show the adjective is compared, not a noun it qualifies
# ("more effective than", "more confident that", "less intense in").
_NOT_A_NOUN_AFTER_ADJECTIVE = frozenset(
    "than that to in with for about of at on when and or but as among compared versus vs".split()
)
# Words before a change-noun that show it is a noun ("a decrease", not "can decrease").
_DETERMINERS = frozenset(
    "a an the no any this that its their significant greater larger smaller overall marked modest slight "
    "substantial further small large major minor meaningful similar notable dramatic".split()
)
# Words after a change that show it has no object ("pain fell in the X group", "rose over time", "rose
# faster among women": how fast or how much it went).
_INTRANSITIVE_NEXT = frozenset(
    "in among with for after following during than compared versus vs at from by to on over when while "
    "between across within "
    "whereas but and or significantly statistically more less most further greatly markedly substantially "
    "considerably slightly somewhat only again "
    "faster slower quicker sharply steeply rapidly steadily gradually dramatically".split()
)
_REFERENCE_MARKERS = frozenset({"than", "compared", "versus", "vs", "relative", "comparison"})
_GROUP_PREPOSITIONS = frozenset(
    {
        "with",
        "among",
        "amongst",
        "for",
        "after",
        "following",
        "receiving",
        "taking",
        "on",
        "in",
        "within",
        "during",
        "from",
        "by",
        "under",
        "using",
    }
)
# Words that lead up to a group's name ("in the patients given ketamine").
_GROUP_LEAD = frozenset("the a an those patients participants subjects people given receiving taking".split())
_GROUP_NOUNS = frozenset(
    "group groups arm arms patients patient participants participant subjects subject those people users "
    "recipients cohort women men children adults volunteers individuals given receiving taking".split()
)
# Nouns for people, who are in a group rather than what tells it apart ("women with an epidural").
PEOPLE = frozenset(
    "patients patient participants participant subjects people those women men children adults volunteers "
    "individuals users recipients".split()
)
# People a sentence may name by what they did, for "viewers were no more confident" (PEOPLE names them
# by their part in a study).
_PEOPLE_TOO = frozenset(
    "viewers readers students pupils parents mothers fathers nurses doctors workers".split()
)
# "How quickly the block set in", "how long it lasted": the aspect of the thing the question asks about (a
# length is the thing itself: sources write "the duration of the block", whose "duration" names no measure).
_HOW_SOON_ASKED = {"quickly": "onset", "fast": "onset", "soon": "onset", "rapidly": "onset", "long": ""}
_STARTING = frozenset("set sets began begins begun start starts started came comes took takes kicked".split())
_LASTING = frozenset("last lasts lasted persisted stayed remained".split())
_CONTROL_ROLE = frozenset(
    "placebo control controls sham vehicle usual standard untreated nothing saline waitlist tau".split()
)
_TREATMENT_ROLE = frozenset("intervention treatment treated active experimental".split())
_EVERY_GROUP = re.compile(
    r"\b(?:in|for|among|within|across)\s+(?:both|all|each|either|the\s+two)\s+(?:(?:of\s+)?the\s+)?(?:groups|arms|patients|"
    r"participants|subjects|group|arm)\b",
    re.IGNORECASE,
)
_P_VALUE = re.compile(
    r"\bp\s*(?:value\s*)?(?:for\s+\w+\s*)?([<>=\u2264\u2265]|&lt;|&gt;)\s*(0?[.\u00b7]\d+|1(?:\.0+)?)",
    re.IGNORECASE,
)
_STOP = frozenset(
    "a an the of in on at to for with and or but by from as than that this these those it its their there "
    "whereas although though however yet thereby "
    "was were is are be been being has have had do does did not no which who whom whose when while whereas "
    "after before between during following compared versus vs relative comparison against over under "
    "within among group groups arm arms patients patient participants participant subjects subject people "
    "mean median average total overall level levels score scores value values rate rates number duration "
    "length "
    "significantly significant statistically statistical also both all each either p ci".split()
)
_SEPARATORS = frozenset({",", ";", "whereas", "while", "but", "and", "although", "though"})
# Separators that open a clause of its own: a list of measures after one belongs to the next cue whole
# ("MAP was lower, whereas CO, CI and SvO2 were higher").
_CLAUSE_BREAKS = frozenset({";", "whereas", "while", "but", "although", "though"})
# Words between "than", "vs", "between" and the group they name ("than in those given placebo").
_BEFORE_A_GROUP = frozenset(
    "with to in the for among those of on patients participants given receiving".split()
)
# Words that end one measure of a list and start the next ("coughing, sputum and rales").
_LIST_BREAKS = frozenset({",", ";", "and", "or", "nor", "&"})
# A lone word before "and" that shares the next measure's noun ("systolic and diastolic blood pressure").
_MODIFIER = re.compile(
    r"(?:ic|al|ive|ous|ary|ory|ar|ed|ing)$|^(?:peak|trough|total|mean|maximum|minimum|upper|lower|fasting|free)$"
)
# What may follow "but not" when it denies a change for another time or group ("but not at 6 months").
_ELLIPSIS_NEXT = frozenset("at in for among with after during on by".split())
# What follows "superior"/"inferior" when they compare ("superior to placebo", "was superior.").
_AFTER_SUPERIOR = frozenset({"to", "than", "in", "for", "on", "with", "", ",", ".", ";", "("})
# Verbs of scoring, whose measure follows the change ("scored lower on coordination"), and of costing,
# which name the measure themselves ("cost the health service less").
_SCORING = frozenset("scored performed perform performs fared did".split())
_COSTING = frozenset({"cost", "costs"})
# Verbs that report a change-noun's finding before naming its measure ("changes were observed in X").
_REPORTED = frozenset(
    "observed found seen noted detected apparent evident shown reported demonstrated".split()
)
_PRONOUNS = frozenset({"it", "they", "this", "these", "which", "that"})
# Verbs after which "a better X" is a finding about the people ("reported a better appetite", "had a worse
# outcome"), not a thing offered ("a better option").
_HAVING = frozenset("had has have having report reports reported showed shows experienced achieved".split())
# Verbs whose "that" opens the finding they report ("the trial found that ...", "data suggest that ...").
_REPORTING_THAT = frozenset(
    "found find finds show shows showed shown reported reports report suggested suggests suggest concluded "
    "concludes conclude indicated indicates indicate demonstrated demonstrates demonstrate revealed reveals "
    "confirmed confirms noted notes observed means meant".split()
)
# Measures named only in general: the statement is about the measure named before ("the score").
_VAGUE = frozenset({"score", "scores", "value", "values", "level", "levels", "outcome", "result", "results"})
# Words that name when a measure was taken, never what: "no difference between the groups at these
# timepoints" speaks of the measure named before it.
_MOMENTS = frozenset({"timepoint", "timepoints", "time-point", "time-points"})
_TOKEN = re.compile(r"[^\W\d_][\w'\u2019-]*|\d+(?:[.,\u00b7]\d+)*|[<>=\u2264\u2265]|[;:,.()\[\]]")
# The mark first, then what may not precede it (as in vocabulary/words.py): a pattern that opens with
# lookbehinds tries them at every offset.
_SENTENCE_END = re.compile(
    r"[.!?](?<!\bvs.)(?<!\bal.)(?<!\be\.g.)(?<!\bi\.e.)(?<!\bFig.)(?<!\bet.)(?=\s+[A-Z([]|\s*$)"
)


Items = tuple[frozenset[str], ...]
_LETTER = "#"  # marks a capital letter that names something ("test A" is {"test", "#a"})
Span = tuple[int, int]


@dataclass(frozen=True)
class Effect:
    """One statement of an effect, as read from a claim or a source."""

    direction: str
    significant: bool | None  # None: not said
    measure: frozenset[str]
    subject: frozenset[str]
    reference: frozenset[str]
    within: bool  # said of every group ("decreased in both groups"): not a comparison
    comparative: bool  # compares groups by its words ("lower in X", "than Y"), not a change within one
    cue: str  # the words that state the direction, as written ("did not reduce")
    start: int  # the statement's span in the text
    end: int
    sentence_start: int  # where its sentence starts (the sentence's other words tell hopes from results)
    orientation: int = 0  # +1/-1: said of the hinted intervention / comparator side; 0: not known
    # The measures its measure lists, each whole ("extubation time, stay in ICU and stay in hospital" is
    # three; "systolic and diastolic blood pressure" is two blood pressures); empty: the measure is one.
    items: tuple[frozenset[str], ...] = ()
    inherited: bool = False  # its measure is an earlier statement's ("The score was lower with X")
    figures: bool = False  # read from two groups' figures ("24 in the M group versus 48 in the C group")
    # Words of its measure that say where, how or on what it was measured rather than what ("interstitial
    # fibrosis in the infarct border zone", "response accuracy on a task-switching test"): a source may
    # name the measure without them.
    qualifiers: frozenset[str] = frozenset()

    @property
    def named_groups(self) -> bool:
        return bool(self.subject or self.reference)

    @property
    def measures(self) -> tuple[frozenset[str], ...]:
        """The measures it speaks of, each as a set of words."""
        return self.items or ((self.measure,) if self.measure else ())


class _Token(NamedTuple):  # a named tuple: a run makes hundreds of thousands of them
    text: str
    word: str  # lower case, accents stripped
    start: int
    end: int


@functools.lru_cache(maxsize=65536)  # claims and sources repeat their phrases
def stems(text: str) -> frozenset[str]:
    """The content words of a measure or a group, singular, lower case and spelled alike ("Systolic blood
    pressures" -> {"systolic", "blood", "pressure"}; "haemofiltration" and "hemofiltration" are one word);
    hyphenated names keep their parts ("EBNA-1" -> {"ebna", "1"}); a lay name of a measure is its technical
    term ("heart attack" -> {"myocardial", "infarction"})."""
    words: list[str] = []
    for index, token in enumerate(_tokens(text)):
        if _is_name_part(token.text, index):
            words.append(_LETTER + token.word)  # "test A", "group M", "Sensor On": a name, not an article
        elif token.word[:1].isalpha():
            words.extend(_stem(part) for part in re.split(r"[-'\u2019]", token.word) if _content_word(part))
    return frozenset(word for word in _technical(words) if _content_word(word))


def _technical(words: list[str]) -> list[str]:
    """``words`` (content words in order) with every lay name of a measure turned into its technical
    term ("bleeding into the front chamber of the eye" -> "hyphema"; ``data/outcomes.toml``)."""
    kept = [word for word in words if word not in _PARTICLES]
    if not _LAY_NAMES.keys() & set(kept):
        return kept
    named: list[str] = []
    index = 0
    while index < len(kept):
        for lay, technical in _LAY_NAMES.get(kept[index], ()):
            if tuple(kept[index : index + len(lay)]) == lay:
                named.extend(technical)
                index += len(lay)
                break
        else:
            named.append(kept[index])
            index += 1
    return named


def _is_name_part(written: str, index: int) -> bool:
    """A capital letter or a capitalised "On"/"Off" inside a text names something ("test A", "group M",
    "the Sensor On arm"); "A" opening a text is an article."""
    if len(written) == 1:
        return written.isupper() and (index > 0 or written != "A")
    return index > 0 and written in ("On", "Off", "ON", "OFF")


def _content_word(word: str) -> bool:
    return bool(word) and word not in _STOP and word not in _FILLER


@functools.lru_cache(maxsize=65536)
def measure_stems(text: str) -> frozenset[str]:
    """The words of ``text`` that can name what was measured: ``stems`` without people, groups, time
    points, numbers, units and the words of research and reporting (``data/outcomes.toml``), so that
    "An Italian study of 282 patients found that the tear film stayed stable" names the tear film."""
    return frozenset(word for word in stems(text) if _names_a_measure_word(word))


@functools.lru_cache(maxsize=65536)
def _names_a_measure_word(word: str) -> bool:
    if word in _NOT_MEASURE or is_number_word(word):
        return False
    unit = unit_after(word, 0)
    return unit is None or unit[1] < len(word) or unit[0] in (RATIO, PERCENT)


@functools.lru_cache(maxsize=65536)  # texts repeat their words
def _stem(word: str) -> str:
    """Singular, spelled alike, one word for one measure ("deaths", "died" and "mortality" are "death")."""
    return measure(singular(american(word)))


_QUALIFYING = frozenset(_OUTCOMES["qualifying"]["words"])
_PARTICLES = frozenset({"into", "inside", "onto"})  # "bleeding into the eye" is "bleeding in the eye"


def _lay_names() -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    """Lay phrase (its content words) -> technical term (its words), by first word, longest first."""

    def words_of(phrase: str) -> tuple[str, ...]:
        return tuple(
            _stem(part)
            for word in phrase.split()
            for part in re.split(r"[-'\u2019]", word)
            if _content_word(part) and part not in _PARTICLES
        )

    table: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for entry in _OUTCOMES["lay_name"]:
        technical = words_of(entry["technical"])
        for phrase in entry["lay"]:
            lay = words_of(phrase)
            table.setdefault(lay[0], []).append((lay, technical))
    return {first: tuple(sorted(names, key=lambda name: -len(name[0]))) for first, names in table.items()}


_LAY_NAMES = _lay_names()
_NOT_MEASURE = frozenset(_stem(word) for entry in _OUTCOMES["not_measure"] for word in entry["words"])
_NOT_GROUP = frozenset(
    _stem(word) for entry in _OUTCOMES["not_measure"] if entry.get("not_group") for word in entry["words"]
)


def _tokens(text: str, offset: int = 0) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        written, start = match.group(), match.start() + offset
        tokens.append(_Token(written, _fold_word(written), start, start + len(written)))
    return tokens


@functools.lru_cache(maxsize=65536)  # texts repeat their words
def _fold_word(word: str) -> str:
    return strip_accents(word).lower().replace("\u2019", "'")


def overlap(words: frozenset[str], other: frozenset[str]) -> int:
    """How many of ``words`` are in ``other``, a word also matching one that shares its first six letters
    ("hypoxic" and "hypoxia", "ventilatory" and "ventilation"; not "osteoblast" and "osteoclast") and a
    verb its "-ing" form ("meet" and "meeting" the guideline)."""
    prefixes = {word[:6] for word in other if len(word) >= 6}
    roots = {_root(word) for word in other}
    return sum(
        1
        for word in words
        if word in other or (len(word) >= 6 and word[:6] in prefixes) or _root(word) in roots
    )


def _root(word: str) -> str:
    """A verb for its "-ing" form of at least four letters before the ending ("meeting" -> "meet")."""
    return word[:-3] if len(word) >= 7 and word.endswith("ing") else word


def lower_is_better(measure: Iterable[str]) -> bool:
    """True when an improvement in this measure is a fall ("pain", "mortality", "the difference in
    HbA1c"); not for a change of it ("pain relief", "reduction in pain"), whose improvement is a rise."""
    words = set(measure)
    return bool(words & _LOWER_IS_BETTER) and not words & (_NOMINAL - _DIFFERENCE_NOUNS - _NEEDS_ON)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; "vs.", "et al." and decimal points end none."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def read_effects(
    text: str, *, intervention: frozenset[str] = frozenset(), comparator: frozenset[str] = frozenset()
) -> list[Effect]:
    """Every effect statement of ``text``, in order; ``intervention`` and ``comparator`` (stems) are the
    groups a claim names, used to tell which side a source's statement is said of.

    A statement whose measure is only "it" or "the score" is about the measure the text spoke of last
    ("Itchy eyes were scored daily. The score was lower with pranlukast.")."""
    return list(_read_effects(text, intervention, comparator))


@functools.lru_cache(maxsize=8192)  # every claim about one record reads the same passages with its groups
def _read_effects(text: str, intervention: frozenset[str], comparator: frozenset[str]) -> tuple[Effect, ...]:
    effects: list[Effect] = []
    previous_measure: Items = ()
    previous_tokens: Sequence[_Token] = []
    unread: tuple[int, int] | None = None  # the sentence before, its words read only if an effect inherits
    hints = intervention | comparator
    for start, end in sentences(text):
        if not _may_state_an_effect(text[start:end]):
            previous_measure, previous_tokens, unread = (), [], (start, end)
            continue
        tokens = _without_asides(_tokens(text[start:end], start))
        found = _read_sentence(text, tokens, intervention, comparator) or _p_value_only(
            text, tokens, start, end, intervention, comparator
        )
        read = []
        for effect in found:
            if not effect.measure and effect.inherited:
                if unread is not None:
                    previous_tokens, unread = _tokens(text[unread[0] : unread[1]], unread[0]), None
                effect = _measured(effect, previous_measure or (_named(previous_tokens, hints),))
            read.append(_replace(effect, sentence_start=start))
        effects += read
        if read and read[-1].measure:
            previous_measure, previous_tokens, unread = read[-1].measures, [], None
        elif tokens:
            previous_measure, previous_tokens, unread = (), tokens, None
    return tuple(effects)


def _measured(effect: Effect, items: Sequence[frozenset[str]]) -> Effect:
    """The effect with its measure's items (one set of words each) and their union."""
    kept = tuple(item for item in items if item)
    return _replace(effect, measure=frozenset().union(*kept), items=kept if len(kept) > 1 else ())


def _named(tokens: Sequence[_Token], hints: frozenset[str]) -> frozenset[str]:
    """What a sentence without an effect speaks of, its groups aside ("Itchy eyes were scored daily.")."""
    words = " ".join(token.text for token in tokens if token.word not in _CUE_WORDS)
    return measure_stems(words) - hints if tokens else frozenset()


def _p_value_only(
    text: str,
    tokens: list[_Token],
    start: int,
    end: int,
    intervention: frozenset[str],
    comparator: frozenset[str],
) -> list[Effect]:
    """A comparison stated only by a p-value that is not significant ("4 vs 2 events (p = 0.40)") says no
    difference was found; baselines are left out (groups are compared there before anything was done)."""
    sentence = text[start:end]
    match = _P_VALUE.search(sentence)
    if match is None or "baseline" in sentence.lower() or _significance(text, tokens, 0) is not False:
        return []
    if not (" vs" in sentence or "versus" in sentence or "compared" in sentence or "between" in sentence):
        return []
    measure = measure_stems(" ".join(token.text for token in tokens)) - intervention - comparator
    effect = Effect(
        direction=NONE,
        significant=False,
        measure=measure,
        subject=frozenset(),
        reference=frozenset(),
        within=False,
        comparative=True,
        cue=match.group(),
        start=start,
        end=end,
        sentence_start=start,
    )
    return [effect]


_LETTERS = re.compile(r"[a-z]+(?:'t)?")


def claim_effects(sentence: str) -> list[Effect]:
    """The effects an article's sentence claims, read after an opening frame that sets the scene ("In a
    small randomized study of 25 stroke inpatients in Korea, a fall-prevention programme improved balance"
    claims of the programme, not of the study); offsets stay those of ``sentence``."""
    return list(_claim_effects(sentence))


@functools.lru_cache(maxsize=4096)  # extraction and the direction checker read each claim sentence
def _claim_effects(sentence: str) -> tuple[Effect, ...]:
    effects = _sides_shared(read_effects(_without_scene(sentence)))
    associations = _associations(sentence)
    if not associations:
        return tuple(effects)
    outside = [e for e in effects if not any(e.start < a.end and a.start < e.end for a in associations)]
    return tuple(sorted(outside + associations, key=lambda effect: effect.start))


def _sides_shared(effects: list[Effect]) -> list[Effect]:
    """One comparison said twice in a row ("X patients woke up faster, with a shorter recovery time than
    the Y group"): the first names only its group, the second only the group it is set against, both of
    one measure and one way; each is given the side the other names."""
    shared = list(effects)
    for index, (first, second) in enumerate(zip(effects, effects[1:])):
        if (
            first.subject
            and not first.reference
            and second.reference
            and not second.subject
            and first.measure == second.measure
            and first.direction == second.direction
        ):
            shared[index] = _replace(first, reference=second.reference)
            shared[index + 1] = _replace(second, subject=first.subject)
    return shared


# "Linked higher blood vitamin D with fewer cataracts", "lower income was associated with more smoking": an
# exposure's level, said to go with a direction of an outcome (read on the claim side only).
_LEVEL = r"higher|lower|more|less|greater|fewer|larger|smaller|increased|reduced|decreased|better|worse"
_ASSOCIATED = r"linked|associated|tied|connected|correlated"
_LEVEL_WORDS = frozenset(_LEVEL.split("|"))
_ASSOCIATIONS = (
    re.compile(
        rf"\b(?P<verb>{_ASSOCIATED})\s+(?P<level>{_LEVEL})\s+(?P<exposure>[\w\s'-]{{2,60}}?)\s+(?:with|to)\s+"
        rf"(?P<change>{_LEVEL})\s+(?P<outcome>[\w\s'-]{{2,60}}?)(?=\s+(?:in|among|for|at|after|during)\b|[,;.]|$)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?P<level>{_LEVEL})\s+(?P<exposure>[\w\s'-]{{2,60}}?)\s+(?:was|were|is|are)\s+(?:\w+\s+)?"
        rf"(?P<verb>{_ASSOCIATED})\s+(?:with|to)\s+(?P<change>{_LEVEL})\s+"
        rf"(?P<outcome>[\w\s'-]{{2,60}}?)(?=\s+(?:in|among|for|at|after|during)\b|[,;.]|$)",
        re.IGNORECASE,
    ),
)
# "Exercise was associated with lower blood pressure": an exposure named without a level, said to go with
# a direction of an outcome (the exposure is the group, the outcome the measure).
_ASSOCIATED_WITH_A_LEVEL = re.compile(
    rf"(?P<exposure>\b[\w'-][\w\s'-]{{1,60}}?)\s+(?:was|were|is|are)\s+(?:\w+\s+)?(?P<verb>{_ASSOCIATED})\s+"
    rf"(?:with|to)\s+(?P<change>{_LEVEL})\s+(?P<outcome>[\w\s'-]{{2,60}}?)"
    rf"(?=\s+(?:in|among|for|at|after|during)\b|[,;.]|$)",
    re.IGNORECASE,
)


def _associations(sentence: str) -> list[Effect]:
    """Each association the sentence states, as an effect of the exposure's higher level against its lower
    one: "linked higher vitamin D with fewer cataracts" says cataracts were fewer with higher vitamin D
    than with lower; a lower level said of the exposure turns the direction round."""
    found = []
    for pattern in _ASSOCIATIONS:
        for match in pattern.finditer(sentence):
            change = _CUES.get(match["change"].lower())
            exposure, outcome = measure_stems(match["exposure"]), measure_stems(match["outcome"])
            if (
                change is None
                or not exposure
                or not outcome
                or _body_region(match["level"], match["exposure"])
            ):
                continue
            if _CUES.get(match["level"].lower()) == DOWN:
                change = OPPOSITE[change]
            start = min(match.start("verb"), match.start("level"))
            found.append(
                Effect(
                    direction=change,
                    significant=None,
                    measure=outcome,
                    subject=exposure | {"higher"},
                    reference=exposure | {"lower"},
                    within=False,
                    comparative=True,
                    cue=sentence[start : match.end("change")],
                    start=start,
                    end=match.end(),
                    sentence_start=0,
                )
            )
    if found:
        return found
    for match in _ASSOCIATED_WITH_A_LEVEL.finditer(sentence):
        change = _CUES.get(match["change"].lower())
        exposure, outcome = measure_stems(match["exposure"]), measure_stems(match["outcome"])
        if change is None or not exposure or not outcome:
            continue
        found.append(
            Effect(
                direction=change,
                significant=None,
                measure=outcome,
                subject=exposure,
                reference=frozenset(),
                within=False,
                comparative=True,
                cue=sentence[match.start("verb") : match.end("change")],
                start=match.start("verb"),
                end=match.end(),
                sentence_start=0,
            )
        )
    return found


def _without_scene(sentence: str) -> str:
    """The sentence with its opening frame blanked out when the frame names a study, a count, a population
    or a place and no arm, comparison, time or change."""
    first = _TOKEN.search(sentence)  # most sentences open with no scene: no need to read them all
    if first is None or _fold_word(first.group()) not in _SCENE_OPENERS:
        return sentence
    tokens = _tokens(sentence)
    comma = next((index for index, token in enumerate(tokens) if token.word == ","), None)
    if comma is None or comma < 2 or comma + 1 >= len(tokens):
        return sentence
    frame = tokens[1:comma]
    words = {token.word for token in frame}
    if words & (_ARM_IN_A_FRAME | _CONTROL_ROLE | _CUE_WORDS) or {singular(word) for word in words} & TIME:
        return sentence
    scene = (
        words & (_SCENE_WORDS | _GROUP_NOUNS)
        or any(token.word[:1].isdigit() or is_number_word(token.word) for token in frame)
        or any(token.text[:1].isupper() for token in frame)
    )
    end = tokens[comma].end
    return " " * end + sentence[end:] if scene else sentence


def _may_state_an_effect(sentence: str) -> bool:
    """A quick look before the reading: a change word, or a p-value (most sentences have neither)."""
    return (
        bool(_CUE_WORDS & set(_LETTERS.findall(sentence.lower())))
        or "p" in sentence.lower()
        and bool(_P_VALUE.search(sentence))
    )


def _without_asides(tokens: list[_Token]) -> list[_Token]:
    """The tokens outside brackets, where figures, p-values and table references are; a few bracketed words
    stay ("systolic blood pressure (SBP)", "(Group M)"), and so do the names of a bracket that lists them
    with their own spelled-out names ("[COGNISTAT (...) and MMSE (...)]"). Significance is read from the
    raw text."""
    kept: list[_Token] = []
    levels: list[tuple[list[_Token], list[_Token]]] = []  # per open bracket: its own words, its kept asides
    for token in tokens:
        if token.word in "([":
            levels.append(([], []))
        elif token.word in ")]" and levels:
            own, asides = levels.pop()
            if 0 < len(own) <= 3 and all(t.word[:1].isalpha() for t in own):
                (levels[-1][1] if levels else kept).extend(sorted(own + asides, key=lambda t: t.start))
        elif levels:
            levels[-1][0].append(token)
        else:
            kept.append(token)
    return kept


_BEFORE_MEDICINE_DROPS = frozenset(
    {
        "any",
        "eye",
        "ear",
        "nose",
        "nasal",
        "no",
        "these",
        "those",
        "the",
        "with",
        "without",
        "using",
        "daily",
        "steroid",
        "antibiotic",
        "lubricating",
        "artificial",
        "dilating",
        "drops",
    }
)
_AFTER_A_DROP = frozenset({"in", "of", "to", "from", "by", "below", "after"})
_ARM_PREPOSITIONS = frozenset({"on", "with", "in", "to", "receiving", "given", "using", "into"})
_VARIOUS_AFTER = frozenset({"in", "at", "from", "across", "among", "for", "with", "of"})
_DIFFER_VERBS = frozenset({"differ", "differed", "differs", "differing"})  # cues of [difference]
_GROUPS_BEFORE_DIFFER = frozenset(
    "group groups arm arms both drug drugs treatment treatments regimen regimens technique techniques".split()
)
_ROUGHLY = frozenset({"about", "roughly", "much", "nearly", "almost", "broadly", "essentially", "largely"})
_AFTER_THE_SAME = frozenset({"in", "for", "with", "between", "across", "among", "at", "as", "and", "after"})
_SEVERAL = frozenset({"several", "many", "various", "numerous", "multiple", "few", "some"})
_PLACE_COMPARATIVES = frozenset({"lower", "upper", "greater", "higher"})
_BODY_PARTS = frozenset(_TABLE["body_parts"]["words"])


def _cue_indexes(tokens: Sequence[_Token]) -> list[int]:
    cues: list[int] = []
    names: list[int] = []
    for index, token in enumerate(tokens):
        direction = _CUES.get(token.word)
        if direction is None or token.word in _NOT_CUES:
            continue
        following = tokens[index + 1].word if index + 1 < len(tokens) else ""
        previous = tokens[index - 1].word if index else ""
        if token.word in _NEEDS_ON and following != "on" and previous not in _NEGATIONS:
            continue
        if token.word in _NOMINAL and previous in _SUMMARY:
            continue  # "the mean difference in HbA1c" names a measure
        if _after_a_cue(tokens, index):
            continue  # "greater reductions in pain", "enhanced the increase in FBF", "did not reduce falls"
        if direction in (UP, DOWN) and following == "than" and _is_number(tokens, index + 2):
            continue  # "more than 50 patients" is a figure's bound
        if token.word in ("more", "less") and following == "than" and cues:
            continue  # "lowered the score more than placebo": how much the earlier change was
        after_than = tokens[index + 2].word if index + 2 < len(tokens) else ""
        if token.word in ("more", "less") and following == "than" and _CUES.get(after_than) in (UP, DOWN):
            continue  # "more than doubled": how much the next change was
        if (
            token.word == "more"
            and following == "than"
            and after_than in ("just", "merely", "simply", "only")
        ):
            continue  # "may offer more than just symptom relief": beyond, not an amount
        if token.word in _HOW_MUCH_OR_HOW_FAST and _follows_a_change(tokens, index):
            continue  # "improved (significantly) more", "rose faster among women": that change's size or pace
        if (
            (
                index
                and token.text[:1].isupper()
                and tokens[index + 1 : index + 2]
                and tokens[index + 1].text[:1].isupper()
            )
            or _before_a_place_name(tokens, index)
            or _names_a_body_region(tokens, index)
        ):
            continue  # "Lower Austria", "Greater Manchester", "the lower Jordan Valley": a name
        if token.word == "same" and not _about_the_same(tokens, index):
            continue  # "the same patients", "in the same trial": no comparison
        if _names_an_arm(tokens, index) or _levels_compared(tokens, index):
            continue  # "on the stronger solution", "with the lower dose": a group's name, not a change
        if token.word == "drops" and _names_medicine_drops(previous, following):
            continue  # "without any drops", "steroid drops": eye drops, not falls
        if token.word == "different" and _means_various(previous, following):
            continue  # "six different brands", "in different countries": various, not a difference
        if token.word in ("declined", "declines") and following in _REFUSED:
            continue  # "declined consent": refused, not fell
        if token.word in ("better", "worse") and previous in ("a", "an") and not _had(tokens, index - 1):
            continue  # "a better option" names a thing, not a change
        if token.word in _EVENT_NOUNS and previous in _BEFORE_A_NOUN and following not in ("in", "of"):
            continue  # "after a fall", "the risk of falls": an accident, not a change
        if token.word in _MOOD_PARTICIPLES and _names_a_mood(tokens, index):
            continue  # "depressed patients", "were depressed", "depressed mood": a state of mind
        if token.word in _STATE_PARTICIPLES and previous in _BEFORE_A_STATE:
            continue  # "the enlarged lymph nodes were removed": a state, not a change
        if (previous in _WISHES and not _needed_amount(previous, token.word)) or (
            previous == "for" and index > 1 and tokens[index - 2].word in _ASKING
        ):
            continue  # "most wanted better access", "called for lower prices": wished for, not found
        if token.word in ("superior", "inferior") and following not in _AFTER_SUPERIOR:
            continue  # "the inferior segment", "superior vena cava": places, not a comparison
        if (
            token.word in ("more", "less", "most", "least")
            and _compares_an_adjective(tokens, index)
            and not _said_of_people(tokens, index)
        ):
            continue  # "more effective", "less intense": another word's comparative, not an amount
        if token.word in _NOMINAL and _names_a_measure(previous, following):
            names.append(index)  # "weight loss", "pain intensity difference over 48 hours"
            continue
        cues.append(index)
    cues += _ellipses(tokens, cues)
    # A noun after a noun names a measure when the sentence states a change by other words ("pain
    # intensity difference was higher", "no difference in ECG changes"); otherwise it is the change ("an
    # amplitude decrease").
    named = [i for i in names if tokens[i].word in _COMPOUND or cues]
    return sorted(set(cues) | (set(names) - set(named)))


def _had(tokens: Sequence[_Token], index: int) -> bool:
    """Whether a having or reporting verb comes before ``index`` ("did report a", "had a")."""
    return index > 0 and tokens[index - 1].word in _HAVING


def _names_a_mood(tokens: Sequence[_Token], index: int) -> bool:
    """Whether a mood word at ``index`` says how people felt rather than that a value fell: it opens the
    sentence, follows an auxiliary or a degree, or qualifies people or their mood."""
    previous = tokens[index - 1].word if index else ""
    following = tokens[index + 1 : index + 2]
    return (
        not index
        or previous in _AUXILIARY
        or previous in _DEGREES
        or _only_people(following)
        or any(token.word in _MOOD_NOUNS for token in following)
    )


def _needed_amount(previous: str, word: str) -> bool:
    """ "Needed more transfusions", "required less analgesia": an amount used, not a wish."""
    return previous in ("needed", "required") and word in ("more", "less", "fewer")


def _said_of_people(tokens: Sequence[_Token], index: int) -> bool:
    """ "Viewers were no more confident", "patients were less anxious": how people felt or were, a measure
    of them (the adjective), not another word's comparative."""
    if tokens[index].word not in ("more", "less"):
        return False
    at = index - 1
    while at >= 0 and (tokens[at].word in _NEGATIONS or tokens[at].word in _FILLER):
        at -= 1  # "were not significantly more satisfied"
    if at < 1 or tokens[at].word not in _AUXILIARY:
        return False
    return _only_people(_after_frame(list(tokens[:at])))


def _compares_an_adjective(tokens: Sequence[_Token], index: int) -> bool:
    """ "More effective than", "less intense": the comparative of the adjective after it, not an amount; but
    "more frequent", "more likely to" compare how often, and "less bacterial growth" an amount of the noun
    the adjective qualifies."""
    following = tokens[index + 1].word if index + 1 < len(tokens) else ""
    if following in _HOW_OFTEN or not _ADJECTIVE_ENDING.search(following):
        return False
    after = tokens[index + 2].word if index + 2 < len(tokens) else ""
    noun = after[:1].isalpha() and after not in _NOT_A_NOUN_AFTER_ADJECTIVE
    return not (noun and (after not in _CUES or after in _NOT_CUES))


def _ellipses(tokens: Sequence[_Token], cues: Sequence[int]) -> list[int]:
    """The "not" of "..., but not at 6 months" after a change: the same change denied for another time or
    group, a statement of its own (its "not" is its cue)."""
    found = []
    for index in range(2, len(tokens) - 1):
        if (
            tokens[index].word == "not"
            and tokens[index - 1].word == "but"
            and tokens[index + 1].word in _ELLIPSIS_NEXT
            and any(cue < index for cue in cues)
        ):
            found.append(index)
    return found


def _follows_a_change(tokens: Sequence[_Token], index: int) -> bool:
    previous = index - 1
    while previous >= 0 and tokens[previous].word in _FILLER:
        previous -= 1
    return previous >= 0 and _CUES.get(tokens[previous].word) in (UP, DOWN, BETTER, WORSE)


def _after_a_cue(tokens: Sequence[_Token], index: int) -> bool:
    """A change-noun right after a change word, articles aside ("greater reductions", "enhanced the rise")."""
    previous = index - 1
    while previous >= 0 and tokens[previous].word in ("the", "a", "an", "its", "their"):
        previous -= 1
    if previous > 0 and tokens[previous].word in ("to", "in", "of") and tokens[index].word in _NOMINAL:
        return _CUES.get(tokens[previous - 1].word) == DIFFERENT  # "no difference to the change in pain"
    return previous >= 0 and _CUES.get(tokens[previous].word) in (UP, DOWN)


def _names_a_measure(previous: str, following: str) -> bool:
    return (
        previous[:1].isalpha()
        and previous not in _FILLER | _STOP | _NEGATIONS
        and previous not in _CUES
        and following not in ("in", "of", "on", "from")
    )


def _is_number(tokens: Sequence[_Token], index: int) -> bool:
    """A number in digits or words, or a half ("more than two years", "fewer than half")."""
    if index >= len(tokens):
        return False
    word = tokens[index].word
    return word[:1].isdigit() or is_number_word(word) or word == "half"


def _about_the_same(tokens: Sequence[_Token], index: int) -> bool:
    """ "Came out about the same", "much the same in both groups": no difference, said with a hedge before
    "the same" and no noun after it."""
    following = tokens[index + 1].word if index + 1 < len(tokens) else ""
    return (
        index >= 2
        and tokens[index - 1].word == "the"
        and tokens[index - 2].word in _ROUGHLY
        and (not following[:1].isalpha() or following in _AFTER_THE_SAME)
    )


def _means_various(previous: str, following: str) -> bool:
    """ "Different" after a number, a quantifier or a preposition and before a plural noun ("six different
    brands", "in different ways") says there were several kinds, not that two groups differed."""
    several = bool(previous) and (is_number_word(previous) or previous in _SEVERAL)
    plural_after_preposition = (
        previous in _VARIOUS_AFTER and following.endswith("s") and following not in _CUES
    )
    return several or plural_after_preposition


def _names_an_arm(tokens: Sequence[_Token], index: int) -> bool:
    """A comparative between "on the", "with the", "in the" ... and a noun names what a group was given or
    where ("on the stronger solution", "with the lower dose", "in the upper arm"), not a change."""
    if index < 2 or index + 1 >= len(tokens) or tokens[index - 1].word != "the":
        return False
    following = tokens[index + 1].word
    return (
        tokens[index - 2].word in _ARM_PREPOSITIONS
        and following[:1].isalpha()
        and following not in _CUES
        and following not in ("than", "and", "or")
    )


def _names_people_by_a_level(tokens: Sequence[_Token], index: int) -> bool:
    """ "In men with higher vitamin D levels than in those with lower levels": people picked out by a level
    of something, a group's name, not a change."""
    return (
        index >= 2
        and tokens[index].word in _LEVEL_WORDS
        and tokens[index - 1].word == "with"
        and tokens[index - 2].word in PEOPLE
    )


def _levels_compared(tokens: Sequence[_Token], index: int) -> bool:
    """ "In men with higher vitamin D levels than in those with lower levels": two groups of people named by
    levels of one thing, compared; the levels name them, the change is said elsewhere ("patients with
    reduced potency" alone may be a finding's group or its change, and is left as it was)."""
    return _names_people_by_a_level(tokens, index) and any(
        _names_people_by_a_level(tokens, other) for other in range(len(tokens)) if other != index
    )


def _names_medicine_drops(previous: str, following: str) -> bool:
    """ "Drops" after a determiner, a preposition or a medicine's name and before no "in"/"of" ("without any
    drops", "antibiotic drops twice a day") are drops put in the eye, not falls ("drops in pressure")."""
    previous = previous.rsplit("-", 1)[-1]  # "steroid-antibiotic drops"
    return following not in _AFTER_A_DROP and (previous in _BEFORE_MEDICINE_DROPS or is_number_word(previous))


def _names_a_body_region(tokens: Sequence[_Token], index: int) -> bool:
    """ "The lower jaw", "lower limb surgery", "lower back pain": "lower" before a part of the body names its
    region, not a fall ("pain was lower than ..." is one)."""
    following = tokens[index + 1].word if index + 1 < len(tokens) else ""
    return _body_region(tokens[index].word, following)


def _body_region(word: str, following: str) -> bool:
    """Whether ``word`` is "lower" naming the region of the part of the body that ``following`` opens with."""
    parts = following.split()
    return word.lower() == "lower" and bool(parts) and parts[0].lower() in _BODY_PARTS


def _before_a_place_name(tokens: Sequence[_Token], index: int) -> bool:
    """ "The lower Jordan Valley", "upper Nile Basin": a comparative before a name of two capitalised words
    is part of the name of a place, not a change."""
    name = tokens[index + 1 : index + 3]
    return (
        tokens[index].word in _PLACE_COMPARATIVES
        and len(name) == 2
        and all(token.text.isalpha() and token.text.istitle() for token in name)
    )


def _read_sentence(
    text: str, tokens: list[_Token], intervention: frozenset[str], comparator: frozenset[str]
) -> list[Effect]:
    cues = _subject_names_dropped(tokens, _cue_indexes(tokens))
    if not cues:
        return []
    bounds = _segments(tokens, cues)
    effects: list[Effect] = []
    inherited_subject: frozenset[str] = frozenset()
    inherited_measure: tuple[frozenset[str], ...] = ()
    for cue, (low, high) in zip(cues, bounds):
        segment = tokens[low:high]
        effect = _read_segment(text, segment, cue - low, intervention, comparator)
        if effect is None:
            continue
        if not effect.measure or effect.measure <= _PRONOUNS | _VAGUE | _MOMENTS:
            effect = _measured(effect, inherited_measure)
            effect = _replace(effect, inherited=effect.inherited and not inherited_measure)
        elif len(effect.measures) == 1 and _part_of(effect.measure, inherited_measure):
            # An ellipsis names part of the measure just named: "increased odds of meeting the guideline at
            # 6 months and borderline increased odds at 12 months" (read, not plainly said).
            effect = _replace(_measured(effect, inherited_measure), inherited=True)
        if not effect.subject and not effect.reference and inherited_subject:
            effect = _replace(effect, subject=inherited_subject)
            effect = orient(effect, intervention, comparator)
        inherited_measure = effect.measures or inherited_measure
        inherited_subject = effect.subject or inherited_subject
        effects.append(effect)
    return effects


def _part_of(measure: frozenset[str], before: Items) -> bool:
    """Whether a measure names part of the one just named (an ellipsis); a thing named alone is not a moment
    of its course named before ("took longer to produce a sensory block, and the block wore off sooner": the
    block, not its onset)."""
    named = frozenset().union(*before)
    return measure < named and not (named - measure) & _ASPECTS


def _subject_names_dropped(tokens: Sequence[_Token], cues: list[int]) -> list[int]:
    """A change-noun that is the subject of the next change names a measure, not a change of its own
    ("the difference in hypotension did not differ", "the change in pain was greater")."""
    kept = []
    for index, cue in enumerate(cues):
        following = cues[index + 1] if index + 1 < len(cues) else None
        if (
            following is not None
            and _is_nominal(tokens, cue)
            and not any(tokens[i].word in _SEPARATORS for i in range(cue + 1, following))
            and any(
                tokens[i].word in _AUXILIARY or tokens[i].word in _NEGATIONS
                for i in range(cue + 1, following)
            )
        ):
            continue
        kept.append(cue)
    return kept


def _segments(tokens: Sequence[_Token], cues: Sequence[int]) -> list[tuple[int, int]]:
    """One stretch of the sentence per cue, cut at the last clause break between two cues, or at the last
    separator, or else before the words that lead up to the second ("pain fell and fatigue did not
    change")."""
    cuts = [0]
    for left, right in zip(cues, cues[1:]):
        between = [i for i in range(left + 1, right) if tokens[i].word in _SEPARATORS]
        between = [i for i in between if tokens[i].word in _CLAUSE_BREAKS] or between
        cut = right
        while cut - 1 > left and (
            tokens[cut - 1].word in _AUXILIARY
            or tokens[cut - 1].word in _NEGATIONS
            or tokens[cut - 1].word in _FILLER
        ):
            cut -= 1
        cuts.append(between[-1] + 1 if between else cut)
    cuts.append(len(tokens))
    return list(zip(cuts, cuts[1:]))


def _read_segment(
    text: str, segment: list[_Token], cue: int, intervention: frozenset[str], comparator: frozenset[str]
) -> Effect | None:
    opening = _finding_opens(segment, cue)
    segment, cue = segment[opening:], cue - opening
    cue_token = segment[cue]
    if cue_token.word == "not":  # "but not at 6 months": no change, of the measure said before
        return _replace(_read_segment_as(text, segment, cue, NONE, intervention, comparator), inherited=True)
    return _read_segment_as(text, segment, cue, _CUES[cue_token.word], intervention, comparator)


def _finding_opens(segment: Sequence[_Token], cue: int) -> int:
    """Where the finding starts when a report frames it: after "found that" in "An Italian study of 282
    cataract patients across 20 centres found that the drops kept the tear film stable" (the frame names
    who and where, never the measure)."""
    for index in range(cue - 1, 0, -1):
        if segment[index].word == "that" and segment[index - 1].word in _REPORTING_THAT:
            return index + 1
    return 0


def _read_segment_as(
    text: str,
    segment: list[_Token],
    cue: int,
    direction: str,
    intervention: frozenset[str],
    comparator: frozenset[str],
) -> Effect:
    cue_token = segment[cue]
    negation = None if cue_token.word == "not" else _negation_before(segment, cue)
    if negation is None and cue_token.word in ("different", "differ", "differed", "differs"):
        negation = _negation_before(segment, cue, reach=6)
    if negation is None and cue_token.word in _COMPARATIVES:
        negation = _negated_making(segment, cue)
    significant = _significance(text, segment, cue)
    if negation is not None:
        direction = DIFFERENT if direction == NONE else NONE
    reference_spans, between_spans = _reference_spans(segment)
    group_spans = between_spans + _group_spans(
        segment, cue, reference_spans + between_spans, intervention | comparator
    )
    measure_tokens, subject_tokens = _measure_and_subject(segment, cue, reference_spans, group_spans)
    # "borderline significantly increased odds": a word of significance names no group.
    subject = frozenset().union(*(stems(_words(segment, span)) for span in group_spans)) | (
        stems(" ".join(token.text for token in subject_tokens if token.word not in _NOT_SIGNIFICANT))
        - _NOT_GROUP
    )
    reference = frozenset().union(*(stems(_words(segment, span)) for span in reference_spans))
    items = _items(measure_tokens)
    items = _asked_how_soon(measure_tokens) or items
    kinds = _kinds_compared(segment, cue, measure_tokens, reference_spans) if not subject else None
    if kinds is not None:  # "telephone consultations were shorter than face-to-face ones"
        subject, items = kinds
    qualifiers = _qualifiers(measure_tokens)
    direction, items = _composed(direction, items)
    to = _time_taken(segment, cue)
    if to is not None:
        brought = segment[to + 1].word in _BRINGING_ABOUT
        items = tuple(item | {"time"} | ({"onset"} if brought else set()) for item in items)
    direction, items = _timed(cue_token.word, direction, items, lasting=_wears_off(segment, cue))
    first = segment[negation if negation is not None else cue]
    cue_words = text[first.start : cue_token.end]
    span_text = text[segment[0].start : segment[-1].end]
    effect = Effect(
        direction=direction,
        significant=significant,
        measure=frozenset(),
        subject=subject,
        reference=reference,
        within=bool(_EVERY_GROUP.search(span_text)) and direction != NONE,
        comparative=bool(reference)
        or cue_token.word in _COMPARATIVES | _FAVOUR  # "in favour of the Sensor On arm": over the other
        or "between" in {token.word for token in segment},
        cue=cue_words,
        start=segment[0].start,
        end=segment[-1].end,
        sentence_start=segment[0].start,
        inherited=not items and _refers_back(segment, cue),
        qualifiers=qualifiers,
    )
    return orient(_measured(effect, items), intervention, comparator)


def _asked_how_soon(tokens: Sequence[_Token]) -> Items:
    """ "How quickly the sensory block set in" is the block's onset, "how long the block lasted" its
    duration: the thing between the question word and the verb, with the aspect asked about; empty for
    any other words."""
    words = [token.word for token in tokens]
    if len(words) < 3 or words[0] != "how" or words[1] not in _HOW_SOON_ASKED:
        return ()
    aspect = _HOW_SOON_ASKED[words[1]]
    verbs = _STARTING if aspect else _LASTING
    end = next((index for index in range(2, len(words)) if words[index] in verbs), None)
    if end is None:  # "how quickly patients recovered": a time of its own, not an aspect of a thing
        return ()
    thing = measure_stems(" ".join(token.text for token in tokens[2:end]))
    return (thing | {aspect} - {""},) if thing else ()


def _kinds_compared(
    segment: Sequence[_Token], cue: int, measure_tokens: Sequence[_Token], references: Sequence[Span]
) -> tuple[frozenset[str], Items] | None:
    """Two kinds of one thing compared by a comparative ("telephone consultations were shorter than
    face-to-face consultations", "X tablets were cheaper than Y ones"): the words before the head noun name
    the group, the head noun (with its time, for "shorter" or "longer") the measure. None unless the
    measure and the "than" phrase end in one noun, or the "than" phrase ends in "ones"."""
    named = [token for token in measure_tokens if token.word[:1].isalpha() and token.word not in _AUXILIARY]
    if segment[cue].word not in _COMPARATIVES or len(references) != 1 or len(named) < 2:
        return None
    start, end = references[0]
    if end <= start or segment[start - 1].word not in _BEFORE_A_GROUP | {"than"}:
        return None
    head, other = named[-1], segment[end - 1]
    if other.word not in ("one", "ones") and _stem(other.word) != _stem(head.word):
        return None
    group, measure = measure_stems(" ".join(token.text for token in named[:-1])), stems(head.text)
    if not group or not measure or head.word in _GROUP_NOUNS:  # "patients ... than TAU patients": people
        return None
    measure |= {"time"} if segment[cue].word in _DURATIONS else frozenset()
    return group, (measure,)


# What ends the thing that came about ("to recover with propofol than with ...", "to produce a block, and").
_AFTER_WHAT_CAME = (
    _GROUP_PREPOSITIONS | _REFERENCE_MARKERS | frozenset({";", "(", ")", ",", "and", "when", "while"})
)


def _time_taken(segment: Sequence[_Token], cue: int) -> int | None:
    """Where the "to" of "took longer to produce a block", "needed less time to recover" is: a time until
    something came about, said by a taking verb before a comparative of duration (or "more"/"less time");
    None for any other shape ("took longer walks")."""
    after = cue + 1
    if segment[cue].word in ("more", "less") and after < len(segment) and segment[after].word == "time":
        after += 1
    elif segment[cue].word not in _DURATIONS:
        return None
    verb = cue - 1
    while verb >= 0 and segment[verb].word in _FILLER and segment[verb].word not in _TAKING:
        verb -= 1
    if verb < 0 or segment[verb].word not in _TAKING or after + 1 >= len(segment):
        return None
    return after if segment[after].word == "to" and segment[after + 1].word[:1].isalpha() else None


def _wears_off(segment: Sequence[_Token], cue: int) -> bool:
    """ "The block wore off sooner", "the effect faded faster": a speed said of something's end."""
    words = tuple(token.word for token in segment[:cue])
    return any(words[-len(phrase) :] == phrase for phrase in _WEARING_OFF)


_ENDING_WORDS = frozenset(word for phrase in _WEARING_OFF for word in phrase)


def _timed(cue: str, direction: str, items: Items, *, lasting: bool = False) -> tuple[str, Items]:
    """ "Came sooner", "faster recovery": less time, unless the measure is a pace ("faster walking speed");
    "the block wore off sooner" (``lasting``): a shorter block, its length the measure."""
    if cue not in _SOONER | _LATER or any(item & _PACE for item in items):
        return direction, items
    if lasting:
        ended = frozenset(_stem(word) for word in _ENDING_WORDS)
        return (DOWN if cue in _SOONER else UP), tuple(kept for item in items if (kept := item - ended))
    return (DOWN if cue in _SOONER else UP), tuple(item | {"time"} for item in items) or (
        frozenset({"time"}),
    )


def _composed(direction: str, items: Items) -> tuple[str, Items]:
    """A change of a change: "a greater decrease in pain" is a fall of pain, "a smaller improvement" worse."""
    measure = frozenset().union(*items)
    changes = [
        word
        for word in measure
        if word in _NOMINAL and word not in _EVENT_NOUNS and _CUES.get(word) in (UP, DOWN, BETTER, WORSE)
    ]
    if direction not in (UP, DOWN) or len(changes) != 1:
        return direction, items
    inner = _CUES[changes[0]]
    return (inner if direction == UP else OPPOSITE[inner]), items


def _negated_making(segment: Sequence[_Token], cue: int) -> int | None:
    """The negation of "did not, however, make the liver disease worse": before the making verb, past
    punctuation and connectives, with the measure between the verb and the cue."""
    making = next((i for i in range(cue - 1, max(cue - 9, -1), -1) if segment[i].word in _MAKING), None)
    if making is None:
        return None
    for index in range(making - 1, max(making - 6, -1), -1):
        word = segment[index].word
        if word in _NEGATIONS or word.endswith("n't"):
            return index
        if not (word in _FILLER or word in _AUXILIARY or word in _CONNECTIVES or not word[0].isalnum()):
            return None
    return None


def _negation_before(segment: Sequence[_Token], cue: int, reach: int = 4) -> int | None:
    """Index of a negation that governs the cue ("did not significantly reduce"), or None."""
    index, seen = cue - 1, 0
    while index >= 0 and seen < reach:
        word = segment[index].word
        if word in _NEGATIONS or word.endswith("n't"):
            return index
        if word not in _FILLER and word not in _AUXILIARY:
            seen += 1
            if seen >= 2:
                return None
        index -= 1
    return None


def _significance(text: str, segment: Sequence[_Token], cue: int) -> bool | None:
    """Significant, not significant, or not said: the words and p-values of the statement."""
    words = [token.word for token in segment]
    around = text[segment[0].start : segment[-1].end]
    p_value = _P_VALUE.search(around)
    for index, word in enumerate(words):
        if word in _NOT_SIGNIFICANT or word in ("ns", "n.s"):
            return False
        if word in _SIGNIFICANT and word != "statistically":
            before = words[max(index - 3, 0) : index]
            if any(w in _NEGATIONS or w == "non" for w in before):
                return False
            if "reach" in words or "reached" in words and "not" in words:
                return False
            return True
    if p_value:
        relation, number = p_value.groups()
        value = float(number.replace("\u00b7", "."))
        if relation in (">", "&gt;", "\u2265"):
            return False
        return value < 0.05 if relation in ("=",) else value <= 0.05
    return None


def _reference_spans(segment: Sequence[_Token]) -> tuple[list[Span], list[Span]]:
    """Token spans of the groups a statement compares with ("than (in) the control group", "vs placebo"),
    and of the first of two groups named by "between A and B" (B is a reference, A a group it is said of)."""
    spans: list[Span] = []
    firsts: list[Span] = []
    for index, token in enumerate(segment):
        if token.word not in _REFERENCE_MARKERS and token.word != "between":
            continue
        if token.word == "than" and _is_number(segment, index + 1):
            continue  # "more than 4,000 eyes": a bound, not a group compared with
        start = index + 1
        while start < len(segment) and segment[start].word in _BEFORE_A_GROUP:
            start += 1
        end = _phrase_end(segment, start)
        if end <= start:
            continue
        if token.word != "between":
            spans.append((start, end))
            continue
        join = _first_and(segment, start)
        if join is not None:  # "between 30 mg, 60 mg or 90 mg and placebo"; "between the groups" names none
            second = join + 1
            while second < len(segment) and segment[second].word in _BEFORE_A_GROUP:
                second += 1
            firsts.append((start, join))
            spans.append((second, max(_phrase_end(segment, second), second)))
    return spans, firsts


def _first_and(segment: Sequence[_Token], start: int) -> int | None:
    """The "and" of "between A and B", A being a list or not ("between 30 mg, 60 mg or 90 mg and placebo")."""
    for index in range(start + 1, len(segment)):
        word = segment[index].word
        if word == "and":
            return index
        if word in ";()" or word in _CUES or word in _AUXILIARY:
            return None
    return None


def _group_spans(
    segment: Sequence[_Token], cue: int, references: Sequence[tuple[int, int]], hints: frozenset[str]
) -> list[tuple[int, int]]:
    """Token spans of the groups a statement is said of: "in the HTEA group", "with ketamine"."""
    taken = {i for start, end in references for i in range(start, end)}
    spans = []
    if segment[cue].word in _FAVOUR and cue + 2 < len(segment) and segment[cue + 1].word == "of":
        start = cue + 2
        while start < len(segment) and segment[start].word in _GROUP_LEAD:
            start += 1
        end = _phrase_end(segment, start)
        if end > start:
            spans.append((start, end))
            taken.update(range(start, end))
    for index, token in enumerate(segment):
        if token.word not in _GROUP_PREPOSITIONS or index in taken or index + 1 >= len(segment):
            continue
        if index == cue + 1 and _is_nominal(segment, cue):
            continue  # "a reduction in pain": the measure
        if (
            token.word == "with"
            and index
            and segment[index - 1].text[:1].isupper()
            and segment[index + 1].text[:1].isupper()
        ):
            continue  # "Coordination with Precision": a name
        start = index + 1
        while start < len(segment) and segment[start].word in _GROUP_LEAD:
            start += 1
        end = _phrase_end(segment, start)
        # "in patients given sitagliptin": people, or what they were given, make a group
        words = {token.word for token in segment[index + 1 : end]}
        stemmed = stems(" ".join(t.text for t in segment[start:end]))
        is_group = bool(
            token.word not in ("in", "for", "from", "by", "during", "within", "on")
            or words & _GROUP_NOUNS
            or stemmed & hints
            or words & _CONTROL_ROLE
            or _parallel_to_the_reference(segment, cue, index)
            or _given_to_people(segment, index)
        )
        if (
            index < cue
            and token.word != "in"
            and not (stemmed & hints or words & _GROUP_NOUNS | _CONTROL_ROLE)
            and not _given_to_people(segment, index)
        ):
            is_group = False
        if is_group and end > start and not taken & set(range(start, end)):
            spans.append((start, end))
            taken.update(range(start, end))
    return spans


def _given_to_people(segment: Sequence[_Token], index: int) -> bool:
    """ "Patients on propofol alone woke up faster", "women given the gel": what people were on, given or
    using names their group ("patients with severe pain" may name the measure)."""
    return (
        segment[index].word in ("on", "given", "receiving", "taking", "using")
        and index > 0
        and segment[index - 1].word in PEOPLE
    )


def _parallel_to_the_reference(segment: Sequence[_Token], cue: int, index: int) -> bool:
    """ "Longer in the rats than in the mice": the phrase after the comparative, opened by the preposition
    that opens the "than" phrase after it, names the group compared with the reference."""
    preposition = segment[index].word
    return index > cue and any(
        segment[at].word == "than" and segment[at + 1].word == preposition
        for at in range(index + 2, len(segment) - 1)
    )


def _phrase_end(segment: Sequence[_Token], start: int) -> int:
    """End of the noun phrase at ``start``: punctuation, a verb-like cue or a new phrase ends it."""
    end = start
    while end < len(segment):
        word = segment[end].word
        if word == "alone":  # "than steroid drops alone on the symptom score": the arm ends there
            return end + 1
        previous = segment[end - 1].word if end else ""
        named = (word == "drops" and _names_medicine_drops(previous, "")) or (
            end == start and _names_people_by_a_level(segment, end)
        )  # "steroid drops", "than in those with lower vitamin D levels": a name, no change
        if (
            word in ",;:.()[]"
            or word in _REFERENCE_MARKERS
            or (word in _CUES and not named)
            or word in _AUXILIARY
        ):
            break
        if (
            word
            in ("p", "and", "or", "but", "whereas", "while", "at", "after", "following", "during", "over")
            and end > start
        ):
            if word == "and" and end + 1 < len(segment) and segment[end + 1].word not in _AUXILIARY:
                end += 1  # "X and Y groups"
                continue
            break
        if word in ("in", "with", "for", "among") and end > start:
            break
        end += 1
    return end


def _measure_and_subject(
    segment: Sequence[_Token],
    cue: int,
    references: Sequence[Span],
    groups: Sequence[Span],
) -> tuple[list[_Token], list[_Token]]:
    """The measure's tokens and, for "X reduced Y", the subject's: before or after the cue by its kind."""
    taken = {i for start, end in (*references, *groups) for i in range(start, end)}
    to = _time_taken(segment, cue)
    if to is not None:  # "ropivacaine took longer to produce a sensory block than bupivacaine"
        end = to + 1
        while end < len(segment) and end not in taken and segment[end].word not in _AFTER_WHAT_CAME:
            end += 1
        done = segment[to + 2 : end] if end > to + 2 else segment[to + 1 : end]
        return list(done), [segment[i] for i in range(cue) if i not in taken]
    reported = _reported_measure(segment, cue, taken)
    if reported:
        return reported, []
    scored = _scored_on(segment, cue, taken)
    if scored:
        return scored, _content(
            [segment[i] for i in range(cue) if i not in taken and segment[i].word not in _SCORING]
        )
    before = [segment[i] for i in range(cue) if i not in taken]
    after_end = cue + 1
    while after_end < len(segment) and after_end not in taken and segment[after_end].word not in ";()":
        after_end += 1
    after = [segment[i] for i in range(cue + 1, after_end)]
    previous = [token.word for token in segment[max(cue - 3, 0) : cue]]
    predicative = any(word in _AUXILIARY for word in previous)
    if _is_nominal(segment, cue):
        return after[1:], _content(before)
    # "lowered 90-day mortality": a time written before the object is part of its name.
    named_from = 2 if len(after) > 2 and _is_number(after, 0) and after[1].word in TIME else 0
    transitive = (
        len(after) > named_from
        and after[named_from].word[:1].isalpha()
        and after[named_from].word not in _INTRANSITIVE_NEXT
    )
    noun = segment[cue].word in _NOMINAL and cue > 0 and segment[cue - 1].word in _DETERMINERS
    likely_to = len(after) > 2 and after[0].word == "likely" and after[1].word == "to"
    if segment[cue].word in ("more", "less") and likely_to:
        return after[2:], before  # "participants were more likely to meet the guideline"
    if segment[cue].word in ("more", "less") and after and after[0].word in _HOW_OFTEN:
        return _unless_pronoun(_after_frame(before)), []  # "nausea was more common with the pump"
    if _differ_in(segment[cue].word, before, after):
        return after[1:], []  # "the two groups did not differ in how quickly the block set in": every group
    if predicative and _people_in_a_state(segment[cue].word, before, after):
        return after[:1], []  # "patients were no more satisfied with surgery than with physiotherapy"
    if predicative or not transitive or noun:
        if noun and not _content(before):  # "significant improvements were found ... for tension"
            return after, []
        return _unless_pronoun(_after_frame(before)), []
    # "Sitagliptin enhanced GH secretion", "the X group had lower pain scores"
    return after, before


def _differ_in(cue: str, before: Sequence[_Token], after: Sequence[_Token]) -> bool:
    """ "The two groups did not differ in X": the groups before the verb, the measure after "in"."""
    groups_only = all(
        token.word in _GROUPS_BEFORE_DIFFER or is_number_word(token.word) for token in _content(before)
    )
    return cue in _DIFFER_VERBS and len(after) > 1 and after[0].word in ("in", "on") and groups_only


def _people_in_a_state(cue: str, before: Sequence[_Token], after: Sequence[_Token]) -> bool:
    """ "Viewers were no more confident ...", "patients were less anxious": people said to be more or less
    of a state, which the adjective after the comparative names (the people name no measure)."""
    return (
        cue in ("more", "less")
        and _only_people(_after_frame(list(before)))
        and bool(after)
        and _content_word(after[0].word)
        and after[0].word[:1].isalpha()
    )


def _only_people(tokens: Sequence[_Token]) -> bool:
    """Words that name people and nothing else ("the viewers were", not "trained people were")."""
    named = PEOPLE | _PEOPLE_TOO
    words = [token.word for token in tokens if token.word[:1].isalpha()]
    people = [word for word in words if word in named or word not in _STOP and word not in _AUXILIARY]
    return bool(people) and all(word in named for word in people)


def _scored_on(segment: Sequence[_Token], cue: int, taken: set[int]) -> list[_Token]:
    """The measure of "scored lower on coordination", "performed better in the memory test", "cost the
    health service less": what follows "on" or "in" after a verb of scoring (what the cost verb names);
    empty for any other shape. The words before the verb name who scored."""
    index = cue - 1
    while index >= 0 and (segment[index].word in _FILLER or segment[index].word in _AUXILIARY):
        index -= 1
    verb = index
    while verb >= 0 and segment[verb].word not in _SCORING | _COSTING and cue - verb <= 4:
        verb -= 1  # "cost the NHS less": the verb's object before the cue
    if verb < 0 or cue - verb > 4:
        return []
    if segment[verb].word in _COSTING:
        return [segment[verb]]
    if verb != index:
        return []
    start = cue + 1
    while start < len(segment) and segment[start].word in _FILLER - {"on", "in"}:
        start += 1
    if start < len(segment) and segment[start].word == "than":  # "better than those on X alone on the Y"
        start = next((index for index in range(start + 1, len(segment)) if index in taken), len(segment))
        while start in taken:
            start += 1
    if start + 1 >= len(segment) or segment[start].word not in ("on", "in"):
        return []
    end = start + 1
    while (  # "was rated lower in the ketamine group": a group, not a measure
        end < len(segment)
        and end not in taken
        and segment[end].word not in ";()"
        and segment[end].word not in _REFERENCE_MARKERS
    ):
        end += 1
    measured = list(segment[start + 1 : end])
    return measured if measure_stems(" ".join(token.text for token in measured)) else []


def _reported_measure(segment: Sequence[_Token], cue: int, taken: set[int]) -> list[_Token]:
    """The measure of a change-noun named after a reporting verb: "no significant changes were observed
    in lean body mass", "improvements were seen for tension"; empty for any other shape."""
    if segment[cue].word not in _NOMINAL:
        return []
    index = cue + 1
    # Up to the reporting verb, which is itself a filler word ("were found").
    while (
        index < len(segment)
        and segment[index].word not in _REPORTED
        and (segment[index].word in _AUXILIARY or segment[index].word in _FILLER)
    ):
        index += 1
    if index + 1 >= len(segment) or segment[index].word not in _REPORTED:
        return []
    index += 1
    # Past the groups it was observed in ("improvements were found in the TA group for tension", "no
    # effect observed between supplementation groups for indices of depression").
    while index < len(segment) and (
        segment[index].word in _FILLER or index in taken or index + 1 in taken and index + 1 < len(segment)
    ):
        index += 1
    if index < len(segment) and segment[index].word == "between":
        index += 1
        while index < len(segment) and segment[index].word not in ("for", "in", "on", "of", ";", "("):
            index += 1
    if index >= len(segment) or segment[index].word not in ("in", "for", "on", "of"):
        return []
    start = end = index + 1
    while (
        end < len(segment)
        and end not in taken
        and segment[end].word not in ";()"
        and (segment[end].word not in _REFERENCE_MARKERS and segment[end].word != "between")
    ):
        end += 1
    return list(segment[start:end])


def _refers_back(segment: Sequence[_Token], cue: int) -> bool:
    """The statement's measure is named before it: by a pronoun or a general word ("it rose", "the score
    was lower") or not at all ("... and remained elevated")."""
    index = cue - 1
    while index >= 0 and (
        segment[index].word in _FILLER
        or segment[index].word in _AUXILIARY
        or segment[index].word in _NEGATIONS
    ):
        index -= 1
    return index < 0 or segment[index].word in _PRONOUNS | _VAGUE


def _items(tokens: Sequence[_Token]) -> Items:
    """The measures a list of words names, each whole: "coughing, sputum and rales" is three; a lone
    modifier shares the next measure's noun ("systolic and diastolic blood pressure")."""
    parts: list[list[str]] = [[]]
    for index, token in enumerate(tokens):
        if _names_the_change(tokens, index):
            continue  # "the mean difference in HbA1c" measures HbA1c
        if (token.word in ("times", "fold") and index and _is_number(tokens, index - 1)) or (
            token.word.endswith("-fold") and is_number_word(token.word[: -len("-fold")])
        ):
            continue  # "about five times higher", "three-fold higher": how much, not what
        if token.word in _LIST_BREAKS:
            if parts[-1]:
                parts.append([])
        elif _is_name_part(token.text, index):
            parts[-1].append(_LETTER + token.word)  # "test A"
        else:
            parts[-1].extend(sorted(measure_stems(token.text)))
    parts = [_technical(part) for part in parts if part]
    items = []
    for index, part in enumerate(parts):
        following = parts[index + 1] if index + 1 < len(parts) else []
        if len(part) == 1 and len(following) >= 2 and _MODIFIER.search(part[0]):
            part = part + following[1:]
        items.append(frozenset(part))
    return tuple(items)


def _qualifiers(tokens: Sequence[_Token]) -> frozenset[str]:
    """The words of a measure after the first word that says where or how it was measured ("in", "on",
    "rated", "found"; ``data/outcomes.toml`` [qualifying]), less the words named before it: "the number of
    bacterial species found in stool samples" is qualified by {"stool", "sample"}."""
    words = [token.word for token in tokens]
    at = next((i for i, word in enumerate(words) if i and word in _QUALIFYING), None)
    if at is None:
        return frozenset()
    named = measure_stems(" ".join(token.text for token in tokens[:at]))
    if not named:
        return frozenset()
    return measure_stems(" ".join(token.text for token in tokens[at:])) - named


def _names_the_change(tokens: Sequence[_Token], index: int) -> bool:
    """A difference or change named inside a measure's words ("difference in hypotension", "the change of
    weight") is the change itself: what was measured follows it."""
    following = tokens[index + 1].word if index + 1 < len(tokens) else ""
    return tokens[index].word in _DIFFERENCE_NOUNS and following in ("in", "of")


def _is_nominal(segment: Sequence[_Token], cue: int) -> bool:
    """A change named as a noun, its measure after it: "a reduction in pain" (not "began to increase in")."""
    following = segment[cue + 1].word if cue + 1 < len(segment) else ""
    previous = segment[cue - 1].word if cue else ""
    return (
        segment[cue].word in _NOMINAL
        and (following in ("in", "of", "on") or following == "to" and segment[cue].word in _DIFFERENCE_NOUNS)
        and previous
        not in ("to", "did", "does", "do", "not", "will", "would", "may", "might", "could", "can")
    )


def _after_frame(tokens: list[_Token]) -> list[_Token]:
    """The words after an opening frame that says where or among whom ("Among 4,000 eyes treated at one
    centre, tears of the capsule were more frequent"): the frame names no measure."""
    if not tokens or tokens[0].word not in _FRAME_OPENERS:
        return tokens
    comma = next((index for index, token in enumerate(tokens) if token.word == ","), None)
    return tokens[comma + 1 :] if comma is not None and comma + 1 < len(tokens) else tokens


def _unless_pronoun(tokens: list[_Token]) -> list[_Token]:
    """A measure named by a pronoun ("it started to increase") is the previous statement's."""
    words = [token for token in tokens if token.word[:1].isalpha() and token.word not in _FILLER]
    return [] if words and words[0].word in _PRONOUNS else tokens


def _content(tokens: Sequence[_Token]) -> list[_Token]:
    return [
        token
        for token in tokens
        if token.word[:1].isalpha() and token.word not in _STOP and token.word not in _FILLER
    ]


def _words(segment: Sequence[_Token], span: tuple[int, int]) -> str:
    return " ".join(token.text for token in segment[span[0] : span[1]])


def orient(effect: Effect, intervention: frozenset[str], comparator: frozenset[str]) -> Effect:
    """Which side a statement is said of: the hinted intervention (+1), the comparator (-1), unknown (0).

    Words both groups share tell them apart from nothing ("the main river" and "tributaries of the river"):
    only the others are compared."""
    shared = effect.subject & effect.reference
    side = _side(effect.subject - shared, intervention, comparator)
    if not side:
        side = -_side(effect.reference - shared, intervention, comparator)
    return _replace(effect, orientation=side)


def tracks_a_measure(effect: Effect) -> bool:
    """ "Teenagers' intention rose with their caregivers' intention": a measure said to move with another of
    its kind, an association, not a change in a group compared with another."""
    verb = effect.cue.split()[-1].lower() if effect.cue else ""
    moved = effect.direction in (UP, DOWN) and verb not in _COMPARATIVES | _NOMINAL
    return moved and not effect.reference and bool(effect.subject & effect.measure)


def control_like(group: frozenset[str]) -> bool:
    """A group named by its control role ("placebo", "the control group", "usual care")."""
    return bool(group & _CONTROL_ROLE)


def _side(words: frozenset[str], intervention: frozenset[str], comparator: frozenset[str]) -> int:
    if not words:
        return 0
    mine, theirs = overlap(words, intervention), overlap(words, comparator)
    if mine != theirs:
        return 1 if mine > theirs else -1
    if words & _CONTROL_ROLE and not comparator & words:
        return -1 if not intervention & _CONTROL_ROLE else 0
    if words & _TREATMENT_ROLE:
        # "The intervention group" is the hinted intervention, unless that is named like a control too.
        return 0 if intervention & _CONTROL_ROLE else 1
    return 0


def _replace(effect: Effect, **changes: object) -> Effect:
    return dataclasses.replace(effect, **changes)  # type: ignore[arg-type]


# A change that carries its own figure ("a 30% reduction", "fell by 12 points", "two-fold higher").
_QUANTIFIED = re.compile(
    r"\d(?:[\d.,]*)\s*(?:%|percent|per cent|percentage points?|points?|-?fold)\s*(?:[\w-]+\s+){0,2}?"
    r"(?:reduction|decrease|increase|rise|drop|fall|decline|improvement|lower|higher|fewer|more|less|greater)"
    r"|\b(?:by|of)\s+(?:about\s+|nearly\s+|almost\s+|approximately\s+|around\s+|roughly\s+|some\s+|over\s+"
    r"|up to\s+)?\d[\d.,]*(?:\s*[-\u2013]\s*\d[\d.,]*)?\s*(?:%|percent|per cent|points?|-?fold)"
    # "twice daily", "three times a week": how often a dose was given, not how much a value changed
    r"|\b(?:half|halved|doubled|tripled|twice|three times)\b"
    r"(?![-\s]+(?:daily|weekly|monthly|a day|a week|per day))",
    re.IGNORECASE,
)


def effect_phrases(sentence: str) -> tuple[str, ...]:
    """What an article's sentence asserts of effects, as written from the negation or change word to the
    end of its statement ("did not reduce pain compared with placebo"); a change that carries a figure
    ("a 30% reduction") is the figures checker's."""
    if _NOT_A_RESULT.search(sentence):
        return ()
    phrases = []
    for effect in claim_effects(sentence):
        if not effect.measure:
            continue
        cue_at = sentence.find(effect.cue, effect.start)
        start = effect.start if cue_at < 0 else min(cue_at, effect.start)
        statement = sentence[start : effect.end].strip(" ,;")
        if _QUANTIFIED.search(statement) or _figures_say_it(statement, effect) or _from_to(statement, effect):
            continue
        phrases.append(statement)
    return tuple(dict.fromkeys(phrases))


_THAN = re.compile(r"\bthan\b|\binstead\s+of\b", re.IGNORECASE)


def _figures_say_it(statement: str, effect: Effect) -> bool:
    """A comparison whose two sides carry their own figures ("the swab found 77% of cases, far more than
    the culture (21%)", "shorter, nine months instead of eleven"): the figures say which way it goes and the
    figures checker decides them. Only when they lie the way the words say; figures against the words are
    left to the direction checker."""
    than = _THAN.search(statement)
    if effect.direction not in (UP, DOWN) or than is None:
        return False
    quantities = [q for q in find_quantities(statement) if not q.role]
    # The claim's own figure is in its running text: a bracket before "than" names a group ("A (200 μg)").
    before = [
        q
        for q in quantities
        if q.is_figure and q.unit and q.end <= than.start() and not _in_brackets(statement, q.start)
    ]
    units = {q.unit for q in before}
    # The other side's figure has the same unit, or none where the running text leaves it out ("eleven").
    after = [
        q.value
        for q in quantities
        if q.start >= than.end() and (q.unit in units or not q.unit and not _in_brackets(statement, q.start))
    ]
    if not before or not after or len(units) > 1:
        return False
    if effect.direction == UP:
        return min(q.value for q in before) > max(after)
    return max(q.value for q in before) < min(after)
    return max(before) < min(after)


def _in_brackets(text: str, at: int) -> bool:
    before = text[:at]
    return before.count("(") + before.count("[") > before.count(")") + before.count("]")


_FROM_TO = re.compile(
    r"\bfrom\s+(?P<before>(?:[^,;]|,(?=\d)){1,30}?)\s+to\s+(?P<after>(?:[^,;]|,(?=\d)){1,30})", re.IGNORECASE
)


def _from_to(statement: str, effect: Effect) -> bool:
    """A change written as its two figures ("pushed back the first request from 135 to 210 minutes"): the
    figures say what changed and the figures checker decides them. A rise or fall said in words must lie the
    way its figures do; a change for the better or worse is the figures' whichever way they go."""
    match = _FROM_TO.search(statement)
    if match is None or effect.direction not in (UP, DOWN, BETTER, WORSE):
        return False
    before = [q for q in find_quantities(match["before"]) if not q.role]
    after = [q for q in find_quantities(match["after"]) if not q.role]
    if len(before) != 1 or not after or before[0].unit not in ("", after[0].unit):
        return False
    rise = after[0].value > before[0].value
    return effect.direction not in (UP, DOWN) or rise == (effect.direction == UP)
