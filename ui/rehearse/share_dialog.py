"""Share live: the run served to phones and laptops on the same network (the companion).

Off until the person presses Start; bound to the network they choose (this computer only,
or one of its addresses); shows the address, a QR code of it and the pairing PIN. Flags and
notes from the pages are recorded on this (the UI) thread, through `QtOwner`, and the live
screen shows them at once (`recorded`). Sharing stops when the run ends (`stop`).
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import segno
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rehearsal.companion.server import Companion
from rehearsal.errors import RehearsalError
from rehearsal.model import Event, EventKind
from rehearsal.rehearsing.run import Run
from rehearsal.rehearsing.sharing import share

OWNER_WAIT_S = 8.0
QR_MODULE_PX = 5


class QtOwner(QObject):
    """Runs a call of the companion's threads on the thread this object lives in (the UI's)
    and hands back its result: the run is only ever touched there."""

    _call = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def __call__(self, call: Callable[[], Any]) -> Any:
        done: Future[Any] = Future()
        self._call.emit((call, done))
        return done.result(timeout=OWNER_WAIT_S)

    @Slot(object)
    def _run(self, job: tuple[Callable[[], Any], Future[Any]]) -> None:
        call, done = job
        if not done.set_running_or_notify_cancel():
            return
        try:
            done.set_result(call())
        except BaseException as exc:  # handed to the waiting thread, which answers the page
            done.set_exception(exc)


def addresses() -> list[tuple[str, str]]:
    """(label, address) of the networks this computer can share on; this computer first.
    (The standard library's sockets, not QtNetwork: the bundle leaves QtNetwork out.)"""
    found = [("This computer only (127.0.0.1)", "127.0.0.1")]
    candidates: list[str] = []
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this picks the route out
        candidates.append(str(probe.getsockname()[0]))
    with contextlib.suppress(OSError):
        for *_, address in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            candidates.append(str(address[0]))
    for ip in dict.fromkeys(candidates):
        if not ip.startswith("127.") and ip != "0.0.0.0":
            found.append((f"This network ({ip})", ip))
    return found


def qr_pixmap(text: str) -> QPixmap:
    """`text` as a QR code, black on white whatever the appearance (phones read it so)."""
    code = segno.make(text, error="m")
    matrix = [list(row) for row in code.matrix_iter(scale=1, border=4)]
    size = len(matrix)
    image = QImage(size, size, QImage.Format.Format_RGB32)
    black, white = QColor("black").rgb(), QColor("white").rgb()
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            image.setPixel(x, y, black if dark else white)
    return QPixmap.fromImage(image.scaled(size * QR_MODULE_PX, size * QR_MODULE_PX))


class ShareDialog(QDialog):
    recorded = Signal(str)  # what a companion page recorded, for the live screen

    def __init__(self, run: Run, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Share live")
        self.run = run
        self.companion: Companion | None = None
        self._owner = QtOwner(self)
        self.network = QComboBox()
        for text, address in addresses():
            self.network.addItem(text, address)
        if self.network.count() > 1:
            self.network.setCurrentIndex(1)  # a network a phone can reach
        self.network.setAccessibleName("Network to share on")
        self.toggle = QPushButton("&Start sharing")
        self.toggle.clicked.connect(self._toggle)
        intro = QLabel(
            "Phones and laptops on the same network open the address (or scan the code) and "
            "enter the PIN: a producer pad, a presenter countdown and the cuesheet. Their "
            "flags are recorded here at once. Sharing stops when the run ends."
        )
        intro.setWordWrap(True)
        self.address = QLabel("Not shared")
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pin = QLabel("—")
        font = self.pin.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.pin.setFont(font)
        self.pin.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setMinimumSize(QR_MODULE_PX * 37, QR_MODULE_PX * 37)
        self.connected = QLabel("")
        form = QFormLayout()
        form.addRow("&Network:", self.network)
        form.addRow("Address:", self.address)
        form.addRow("PIN:", self.pin)
        form.addRow("Connected:", self.connected)
        row = QHBoxLayout()
        row.addWidget(self.toggle)
        row.addStretch(1)
        close = QPushButton("&Close")
        close.clicked.connect(self.hide)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.qr)
        layout.addLayout(row)
        self._poll = QTimer(self)
        self._poll.setInterval(1000)
        self._poll.timeout.connect(self._show_connected)
        run.on_event(self._event)

    @property
    def sharing(self) -> bool:
        return self.companion is not None

    def start(self) -> None:
        if self.companion is not None:
            return
        try:
            self.companion = share(self.run, self.network.currentData(), 0, owner=self._owner)
        except RehearsalError as exc:
            self.address.setText(str(exc))
            return
        url = self.companion.url
        self.address.setText(url)
        self.pin.setText(self.companion.pin)
        self.qr.setPixmap(qr_pixmap(url))
        self.network.setEnabled(False)
        self.toggle.setText("&Stop sharing")
        self._poll.start()
        self._show_connected()

    def stop(self) -> None:
        companion, self.companion = self.companion, None
        if companion is not None:
            companion.close()
        self._poll.stop()
        self.address.setText("Not shared")
        self.pin.setText("—")
        self.qr.clear()
        self.connected.setText("")
        self.network.setEnabled(True)
        self.toggle.setText("&Start sharing")

    def _toggle(self) -> None:
        if self.sharing:
            self.stop()
        else:
            self.start()

    def _show_connected(self) -> None:
        if self.companion is not None:
            n = self.companion.connected
            self.connected.setText(f"{n} page" + ("" if n == 1 else "s"))

    def _event(self, event: Event) -> None:
        if not self.sharing:
            return
        if event.kind is EventKind.FLAG and event.get("seat"):
            self.recorded.emit(f"Flag from the {event.get('seat')} page: {event.get('category')}")
        elif event.kind is EventKind.NOTE and event.get("seat"):
            self.recorded.emit(f"Note from the {event.get('seat')} page")
        elif event.kind in (EventKind.FINISH, EventKind.ABANDON):
            QTimer.singleShot(0, self.stop)  # the run ended: sharing stops
