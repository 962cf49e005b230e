"""The shape of an Ontime v4 project file, checked by hand (issue 15).

Described from Ontime's own TypeScript types (github.com/cpvalente/ontime,
packages/types: `DatabaseModel`, `Rundown`, `OntimeEvent`, `OntimeGroup`,
`OntimeMilestone`, `OntimeDelay`, `CustomField`, `ProjectData`, `Settings`) and from what
its loader insists on (apps/server/src/api-data/*/…parser.ts): a `settings.version` must be
present or the file is refused; a custom field is dropped unless its label is letters,
digits, spaces and underscores and its key is the label with spaces as underscores; a
group holds events, delays and milestones, never another group. Written here in our own
words; `problems` lists what is not of that shape, so a test can say what is wrong."""

from __future__ import annotations

import re
from typing import Any

DAY_MS = 24 * 3600 * 1000
LABEL = re.compile(r"^[A-Za-z0-9_ ]+$")
TIMER_TYPES = {"count-down", "count-up", "clock", "none"}
END_ACTIONS = {"none", "load-next", "play-next"}
TIME_STRATEGIES = {"lock-end", "lock-duration"}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


def _maybe_int(value: object) -> bool:
    return value is None or _is_int(value)


def _maybe_str(value: object) -> bool:
    return value is None or _is_str(value)


def _is_list(value: object) -> bool:
    return isinstance(value, list)


def _is_dict(value: object) -> bool:
    return isinstance(value, dict)


# Each kind of entry: its keys and what each must be.
EVENT = {
    "type": _is_str,
    "id": _is_str,
    "flag": _is_bool,
    "cue": _is_str,
    "title": _is_str,
    "note": _is_str,
    "endAction": lambda v: v in END_ACTIONS,
    "timerType": lambda v: v in TIMER_TYPES,
    "countToEnd": _is_bool,
    "linkStart": _is_bool,
    "timeStrategy": lambda v: v in TIME_STRATEGIES,
    "timeStart": lambda v: _is_int(v) and 0 <= v < DAY_MS,
    "timeEnd": lambda v: _is_int(v) and 0 <= v < DAY_MS,
    "duration": lambda v: _is_int(v) and 0 <= v <= DAY_MS,
    "skip": _is_bool,
    "colour": _is_str,
    "timeWarning": _is_int,
    "timeDanger": _is_int,
    "custom": _is_dict,
    "triggers": _is_list,
    "parent": _maybe_str,
    "revision": _is_int,
    "delay": _is_int,
    "dayOffset": _is_int,
    "gap": _is_int,
}
MILESTONE = {
    "type": _is_str,
    "id": _is_str,
    "cue": _is_str,
    "title": _is_str,
    "note": _is_str,
    "colour": _is_str,
    "custom": _is_dict,
    "parent": _maybe_str,
    "revision": _is_int,
}
GROUP = {
    "type": _is_str,
    "id": _is_str,
    "title": _is_str,
    "note": _is_str,
    "entries": _is_list,
    "targetDuration": _maybe_int,
    "colour": _is_str,
    "custom": _is_dict,
    "revision": _is_int,
    "timeStart": _maybe_int,
    "timeEnd": _maybe_int,
    "duration": _is_int,
    "isFirstLinked": _is_bool,
}
DELAY = {"type": _is_str, "id": _is_str, "duration": _is_int, "parent": _maybe_str}
ENTRY_SHAPES = {"event": EVENT, "milestone": MILESTONE, "group": GROUP, "delay": DELAY}

TOP = {
    "rundowns": _is_dict,
    "project": _is_dict,
    "settings": _is_dict,
    "viewSettings": _is_dict,
    "urlPresets": _is_list,
    "customFields": _is_dict,
    "automation": _is_dict,
}
PROJECT = {
    "title": _is_str,
    "description": _is_str,
    "url": _is_str,
    "info": _is_str,
    "logo": _maybe_str,
    "custom": _is_list,
}
SETTINGS = {
    "version": lambda v: _is_str(v) and v.split(".")[0] == "4",
    "editorKey": _maybe_str,
    "operatorKey": _maybe_str,
    "timeFormat": lambda v: v in ("12", "24"),
    "language": _is_str,
}
VIEW_SETTINGS = {
    "dangerColor": _is_str,
    "normalColor": _is_str,
    "overrideStyles": _is_bool,
    "warningColor": _is_str,
}
AUTOMATION = {
    "enabledAutomations": _is_bool,
    "enabledOscIn": _is_bool,
    "oscPortIn": _is_int,
    "triggers": _is_list,
    "automations": _is_dict,
}
RUNDOWN = {
    "id": _is_str,
    "title": _is_str,
    "order": _is_list,
    "flatOrder": _is_list,
    "entries": _is_dict,
    "revision": _is_int,
}


