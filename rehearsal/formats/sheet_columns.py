"""What the columns and words of a run-of-show sheet mean.

People title their columns "Activity", "Mins", "Who" or "Watch for"; they write "Breakout
rooms" or "Lecture/Presentation" in a type column and "x" in a must-keep column. This
module holds the vocabularies that turn those words into the domain's fields and values.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from rehearsal.model import InteractionType, LeadRole


def _words(text: str) -> tuple[str, ...]:
    """Vocabulary written compactly: "title|segment|agenda item"."""
    return tuple(text.split("|"))


class Field(StrEnum):
    """A column's meaning. The values are the names a `--map field=COLUMN` option uses."""

    TITLE = "title"
    DURATION = "duration"
    START = "start"
    END = "end"
    SECTION = "section"
    SECTION_ID = "section_id"
    TYPE = "type"
    LEAD = "lead"
    LEAD_PERSON = "lead_person"
    INTENT = "intent"
    NOTES = "notes"
    PRODUCER = "producer"
    MATERIALS = "materials"
    CONTINGENCY = "contingency"
    CUE = "cue"
    ID = "id"
    NON_NEGOTIABLE = "non_negotiable"
    FLEXIBLE = "flexible"
    FLEX_MIN = "flex_min"
    FLEX_MAX = "flex_max"
    MARKER = "marker"
    SKIP = "skip"
    TIMER_TYPE = "timer_type"
    TRANSITION = "transition"
    TRANSITION_CUE = "transition_cue"
    TRANSITION_ID = "transition_id"


