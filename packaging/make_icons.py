"""Render the app's icon, resources/icons/app.svg, to every file a platform asks for.

    python packaging/make_icons.py

writes into packaging/icons/ (the files are committed; run this again after changing the SVG):

- hicolor/<n>x<n>/apps/org.rehearsal.Rehearsal.png for n in 16…512, and the SVG itself as
  hicolor/scalable/apps/org.rehearsal.Rehearsal.svg: the freedesktop icon theme layout, to
  copy under ~/.local/share/icons/ or /usr/share/icons/ on Linux;
- rehearsal.ico for Windows: PNG images of 16…256 pixels in one ICO container (Qt's own
  ICO writer stores a single image per file, so the container is written here);
- rehearsal.icns for macOS: PNG images of 32…1024 pixels under their icns types.

The window icon the app sets at run time is drawn from the same SVG (rehearsal_ui.shell.icons).
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]
SOURCE: Final = ROOT / "resources" / "icons" / "app.svg"
OUT: Final = ROOT / "packaging" / "icons"
APP_ID: Final = "org.rehearsal.Rehearsal"
PNG_SIZES: Final = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES: Final = (16, 24, 32, 48, 64, 128, 256)
# icns types holding PNG data, and their side in pixels (the @2x types are retina sizes).
ICNS_TYPES: Final = (
    (b"ic11", 32),  # 16@2x
    (b"ic12", 64),  # 32@2x
    (b"ic07", 128),
    (b"ic13", 256),  # 128@2x
    (b"ic08", 256),
    (b"ic14", 512),  # 256@2x
    (b"ic09", 512),
    (b"ic10", 1024),  # 512@2x
)


def render_png(svg: bytes, side: int) -> bytes:
    """`svg` drawn `side` pixels square on a transparent background, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not an SVG that Qt can draw")
    image = QImage(side, side, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, side, side))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise SystemExit(f"Qt could not write a PNG: {writer.errorString()}")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding each PNG of `pngs` (side → bytes); PNG entries need Windows Vista+."""
    header = struct.pack("<HHH", 0, 1, len(pngs))  # reserved, type 1 (icon), count
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for side, png in sorted(pngs.items()):
        byte_side = 0 if side >= 256 else side  # 0 means 256
        # width, height, colours, reserved, planes, bits per pixel, size, offset
        entries += struct.pack("<BBBBHHII", byte_side, byte_side, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def icns(chunks: list[tuple[bytes, bytes]]) -> bytes:
    """An icns file of `chunks` (type, PNG bytes): big-endian lengths include the 8-byte heads."""
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in chunks)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    svg = SOURCE.read_bytes()
    sides = sorted({*PNG_SIZES, *ICO_SIZES, *(side for _, side in ICNS_TYPES)})
    pngs = {side: render_png(svg, side) for side in sides}
    written: list[Path] = []
    hicolor = OUT / "hicolor"
    for side in PNG_SIZES:
        path = hicolor / f"{side}x{side}" / "apps" / f"{APP_ID}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pngs[side])
        written.append(path)
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    written.append(scalable)
    windows = OUT / "rehearsal.ico"
    windows.write_bytes(ico({side: pngs[side] for side in ICO_SIZES}))
    mac = OUT / "rehearsal.icns"
    mac.write_bytes(icns([(kind, pngs[side]) for kind, side in ICNS_TYPES]))
    written += [windows, mac]
    for path in written:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
