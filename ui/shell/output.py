"""Files the app paints (PDF pages, PNG images), written whole or not at all.

Qt writes a PDF or an image to its device without telling a full disk apart from success,
and leaves a partial file behind when it fails. So it paints into memory here, and the
bytes go to disk through `rehearsal.files.write_atomic`: a file that cannot be written
raises `RehearsalError` saying why, and leaves nothing behind."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QPdfWriter

from rehearsal.errors import RehearsalError
from rehearsal.files import write_atomic


@contextmanager
def pdf_file(target: Path) -> Iterator[QPdfWriter]:
    """A PDF writer to paint on; when the block ends without an error, the document is
    written to `target` (a painter on the writer must have ended by then)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    try:
        yield writer  # the document is complete in `data` once its painter has ended
    finally:
        buffer.close()
    if not bytes(data.data()).rstrip().endswith(b"%%EOF"):
        raise RehearsalError(f"{target} could not be written: the PDF was not completed.")
    write_atomic(target, bytes(data.data()))


def save_image(image: QImage, target: Path, format: str = "PNG") -> None:
    """Write `image` to `target` as `format`, whole or not at all."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    ok = image.save(buffer, format)  # type: ignore[call-overload]  # the stub says bytes
    buffer.close()
    if not ok:
        raise RehearsalError(f"{target} could not be written: the image could not be encoded.")
    write_atomic(target, bytes(data.data()))
