"""Which section each row of a run-of-show sheet belongs to.

A section is opened by a group row ("Part 1 — Opening" alone on its row, an Ontime
group, or a row with only the Section cell filled) or named in a section column, where
an empty cell continues the section above (people merge those cells). Our own export
has a Section ID column; then ids decide, and an empty cell means "no section".
"""

from __future__ import annotations

from rehearsal.model import Section, new_id


class SectionBook:
    """The sections met so far, in order, and the one rows currently fall into."""

    def __init__(self, *, by_id: bool) -> None:
        self.by_id = by_id  # the sheet has a Section ID column
        self.sections: list[Section] = []
        self.current: Section | None = None
        self._with_id: dict[str, Section] = {}
        self._with_title: dict[str, Section] = {}

    def open(self, title: str, section_id: str = "") -> None:
        """A group row: the rows below belong to this section."""
        self.current = self.declare(title, section_id)

    def close(self) -> None:
        self.current = None

    def for_row(self, title: str, section_id: str) -> str | None:
        """The section id of a segment row with these Section and Section ID cells."""
        if section_id:
            return self.declare(title, section_id).id
        if title:
            section = self.declare(title, "")
            if not self.by_id:
                self.current = section
            return section.id
        if self.by_id:
            return None
        return self.current.id if self.current else None

    def declare(self, title: str, section_id: str) -> Section:
        """The section with this id (or, without one, this title), created when new."""
        if section_id and section_id in self._with_id:
            return self._with_id[section_id]
        if not section_id and title in self._with_title:
            return self._with_title[title]
        section = Section(id=section_id or new_id(), title=title)
        self.sections.append(section)
        self._with_id[section.id] = section
        self._with_title.setdefault(title, section)
        return section
