"""`rehearsal guide`: the facilitator guide or the producer run sheet of a plan revision,
as PDF or DOCX (by the file's suffix); with `--since N`, what changed since revision N
first; with `--for PERSON`, what changed since the revision that person last accepted in
the role (sign-off), when it is older. Prints the file written."""

from __future__ import annotations

import argparse
from typing import Any

from rehearsal.limits import MAX_REVISION
from rehearsal.workspace import Workspace

COMMANDS = ("guide",)
ROLES = ("facilitator", "producer")


def _revision(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_REVISION:
        raise argparse.ArgumentTypeError(f"{text!r} is not a revision number (1, 2, …)")
    return value


def add_parsers(sub: Any, db_option: argparse.ArgumentParser) -> None:
    guide = sub.add_parser(
        "guide",
        parents=[db_option],
        help="write the facilitator guide or the producer run sheet of a plan revision",
    )
    guide.add_argument("plan_id")
    guide.add_argument("--role", required=True, choices=ROLES)
    guide.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="FILE.pdf or FILE.docx"
    )
    since = guide.add_mutually_exclusive_group()
    since.add_argument(
        "--since",
        type=_revision,
        metavar="REVISION",
        help="begin with what changed since this older revision of the program",
    )
    since.add_argument(
        "--for",
        dest="reader",
        metavar="PERSON",
        help="begin with what changed since the revision PERSON last accepted in this role",
    )


def run(args: argparse.Namespace, ws: Workspace) -> int:
    from rehearsal.reports.guides import guide, guide_format, reader_since, write_guide

    guide_format(args.output)  # a wrong suffix is refused before any work
    since = args.since
    if args.reader is not None:
        since = reader_since(ws, args.plan_id, args.role, args.reader)
    print(write_guide(guide(ws, args.plan_id, args.role, since_revision=since), args.output))
    return 0