# What a header may mean, as a scoring table: each normalised header (see `normalize`; units
# in brackets and trailing unit words are dropped first, see `sheet_guess`) and the fields it
# may name with a score. 3: the usual name of the field. 2: a common name another column may
# claim better ("Time" is a duration unless the values are clock times or a "Duration"
# column exists). 1: a last resort ("Comments" are the notes when no notes column exists).
# `sheet_guess` adds what the column's values say and assigns the whole header row at once.
# English first, then German, French, Spanish and Dutch (written without accents).
_HEADER_TABLE: dict[Field, dict[int, str]] = {
    Field.TITLE: {
        3: "title|segment|activity|item|agenda item|agenda|event|event title|event name|"
        "segment title|segment name|activity name|session title|step title|content|"
        "titel|aktivitat|programmpunkt|tagesordnungspunkt|inhalt|titre|activite|sequence|"
        "contenu|titulo|actividad|contenido|onderwerp|activiteit|agendapunt|inhoud|"
        "programmaonderdeel",
        2: "block|topic|step|session|name|what|thema|sujet|tema|bloc|bloque|blok|wat|was|quoi|que|"
        "onderdeel",
    },
    Field.SECTION: {
        3: "section|module|part|chapter|unit|phase|section title|module title|section name|"
        "abschnitt|teil|modul|kapitel|partie|chapitre|seccion|parte|modulo|deel|hoofdstuk|"
        "fase",
        2: "group",
        1: "block|session|topic|thema|sujet|tema|bloc|bloque|blok|onderdeel",
    },
    Field.DURATION: {
        3: "duration|length|mins|minutes|dur|planned duration|planned time|time allocated|"
        "allocated time|allotted time|time allotted|runtime|run time|est time|"
        "estimated time|timebox|time box|how long|planned length|target duration|hoe lang|"
        "wie lange|"
        "dauer|minuten|lange|zeitbedarf|zeitrahmen|duree|temps|duracion|minutos|duur|"
        "tijdsduur|lengte",
        2: "time|timing|planned|min|zeit|tijd|tiempo",
    },
    Field.START: {
        3: "start|time start|start time|starts|begin|begins|from|planned start|"
        "scheduled start|start at|starts at|clock|clock time|beginn|startzeit|uhrzeit|von|"
        "ab|debut|heure|heure de debut|horaire|inicio|hora de inicio|hora inicio|desde|"
        "starttijd|begintijd|van|aanvang",
        2: "time|when|hora|zeit|tijd|at|timing",
    },
    Field.END: {
        3: "end|time end|end time|ends|finish|finish time|to|until|scheduled end|"
        "planned end|ende|endzeit|bis|fin|heure de fin|hasta|hora de fin|hora fin|eind|"
        "einde|eindtijd|tot",
    },
    Field.TYPE: {
        3: "type|method|interaction|format|interaction type|activity type|segment type|"
        "mode|methodology|technique|tool|delivery method|delivery|modality|methode|"
        "sozialform|lernform|art|typ|methodik|type d activite|modalite|tipo|metodo|"
        "modalidad|metodologia|tipo de actividad|werkvorm|werkvormen|soort|methodiek",
        2: "how|wie|como",
        1: "activity|activite|actividad|activiteit",
    },
    Field.LEAD: {
        3: "lead|owner|speaker|who|who leads|presenter|led by|responsible|role|lead role|"
        "speaker role|presenter role|facilitator role|"
        "facilitated by|by|trainer|host|facilitator|instructor|presented by|delivered by|"
        "speakers|presenters|wer|referent|referentin|verantwortlich|rolle|durch|qui|"
        "animateur|animatrice|intervenant|formateur|responsable|par|quien|ponente|"
        "facilitador|rol|a cargo|wie|spreker|begeleider|door|verantwoordelijke",
        2: "moderator|moderation|leads",
    },
    Field.LEAD_PERSON: {
        3: "lead person|lead name|person|presenter name|speaker name|facilitator name|"
        "trainer name|host name|name of presenter|name of speaker|persoon|personne|persona",
        2: "speaker|presenter|who|owner|facilitator|trainer|host|instructor|referent|"
        "intervenant|ponente|spreker|wer|qui|quien|wie|lead|led by|by|responsible",
        1: "name",
    },
    Field.INTENT: {
        3: "intent|objective|purpose|why|goal|learning objective|outcome|objectives|"
        "learning outcome|aim|design intent|learning goal|goals|ziel|lernziel|zweck|warum|"
        "objectif|objectifs|pourquoi|objetivo|objetivos|proposito|por que|doel|leerdoel|"
        "waarom",
    },
    Field.NOTES: {
        3: "facilitator notes|facilitator note|speaker notes|trainer notes|presenter notes|"
        "host notes|instructor notes|facilitation notes|script|talking points|"
        "trainer hinweise|notes formateur|notes animateur|notas del facilitador",
        # A "Facilitator" column of sentences is the facilitator's notes, not the lead.
        2: "notes|note|description|details|instructions|notizen|anmerkungen|hinweise|"
        "beschreibung|ablauf|remarques|deroulement|notas|descripcion|notities|toelichting|"
        "beschrijving|facilitator|trainer",
        1: "comment|comments|remarks|kommentar|bemerkungen|commentaire|commentaires|"
        "comentario|comentarios|observaciones|opmerking|opmerkingen",
    },
    Field.PRODUCER: {
        3: "producer notes|producer note|producer cues|producer cue|what to watch for|"
        "watch for|tech notes|production notes|producer tasks|tech cues|av notes|"
        "technical notes|cues|regie|technik|produktion|notes producteur|technique notes|"
        "notas de produccion|produccion|productie|techniek",
        2: "producer|tech|production|av|technical|produzent|producteur|productor|producent",
    },
    Field.MATERIALS: {
        3: "materials|material|slides|slide|slide numbers|slide no|slide #|slide nr|"
        "resources|assets|handouts|links|link|files|media|materialien|unterlagen|folien|"
        "materiel|support|supports|diapositives|materiales|recursos|diapositivas|materialen|"
        "hulpmiddelen|dias",
    },
    Field.CONTINGENCY: {
        3: "contingency|backup|plan b|fallback|backup plan|if it goes wrong|"
        "contingency plan|if time is short|if short on time|if behind|if running late|"
        "notfallplan|alternative|repli|plan de secours|contingencia|noodplan",
    },
    Field.CUE: {
        3: "cue|cue number|cue no|cue #|number|no|nr|#|ref|item no|item #|step no|nummer|"
        "numero|num|n",
        1: "cues",
    },
    Field.ID: {3: "id|segment id|uuid"},
    Field.NON_NEGOTIABLE: {
        3: "non negotiable|nonnegotiable|fixed|must keep|must have|keep|locked|protected|"
        "required|essential|core|mandatory|must do|pflicht|fix|obligatoire|indispensable|"
        "obligatorio|verplicht|vast",
    },
    Field.FLEXIBLE: {
        3: "flexible|flex|can cut|optional|compressible|cuttable|nice to have|"
        "cut if needed|flexibel|optionnel|facultatif|opcional|optioneel",
    },
    Field.FLEX_MIN: {
        3: "flex min|flexible min|min duration|minimum|minimum duration|shortest|"
        "min length|flex minimum|min time|at least",
        1: "min",
    },
    Field.FLEX_MAX: {
        3: "flex max|flexible max|max duration|maximum|maximum duration|longest|"
        "max length|flex maximum|max time|at most",
        2: "max",
    },
    Field.MARKER: {3: "marker|milestone"},
    Field.SKIP: {3: "skip|skipped|omit"},
    Field.TIMER_TYPE: {3: "timer type|timertype|timer"},
    Field.TRANSITION: {
        3: "transition|transition allowance|handoff|hand off|changeover|transition time",
    },
    Field.TRANSITION_CUE: {3: "transition cue|handoff cue|hand off cue"},
    Field.TRANSITION_ID: {3: "transition id"},
    Field.SECTION_ID: {3: "section id"},
}