def _keys(where: str, obj: object, shape: dict[str, Any]) -> list[str]:
    if not isinstance(obj, dict):
        return [f"{where}: not an object"]
    found = []
    for key, check in shape.items():
        if key not in obj:
            found.append(f"{where}: no {key!r}")
        elif not check(obj[key]):
            found.append(f"{where}.{key}: {obj[key]!r} is not of its type")
    return found


def problems(doc: object) -> list[str]:
    """What in `doc` is not an Ontime v4 project file; [] when it is one."""
    found = _keys("project file", doc, TOP)
    if found:
        return found
    assert isinstance(doc, dict)
    found += _keys("project", doc["project"], PROJECT)
    found += _keys("settings", doc["settings"], SETTINGS)
    found += _keys("viewSettings", doc["viewSettings"], VIEW_SETTINGS)
    found += _keys("automation", doc["automation"], AUTOMATION)
    for item in doc["project"].get("custom", []):
        found += _keys(
            "project.custom[]", item, {"title": _is_str, "value": _is_str, "url": _is_str}
        )
    fields = doc["customFields"]
    for key, field in fields.items():
        found += _keys(
            f"customFields.{key}", field, {"label": _is_str, "type": _is_str, "colour": _is_str}
        )
        if isinstance(field, dict) and isinstance(field.get("label"), str):
            if not LABEL.match(field["label"]):
                found.append(f"customFields.{key}: label {field['label']!r} is not Ontime's")
            if key != field["label"].strip().replace(" ", "_"):
                found.append(f"customFields.{key}: the key is not its label's")
            if field.get("type") not in ("text", "image"):
                found.append(f"customFields.{key}: type {field.get('type')!r}")
    if not doc["rundowns"]:
        found.append("rundowns: none")
    for rundown_id, rundown in doc["rundowns"].items():
        found += _rundown(rundown_id, rundown, fields)
    return found


def _rundown(rundown_id: str, rundown: object, fields: dict[str, Any]) -> list[str]:
    where = f"rundowns.{rundown_id}"
    found = _keys(where, rundown, RUNDOWN)
    if found:
        return found
    assert isinstance(rundown, dict)
    if rundown["id"] != rundown_id:
        found.append(f"{where}: its id is not its key")
    entries = rundown["entries"]
    flat: list[str] = []
    for ref in rundown["order"]:
        entry = entries.get(ref)
        if entry is None:
            found.append(f"{where}.order: {ref!r} is not an entry")
            continue
        flat.append(ref)
        if entry.get("parent") is not None:
            found.append(f"{where}: top-level {ref!r} has a parent")
        if entry.get("type") == "group":
            for child in entry.get("entries", []):
                inner = entries.get(child)
                if inner is None:
                    found.append(f"{where}: group {ref!r} holds {child!r}, not an entry")
                    continue
                if inner.get("type") == "group":
                    found.append(f"{where}: group {ref!r} holds a group")
                if inner.get("parent") != ref:
                    found.append(f"{where}: {child!r} does not name its group {ref!r}")
                flat.append(child)
    if rundown["flatOrder"] != flat:
        found.append(f"{where}: flatOrder is not order with the groups' entries in place")
    if len(set(flat)) != len(flat) or set(flat) != set(entries):
        found.append(f"{where}: an entry is listed twice or not at all")
    for key, entry in entries.items():
        kind = entry.get("type") if isinstance(entry, dict) else None
        if kind not in ENTRY_SHAPES:
            found.append(f"{where}.entries.{key}: type {kind!r}")
            continue
        found += _keys(f"{where}.entries.{key}", entry, ENTRY_SHAPES[kind])
        if entry.get("id") != key:
            found.append(f"{where}.entries.{key}: its id is not its key")
        for custom_key, value in entry.get("custom", {}).items():
            if custom_key not in fields:
                found.append(f"{where}.entries.{key}: custom {custom_key!r} is not declared")
            if not isinstance(value, str):
                found.append(f"{where}.entries.{key}: custom {custom_key!r} is not text")
        if kind == "event" and not found and entry["timeEnd"] != _ends(entry):
            found.append(f"{where}.entries.{key}: timeEnd is not timeStart + duration")
    return found


def _ends(event: dict[str, Any]) -> int:
    return int((event["timeStart"] + event["duration"]) % DAY_MS)
