"""A report as plain blocks — headings, facts, tables, charts — that every output format
renders the same way: HTML here in the core, PDF in the app (it needs Qt to paint)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1  # 1: a part of the report; 2: an item within it (a guide's step)


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    muted: bool = False


@dataclass(frozen=True, slots=True)
class Facts:
    """Label: value pairs, e.g. the report's header."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-aligned columns
    caption: str = ""
    emphasis: tuple[int, ...] = ()  # rows to set in bold (totals)
    weights: tuple[float, ...] = ()  # relative column widths (PDF); equal when empty


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    svg: str  # a self-contained SVG document (vector in HTML and PDF)
    width: int  # its size in SVG user units (points)
    height: int
    description: str = ""  # what it shows, in words (alt text)


Block = Heading | Paragraph | Facts | Table | Chart


@dataclass(slots=True)
class Report:
    title: str
    subtitle: str
    generated: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def text(self) -> str:
        """Every word of the report, for tests and search."""
        parts = [self.title, self.subtitle]
        for b in self.blocks:
            if isinstance(b, Heading | Paragraph):
                parts.append(b.text)
            elif isinstance(b, Facts):
                parts.extend(f"{k} {v}" for k, v in b.pairs)
            elif isinstance(b, Table):
                parts.append(" ".join(b.headers))
                parts.extend(" ".join(r) for r in b.rows)
            else:
                parts.append(b.title)
        return "\n".join(parts)