# Header words → [(field, score)], highest score first.
HEADER_WORDS: dict[str, tuple[tuple[Field, int], ...]] = {}
for _field, _by_score in _HEADER_TABLE.items():
    for _score, _text in _by_score.items():
        for _alias in _words(_text):
            HEADER_WORDS[_alias] = (*HEADER_WORDS.get(_alias, ()), (_field, _score))
for _alias, _meanings in HEADER_WORDS.items():
    HEADER_WORDS[_alias] = tuple(sorted(_meanings, key=lambda m: -m[1]))

# Words after which a header names its unit, not its meaning: "Length in minutes".
UNIT_WORDS = frozenset(
    _words(
        "min|mins|minutes|minute|minuten|minutos|sec|secs|seconds|s|h|hr|hrs|hour|hours|"
        "hh|mm|ss|in|hh mm|h mm|mm ss|hh mm ss|h mm ss|m"
    )
)
# Leading words that qualify a header without changing its meaning: "Planned length".
QUALIFIER_WORDS = frozenset(_words("planned|estimated|est|target|approx|approximate|total"))
# The last word of a header naming someone's notes ("Producer notes", "Co-fac tips").
NOTE_WORDS = frozenset(
    _words("notes|note|cues|cue|tasks|instructions|script|tips|notizen|hinweise|notas|notities")
)

# The header our own export writes for each field, in column order.
EXPORT_HEADERS: dict[Field, str] = {
    Field.ID: "ID",
    Field.CUE: "Cue",
    Field.SECTION: "Section",
    Field.TITLE: "Title",
    Field.DURATION: "Duration",
    Field.START: "Start",
    Field.END: "End",
    Field.TYPE: "Type",
    Field.LEAD: "Lead",
    Field.LEAD_PERSON: "Lead person",
    Field.INTENT: "Intent",
    Field.NON_NEGOTIABLE: "Non-negotiable",
    Field.FLEX_MIN: "Flex min",
    Field.FLEX_MAX: "Flex max",
    Field.NOTES: "Facilitator notes",
    Field.PRODUCER: "Producer cues",
    Field.MATERIALS: "Materials",
    Field.CONTINGENCY: "Contingency",
    Field.MARKER: "Marker",
    Field.SKIP: "Skip",
    Field.TRANSITION: "Transition",
    Field.TRANSITION_CUE: "Transition cue",
    Field.SECTION_ID: "Section ID",
    Field.TRANSITION_ID: "Transition ID",
}

# Names a mapping may use besides the field values ("type" is the documented one).
MAPPING_NAMES: dict[str, Field] = {
    **{f.value: f for f in Field},
    "interaction": Field.TYPE,
    "facilitator_notes": Field.NOTES,
    "producer_cues": Field.PRODUCER,
    "non-negotiable": Field.NON_NEGOTIABLE,
    "section-id": Field.SECTION_ID,
}

_NON_WORD = re.compile(r"[^\w#]+|_+")


