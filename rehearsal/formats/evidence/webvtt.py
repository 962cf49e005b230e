"""Transcripts as WebVTT, in the shapes Zoom, Teams and Webex write them.

- **Zoom**: numbered cues, the speaker before the text (`Ana Lima: Good morning`); a cue
  without a name continues the previous speaker.
- **Teams**: cue ids such as `3f2a…-9c1d/12-0`, the speaker in a voice span
  (`<v Ana Lima>Good morning</v>`, the span sometimes running over several lines or
  left open), sometimes a `NOTE` block.
- **Webex**: numbered cues whose id names the speaker (`1 "Ana Lima" (2881036544)`).

Each cue is one `SPEECH` item from its start to its end (milliseconds from the start of
the recording, `TimeBase.RECORDING`), its speaker and its text on one line (markup such
as `<i>` and `<c.yellow>` removed, `&amp;` read as `&`); a cue with two voice spans is two
items. Timestamps are `hh:mm:ss.mmm` or `mm:ss.mmm` (a comma before the milliseconds is
read too); cue settings after the timing (`align:start`) are ignored, as are `NOTE`,
`STYLE` and `REGION` blocks.

Refused (`FormatError` naming the line): no `WEBVTT` first line, a block that is not a
cue, a timestamp that is not one, an end before its start, a time past a day, a file that
ends inside a cue (its timing without text). Warned: a cue without text (left out), a
cue naming no speaker with none before it to continue.
"""

from __future__ import annotations

import html
import re

from rehearsal.errors import FormatError
from rehearsal.evidence_model import EvidenceDraft, EvidenceKind, ItemKind, Platform, TimeBase
from rehearsal.formats.evidence.decoding import EvidenceText, decode
from rehearsal.formats.evidence.items import Items, Warnings

_HEADER = re.compile(r"^WEBVTT(?:[ \t].*)?$")
_TIMING = re.compile(r"^\s*(?P<start>\S+)\s+-->\s+(?P<end>\S+)(?:\s.*)?$")
_TIMESTAMP = re.compile(r"^(?:(?P<h>\d{1,3}):)?(?P<m>[0-5]\d):(?P<s>[0-5]\d)[.,](?P<ms>\d{3})$")
_TEAMS_ID = re.compile(r"^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}/\d+-\d+$", re.I)
_WEBEX_ID = re.compile(r'^\d+\s+"(?P<name>[^"]*)"(?:\s*\(\d+\))?$')
_VOICE = re.compile(r"<v(?:\.[^\s>]*)*(?:[ \t]+(?P<name>[^>]*))?>", re.I)
_VOICE_END = re.compile(r"</v\s*>", re.I)
_TAG = re.compile(r"</?[a-z][^>]*>|<\d[\d:.]*>", re.I)
_SPEAKER = re.compile(r"^(?P<name>[^:<>]{1,100}?)[ \t]*:(?:[ \t]+(?P<text>.*))?$")
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")
TIMESTAMP_EXPECTED = "hh:mm:ss.mmm or mm:ss.mmm, such as 00:01:02.500"


def read_webvtt(data: bytes, file: str) -> EvidenceDraft:
    return webvtt_from_text(decode(data, file), file)


def webvtt_from_text(source: EvidenceText, file: str) -> EvidenceDraft:
    return _Transcript(source, file).read()


def milliseconds(text: str) -> int | None:
    """A WebVTT timestamp (`hh:mm:ss.mmm`, `mm:ss.mmm`) in milliseconds, or None."""
    match = _TIMESTAMP.match(text)
    if match is None:
        return None
    hours = int(match["h"] or 0)
    return ((hours * 60 + int(match["m"])) * 60 + int(match["s"])) * 1000 + int(match["ms"])


def _zoom_speaker(line: str) -> tuple[str, str] | None:
    """("Ana Lima", "Good morning") from Zoom's `Ana Lima: Good morning`, else None."""
    match = _SPEAKER.match(line.strip())
    if match is None:
        return None
    name = match["name"].strip()
    if not any(c.isalpha() for c in name) or len(name.split()) > 10 or "//" in name:
        return None
    return name, match["text"] or ""


def _voices(payload: str) -> list[tuple[str | None, str]]:
    """The parts of a cue's text and who speaks each (None: the cue does not say)."""
    opens = list(_VOICE.finditer(payload))
    if not opens:
        return [(None, payload)]
    parts: list[tuple[str | None, str]] = []
    lead = payload[: opens[0].start()]
    if _clean(lead):
        parts.append((None, lead))
    for index, found in enumerate(opens):
        stop = opens[index + 1].start() if index + 1 < len(opens) else len(payload)
        body = _VOICE_END.sub(" ", payload[found.end() : stop])
        parts.append(((found["name"] or "").strip() or None, body))
    return parts