def normalize(text: str) -> str:
    """Lower case without accents, punctuation and repeated whitespace folded to one space.

    >>> normalize("  Time-Start: "), normalize("Duration\\n(mins)"), normalize("Q&A")
    ('time start', 'duration mins', 'q and a')
    >>> normalize("Durée (Min.)"), normalize("Länge"), normalize("Название")
    ('duree min', 'lange', 'название')
    """
    folded = text.strip().casefold().replace("&", " and ").replace("’", "'").replace("'", "")
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", folded).strip()


def duration_unit_s(header: str) -> int:
    """Seconds per bare number in a duration column: minutes unless the header says so."""
    key = normalize(header)
    words = set(key.split())
    if words & {"sec", "secs", "second", "seconds", "s", "sek", "sekunden"}:
        return 1
    if words & {"hour", "hours", "hr", "hrs", "h", "std", "stunden", "heures", "horas", "uur"}:
        return 3600
    return 60


def reads_hours_minutes(header: str) -> bool:
    """Whether "0:10" in the column means ten minutes: its header says "(hh:mm)"."""
    key = f" {normalize(header)} "
    return (" hh mm " in key or " h mm " in key) and " ss " not in key


# --- values -------------------------------------------------------------------------------

_INTERACTION_VOCABULARY: dict[InteractionType, str] = {
    InteractionType.PRESENTATION: "presentation|lecture|present|presenting|talk|keynote|"
    "lecturette|teach|teaching|slides|input|welcome|intro|introduction|vortrag|"
    "prasentation|impuls|expose|presentacion|charla|presentatie|lezing",
    InteractionType.DISCUSSION: "discussion|discuss|debrief|group discussion|reflection|"
    "reflect|conversation|plenary|diskussion|plenum|austausch|debat|discusion|debate|"
    "discussie|nabespreking",
    InteractionType.POLL: "poll|polls|polling|survey|vote|voting|umfrage|abstimmung|sondage|"
    "vote|encuesta|votacion|peiling",
    InteractionType.BREAKOUT: "breakout|breakouts|breakout room|breakout rooms|break out|"
    "small group|small groups|group work|pairs|pair work|gruppenarbeit|kleingruppen|"
    "travail en groupe|sous groupes|trabajo en grupo|groepswerk|subgroepen",
    InteractionType.CHAT: "chat|chat waterfall|chatstorm|chat storm",
    InteractionType.ANNOTATION: "annotation|annotate|annotations|whiteboard|white board|"
    "annotation whiteboard|mural|miro|jamboard|tableau blanc|pizarra",
    InteractionType.DEMO: "demo|demonstration|walkthrough|walk through|vorfuhrung|demonstratie",
    InteractionType.SCENARIO_PRACTICE: "scenario practice|scenario|scenarios|role play|"
    "roleplay|role playing|simulation|case study|practice|skills practice|rollenspiel|"
    "fallstudie|ubung|jeu de role|etude de cas|mise en situation|juego de rol|"
    "caso practico|rollenspel|casus|oefening",
    InteractionType.KNOWLEDGE_CHECK: "knowledge check|quiz|knowledge test|assessment|"
    "check for understanding|kc|wissenscheck|test|evaluacion|kennischeck",
    InteractionType.QA: "q and a|q a|qa|questions|questions and answers|q and as|qanda|"
    "fragen|fragerunde|questions reponses|preguntas|vragen|vragenronde",
    InteractionType.BREAK: "break|lunch|coffee|coffee break|bio break|lunch break|"
    "comfort break|pause|recess|kaffeepause|mittagspause|mittag|pause dejeuner|"
    "pause cafe|descanso|almuerzo|pauze|lunchpauze|koffiepauze",
    InteractionType.OTHER: "other",
}
_INTERACTION_WORDS: dict[str, InteractionType] = {
    word: kind for kind, text in _INTERACTION_VOCABULARY.items() for word in _words(text)
}
for _type in InteractionType:
    _INTERACTION_WORDS.setdefault(normalize(_type.value), _type)
    _INTERACTION_WORDS.setdefault(normalize(_type.label), _type)
_INTERACTION_BY_LENGTH = sorted(_INTERACTION_WORDS, key=len, reverse=True)


def interaction_for(text: str) -> InteractionType | None:
    """The interaction a type cell names ("Breakout rooms", "Lecture/Presentation"), or None."""
    key = normalize(text)
    if not key:
        return None
    if key in _INTERACTION_WORDS:
        return _INTERACTION_WORDS[key]
    padded = f" {key} "
    for word in _INTERACTION_BY_LENGTH:
        if f" {word} " in padded:
            return _INTERACTION_WORDS[word]
    return None


def names_interaction(text: str) -> bool:
    """Whether a cell is nothing but interaction words ("Poll", "Lecture/Presentation"), as
    a type column's cells are and a title column's seldom."""
    parts = [normalize(p) for p in re.split(r"[/,+]| or ", text)]
    return bool(parts) and all(p in _INTERACTION_WORDS for p in parts)


# The types a segment's title gives away when no type column says otherwise: "Breakout 1",
# "Breakout rooms: case study", "Poll: pulse check", "Q&A", "Lunch break", "Knowledge check".
# Narrower than the type column's words: "Intro to polling" is a presentation, not a poll.
# Presentation is never guessed; it is what a segment is unless something says otherwise.
_TITLE_TYPE_VOCABULARY: dict[InteractionType, str] = {
    InteractionType.BREAKOUT: "breakout|breakouts|breakout room|breakout rooms|break out|"
    "break out rooms|breakout session|breakout sessions|small group|small groups|"
    "small group work|group work|pair work|pairs|triads|gruppenarbeit|kleingruppen|"
    "travail en groupe|sous groupes|trabajo en grupo|groepswerk",
    InteractionType.POLL: "poll|polls|pulse poll|pulse check|quick poll|vote|umfrage|"
    "sondage|encuesta|peiling",
    InteractionType.QA: "q and a|q a|qa|qanda|questions|questions and answers|open questions|"
    "ask me anything|ama|fragen|fragerunde|questions reponses|preguntas|vragen|vragenronde",
    InteractionType.BREAK: "break|lunch|lunch break|coffee|coffee break|comfort break|"
    "bio break|short break|stretch break|screen break|recess|pause|kaffeepause|mittagspause|"
    "mittag|pause dejeuner|pause cafe|descanso|almuerzo|pauze|lunchpauze|koffiepauze",
    InteractionType.KNOWLEDGE_CHECK: "knowledge check|quiz|check your understanding|"
    "check for understanding|knowledge test|wissenscheck|kennischeck",
    InteractionType.DISCUSSION: "discussion|group discussion|debrief|plenary|reflection|"
    "diskussion|plenum|discussie|nabespreking|debat",
    InteractionType.DEMO: "demo|live demo|demonstration|walkthrough|product demo",
    InteractionType.SCENARIO_PRACTICE: "role play|roleplay|role plays|scenario practice|"
    "case study|simulation|skills practice|practice round|rollenspiel|fallstudie|"
    "jeu de role|etude de cas|juego de rol|rollenspel",
    InteractionType.CHAT: "chat|chat waterfall|chatstorm|chat storm",
    InteractionType.ANNOTATION: "whiteboard|annotation|annotate the slide|mural|miro board",
}
TITLE_TYPE_WORDS: dict[str, InteractionType] = {
    word: kind for kind, text in _TITLE_TYPE_VOCABULARY.items() for word in _words(text)
}
# What may follow the telling words without changing them: "Breakout 1", "Poll #2",
# "Q&A round 2", "Breakout rooms (part B)".
_TITLE_NUMBERING = re.compile(r"\s+(?:(?:round|part|no|nr|#)\s*)?(?:\d+[a-z]?|[a-z]|[ivx]+)$")
_TITLE_HEAD = re.compile(r"\s*(?::|\(|\s[-–—]\s|[–—])")


def type_from_title(title: str) -> InteractionType | None:
    """The interaction a title names in its head (before ":", "(" or a dash), whole or at
    its end ("Lunch break", "Final Q&A"), numbering after it allowed; None otherwise."""
    text = normalize(_TITLE_HEAD.split(title.strip(), maxsplit=1)[0])
    while text:
        if text in TITLE_TYPE_WORDS:
            return TITLE_TYPE_WORDS[text]
        words = text.split()
        for size in (3, 2, 1):  # "Closing Q&A", "Module 2 knowledge check", "Pulse poll"
            tail = " ".join(words[-size:])
            if len(words) > size and tail in TITLE_TYPE_WORDS:
                return TITLE_TYPE_WORDS[tail]
        shorter = _TITLE_NUMBERING.sub("", text, count=1).strip()
        if shorter == text:
            return None
        text = shorter
    return None