def _clean(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", text)).split())


class _Transcript:
    def __init__(self, source: EvidenceText, file: str) -> None:
        self.lines = source.lines
        self.file = file
        self.warnings = Warnings()
        self.warnings.extend(source.notes)
        self.items = Items(file, TimeBase.RECORDING)
        self.speaker = ""  # the last one named, continued by a cue that names none
        self.shapes: set[Platform] = set()

    def read(self) -> EvidenceDraft:
        at = self._header()
        while True:
            while at < len(self.lines) and not self.lines[at].strip():
                at += 1
            if at >= len(self.lines):
                break
            end = at
            while end < len(self.lines) and self.lines[end].strip():
                end += 1
            self._block(at, end)
            at = end
        if not self.items:
            raise FormatError(
                "a WebVTT file without a single cue", file=self.file, expected="a transcript's cues"
            )
        return EvidenceDraft(
            kind=EvidenceKind.TRANSCRIPT,
            platform=self._platform(),
            time_base=TimeBase.RECORDING,
            items=self.items.all(),
            warnings=self.warnings.all(),
        )

    def _header(self) -> int:
        """The index of the first line after the `WEBVTT` line and its header lines."""
        at = 0
        while at < len(self.lines) and not self.lines[at].strip():
            at += 1
        first = self.lines[at].lstrip("\ufeff").rstrip() if at < len(self.lines) else ""
        if not _HEADER.match(first):
            raise FormatError(
                "not a WebVTT file: its first line is not WEBVTT",
                file=self.file,
                line=at + 1,
                expected="WEBVTT on the first line, as transcripts from Zoom, Teams and Webex have",
            )
        at += 1
        while (
            at < len(self.lines)
            and self.lines[at].strip()
            and "-->" not in self.lines[at]
            and not (at + 1 < len(self.lines) and "-->" in self.lines[at + 1])
        ):
            at += 1
        return at

    def _block(self, start: int, end: int) -> None:
        block = self.lines[start:end]
        first = block[0].strip()
        if first.split(maxsplit=1)[0] in _SKIPPED_BLOCKS:
            return
        if "-->" in block[0]:
            cue_id, timing = "", 0
        elif len(block) > 1 and "-->" in block[1]:
            cue_id, timing = first, 1
        else:
            at_end = len(block) == 1 and not any(rest.strip() for rest in self.lines[end:])
            raise FormatError(
                "the file ends after a cue's identifier, without its timing (cut off?)"
                if at_end
                else "a block that is not a cue",
                file=self.file,
                line=start + min(1, len(block) - 1) + 1,
                expected="a cue's timing, such as 00:00:01.000 --> 00:00:04.500",
            )
        line = start + timing + 1
        start_ms, end_ms = self._timing(block[timing], line)
        payload = "\n".join(block[timing + 1 :])
        if not payload.strip():
            if not any(rest.strip() for rest in self.lines[end:]):
                raise FormatError(
                    "the file ends inside a cue, after its timing and before its text (cut off?)",
                    file=self.file,
                    line=line,
                    expected="the cue's text after its timing",
                )
            self.warnings.at(line, "a cue without text, left out")
            return
        self._cue(cue_id, payload, start_ms, end_ms, line)

    def _timing(self, text: str, line: int) -> tuple[int, int]:
        match = _TIMING.match(text)
        if match is None:
            raise FormatError(
                "a cue's timing that cannot be read",
                file=self.file,
                line=line,
                expected=f"start --> end, each {TIMESTAMP_EXPECTED}",
            )
        times = []
        for which in ("start", "end"):
            value = milliseconds(match[which])
            if value is None:
                raise FormatError(
                    f"{match[which][:40]!r} is not a timestamp",
                    file=self.file,
                    line=line,
                    column=f"{which} time",
                    expected=TIMESTAMP_EXPECTED,
                )
            times.append(value)
        return times[0], times[1]

    def _cue(self, cue_id: str, payload: str, start_ms: int, end_ms: int, line: int) -> None:
        if _TEAMS_ID.match(cue_id):
            self.shapes.add(Platform.TEAMS)
        webex = _WEBEX_ID.match(cue_id)
        if webex:
            self.shapes.add(Platform.WEBEX)
        spoken = False
        for voice, body in _voices(payload):
            if voice is not None:
                self.shapes.add(Platform.TEAMS)
            elif webex and webex["name"].strip():
                voice = webex["name"].strip()
            else:
                first, _, rest = body.lstrip("\n").partition("\n")
                zoom = _zoom_speaker(_clean(first))
                if zoom is not None:
                    voice, said = zoom
                    body = f"{said}\n{rest}"
                    self.shapes.add(Platform.ZOOM)
            text = _clean(body)
            if not text:
                continue
            if voice is None:
                if not self.speaker:
                    self.warnings.at(line, "a cue names no speaker (and none came before it)")
                voice = self.speaker
            self.speaker = voice
            spoken = True
            self.items.add(
                ItemKind.SPEECH,
                start_ms,
                end_ms,
                voice,
                line=line,
                text=text,
                end_column="end time",
            )
        if not spoken:
            self.warnings.at(line, "a cue without text, left out")

    def _platform(self) -> Platform:
        for platform in (Platform.TEAMS, Platform.WEBEX, Platform.ZOOM):
            if platform in self.shapes:
                return platform
        return Platform.OTHER