_LEAD_VOCABULARY: dict[LeadRole, str] = {
    LeadRole.FACILITATOR: "facilitator|facilitators|fac|facil|trainer|trainers|instructor|"
    "main facilitator|lead facilitator|host|lead trainer|presenter|speaker|moderator|"
    "trainerin|referent|referentin|dozent|dozentin|animateur|animatrice|formateur|"
    "formatrice|intervenant|facilitador|facilitadora|formador|formadora|ponente|"
    "begeleider|docent",
    LeadRole.CO_FACILITATOR: "co facilitator|cofacilitator|co facilitators|co fac|cofac|"
    "co host|cohost|co trainer|cotrainer|second facilitator|co presenter|copresenter|"
    "co moderator|co trainerin|co referent|co animateur|co animatrice|co formateur|"
    "co facilitador|co begeleider",
    LeadRole.PRODUCER: "producer|producers|prod|tech producer|tech|virtual producer|"
    "production|produzent|produzentin|producteur|productrice|productor|productora|"
    "producent|regie",
    LeadRole.LEARNERS: "learners|learner|participants|participant|attendees|students|"
    "everyone|all|group|delegates|audience|teilnehmende|teilnehmer|teilnehmerinnen|alle|"
    "apprenants|tous|participantes|todos|deelnemers|iedereen|groep|groupe|grupo|gruppe",
}
_LEAD_WORDS: dict[str, LeadRole] = {
    word: role for role, text in _LEAD_VOCABULARY.items() for word in _words(text)
}


def lead_for(text: str) -> LeadRole | None:
    """The role a lead cell names, or None when it is a person's name or anything else."""
    return _LEAD_WORDS.get(normalize(text))


# A role beside a person: "Sam (producer)", "(co-fac) Lee", "Producer: Sam", "Ana – facilitator".
_PARENS = re.compile(r"^(?P<a>[^()]*?)\s*\((?P<b>[^()]+)\)\s*(?P<rest>[^()]*)$")
_BESIDE = re.compile(r"^(?P<a>.+?)\s*(?::|\s[-–—]\s|[–—]|,|\|)\s*(?P<b>.+)$")
_TWO_ROLES = re.compile(r"\s*(?:/|\+|&|,|\band\b|\bund\b|\bet\b|\by\b|\ben\b)\s*")


def lead_and_person(text: str) -> tuple[LeadRole | None, str, tuple[LeadRole, ...]]:
    """What a lead cell says: its role (None when it names none), the person it names ("" when
    none), and any further roles it names ("Facilitator / Producer").

    >>> lead_and_person("Sam (producer)")[:2], lead_and_person("Producer: Sam")[:2]
    ((<LeadRole.PRODUCER: 'producer'>, 'Sam'), (<LeadRole.PRODUCER: 'producer'>, 'Sam'))
    >>> lead_and_person("fx1"), lead_and_person("co-fac")[0]
    ((None, 'fx1', ()), <LeadRole.CO_FACILITATOR: 'co-facilitator'>)
    """
    value = text.strip()
    whole = lead_for(value)
    if whole is not None or not value:
        return whole, "", ()
    pair = _PARENS.match(value) or _BESIDE.match(value)
    if pair is not None:
        a = pair.group("a").strip()
        b = pair.group("b").strip()
        if pair.re is _PARENS and pair.group("rest").strip():
            a = f"{a} {pair.group('rest').strip()}".strip()
        role_a, role_b = lead_for(a), lead_for(b)
        if role_b is not None and role_a is None and a:
            return role_b, a, ()
        if role_a is not None and role_b is None and b:
            return role_a, b, ()
    roles = [lead_for(part) for part in _TWO_ROLES.split(value) if part.strip()]
    if len(roles) > 1 and all(r is not None for r in roles):
        found = [r for r in roles if r is not None]
        return found[0], "", tuple(dict.fromkeys(found[1:]))
    return None, value, ()


_YES = frozenset(
    _words("yes|y|x|true|1|on|fixed|must|must keep|keep|locked|required|non negotiable|ja|oui|si")
)
_NO = frozenset({"no", "n", "false", "0", "off", "", "flexible", "optional", "nein", "non"})
_CHECKMARKS = frozenset("✓✔☑✅●•")


def yes_no(text: str) -> bool | None:
    """True for "yes"/"x"/"true"/"1"/"✓", False for "no"/"false"/"0"/"", None otherwise."""
    if text.strip() in _CHECKMARKS:
        return True
    key = normalize(text)
    if key in _YES:
        return True
    if key in _NO or text.strip() in {"-", "–", "—"}:
        return False
    return None


class TimerType(StrEnum):
    """What an Ontime "Timer Type" cell asks for, beyond an ordinary timed event."""

    EVENT = "event"
    MILESTONE = "milestone"
    GROUP = "group"
    GROUP_END = "group-end"
    DELAY = "delay"


_TIMER_TYPES: dict[str, TimerType] = {
    **dict.fromkeys(
        _words("|count down|countdown|count up|countup|clock|time to end|none|event|timer"),
        TimerType.EVENT,
    ),
    **dict.fromkeys(("milestone", "marker"), TimerType.MILESTONE),
    **dict.fromkeys(_words("group|group start|block|block start|section"), TimerType.GROUP),
    **dict.fromkeys(_words("group end|block end|end group|section end"), TimerType.GROUP_END),
    **dict.fromkeys(("delay",), TimerType.DELAY),
}


def timer_type_for(text: str) -> TimerType | None:
    return _TIMER_TYPES.get(normalize(text))


# Titles of rows that sum up the sheet rather than plan anything.
TOTAL_TITLES = frozenset({"total", "totals", "grand total", "total time", "sum", "total duration"})


# Key-value rows above the header that describe the plan ("Slot", "1:30:00").
class PlanKey(StrEnum):
    NAME = "name"
    SLOT = "slot"
    START = "start"
    TIME_ZONE = "time zone"
    NOTES = "notes"
    SOURCE = "source"
    EXPORT = "export"


PLAN_KEYS: dict[str, PlanKey] = {
    **dict.fromkeys(
        _words(
            "plan|plan name|program|programme|program name|course|workshop|event|project|"
            "project title|project name|show|show name|"
            "event name|session name|name|title"
        ),
        PlanKey.NAME,
    ),
    **dict.fromkeys(
        _words(
            "slot|slot length|time slot|session length|planned length|total time|length|duration"
        ),
        PlanKey.SLOT,
    ),
    **dict.fromkeys(
        _words("planned start|start|start time|starts|starts at|start at|begins"), PlanKey.START
    ),
    **dict.fromkeys(_words("time zone|timezone|tz|zone"), PlanKey.TIME_ZONE),
    **dict.fromkeys(("notes", "plan notes"), PlanKey.NOTES),
    **dict.fromkeys(("source",), PlanKey.SOURCE),
    **dict.fromkeys(("rehearsal run of show",), PlanKey.EXPORT),
}
EXPORT_MARK = "Rehearsal run-of-show"
EXPORT_VERSION = "sheet format 1"
ONTIME_EXPORT_VERSION = "Ontime rundown 1"  # the mark of our export as Ontime's XLSX rundown

# The headers of our export as Ontime's rundown (`ontime_sheet`): Ontime's own columns, then
# the custom fields Rehearsal writes for what Ontime has no field for (`ontime_fields`).
ONTIME_SHEET_HEADERS: dict[Field, str] = {
    Field.ID: "ID",
    Field.CUE: "Cue",
    Field.TITLE: "Title",
    Field.START: "Time Start",
    Field.END: "Time End",
    Field.DURATION: "Duration",
    Field.NOTES: "Note",
    Field.TIMER_TYPE: "Timer Type",
    Field.SKIP: "Skip",
    Field.TYPE: "Type",
    Field.LEAD: "Lead",
    Field.LEAD_PERSON: "Lead person",
    Field.INTENT: "Intent",
    Field.NON_NEGOTIABLE: "Non negotiable",
    Field.FLEX_MIN: "Flex min",
    Field.FLEX_MAX: "Flex max",
    Field.PRODUCER: "Producer cues",
    Field.MATERIALS: "Materials",
    Field.CONTINGENCY: "Contingency",
    Field.TRANSITION: "Hand off",
    Field.TRANSITION_CUE: "Hand off cue",
    Field.TRANSITION_ID: "Hand off ID",
}
