"""What an X server's screen shows, read the way a user sees it: a private Xvfb and a frame grabber.

The grabber reads the root window through Xlib's shared-memory extension (ctypes, no extra package) every few milliseconds
in a thread and keeps each frame that differs from the one before, with the time it was read.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ALL_PLANES = 0xFFFFFFFF
Z_PIXMAP = 2
IPC_PRIVATE, IPC_CREAT, IPC_RMID = 0, 0o1000, 0
ANY_PROPERTY_TYPE = 0
SCREEN = (1280, 1024)


class _XImage(ctypes.Structure):
    # The head of Xlib's XImage: enough to reach the pixels and the row length.
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
                ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
                ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int)]


class _ShmSegment(ctypes.Structure):
    _fields_ = [("shmseg", ctypes.c_ulong), ("shmid", ctypes.c_int), ("shmaddr", ctypes.c_void_p),
                ("read_only", ctypes.c_int)]


# A window that closes between listing it and reading its name is an error Xlib would exit on.
_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_IGNORE_ERRORS = _ERROR_HANDLER(lambda _display, _error: 0)


def _libraries():
    """Xlib, its shared-memory extension (a grab in 2 ms instead of 15) and the C library."""
    xlib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    xext = ctypes.CDLL(ctypes.util.find_library("Xext") or "libXext.so.6")
    libc = ctypes.CDLL(None, use_errno=True)
    pointer, unsigned_long, integer = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int
    xlib.XOpenDisplay.restype = pointer
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDefaultRootWindow.restype = unsigned_long
    xlib.XDefaultRootWindow.argtypes = [pointer]
    xlib.XDefaultScreen.argtypes = [pointer]
    xlib.XDefaultVisual.restype = pointer
    xlib.XDefaultVisual.argtypes = [pointer, integer]
    xlib.XDefaultDepth.argtypes = [pointer, integer]
    xlib.XSync.argtypes = [pointer, integer]
    xlib.XCloseDisplay.argtypes = [pointer]
    xlib.XQueryTree.argtypes = [pointer, unsigned_long, ctypes.POINTER(unsigned_long), ctypes.POINTER(unsigned_long),
                                ctypes.POINTER(ctypes.POINTER(unsigned_long)), ctypes.POINTER(ctypes.c_uint)]
    xlib.XFree.argtypes = [pointer]
    xlib.XInternAtom.restype = unsigned_long
    xlib.XInternAtom.argtypes = [pointer, ctypes.c_char_p, integer]
    xlib.XGetWindowProperty.argtypes = [
        pointer, unsigned_long, unsigned_long, ctypes.c_long, ctypes.c_long, integer, unsigned_long,
        ctypes.POINTER(unsigned_long), ctypes.POINTER(integer), ctypes.POINTER(unsigned_long),
        ctypes.POINTER(unsigned_long), ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte))]
    xlib.XSetErrorHandler.argtypes = [_ERROR_HANDLER]
    xext.XShmCreateImage.restype = ctypes.POINTER(_XImage)
    xext.XShmCreateImage.argtypes = [pointer, pointer, ctypes.c_uint, integer, pointer,
                                     ctypes.POINTER(_ShmSegment), ctypes.c_uint, ctypes.c_uint]
    xext.XShmAttach.argtypes = [pointer, ctypes.POINTER(_ShmSegment)]
    xext.XShmDetach.argtypes = [pointer, ctypes.POINTER(_ShmSegment)]
    xext.XShmGetImage.argtypes = [pointer, unsigned_long, ctypes.POINTER(_XImage), integer, integer, unsigned_long]
    libc.shmget.argtypes = [integer, ctypes.c_size_t, integer]
    libc.shmat.restype = pointer
    libc.shmat.argtypes = [integer, pointer, integer]
    libc.shmdt.argtypes = [pointer]
    libc.shmctl.argtypes = [integer, integer, pointer]
    return xlib, xext, libc


@contextmanager
def private_x_server(number: int = 71):
    """An Xvfb of its own on :number (black root window, no window manager); yields its DISPLAY."""
    display = f":{number}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        socket = Path(f"/tmp/.X11-unix/X{number}")
        deadline = time.time() + 10
        while not socket.exists():
            if time.time() > deadline or server.poll() is not None:
                raise RuntimeError(f"Xvfb did not start on {display}")
            time.sleep(0.02)
        yield display
    finally:
        server.terminate()
        server.wait()


@dataclass
class Frame:
    time: float  # time.time() when the grab finished
    pixels: np.ndarray  # height × width × 4 (BGRX)

    def colours(self, box: tuple[int, int, int, int] | None = None) -> int:
        """How many different colours the frame (or the box x, y, w, h of it) shows."""
        area = self.pixels if box is None else self.pixels[box[1]:box[1] + box[3], box[0]:box[0] + box[2]]
        packed = area[..., :3].astype(np.uint32)
        return len(np.unique((packed[..., 0] << 16) | (packed[..., 1] << 8) | packed[..., 2]))


def _window_titles(xlib, connection, root) -> tuple[str, ...]:
    """The titles of the top-level windows (no window manager: they are the root's children), as UTF-8."""
    parent, found, children, count = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
    if not xlib.XQueryTree(connection, root, ctypes.byref(found), ctypes.byref(parent), ctypes.byref(children),
                           ctypes.byref(count)):
        return ()
    name_atom = xlib.XInternAtom(connection, b"_NET_WM_NAME", 0)
    titles = [_text_property(xlib, connection, children[index], name_atom) for index in range(count.value)]
    if children:
        xlib.XFree(children)
    return tuple(title for title in titles if title)


def _text_property(xlib, connection, window: int, atom: int) -> str:
    kind, unit, items, left = ctypes.c_ulong(), ctypes.c_int(), ctypes.c_ulong(), ctypes.c_ulong()
    data = ctypes.POINTER(ctypes.c_ubyte)()
    status = xlib.XGetWindowProperty(connection, window, atom, 0, 1024, 0, ANY_PROPERTY_TYPE, ctypes.byref(kind),
                                     ctypes.byref(unit), ctypes.byref(items), ctypes.byref(left), ctypes.byref(data))
    if status != 0 or not data:
        return ""
    text = ctypes.string_at(data, items.value).decode("utf-8", "replace")
    xlib.XFree(data)
    return text


class ScreenRecorder:
    """Grabs the screen in a thread until stopped; keeps each changed frame, and each change of the
    top-level windows' titles, with its time."""

    def __init__(self, display: str, interval_s: float = 0.008, box: tuple[int, int, int, int] = (0, 0, *SCREEN)):
        self.display = display
        self.interval_s = interval_s
        self.box = box
        self.frames: list[Frame] = []
        self.titles: list[tuple[float, tuple[str, ...]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ScreenRecorder:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        xlib, xext, libc = _libraries()
        xlib.XSetErrorHandler(_IGNORE_ERRORS)
        connection = xlib.XOpenDisplay(self.display.encode())
        if not connection:
            raise RuntimeError(f"cannot open the display {self.display}")
        screen = xlib.XDefaultScreen(connection)
        x, y, width, height = self.box
        segment = _ShmSegment()
        image = xext.XShmCreateImage(connection, xlib.XDefaultVisual(connection, screen),
                                     xlib.XDefaultDepth(connection, screen), Z_PIXMAP, None, ctypes.byref(segment),
                                     width, height)
        row = image.contents.bytes_per_line
        segment.shmid = libc.shmget(IPC_PRIVATE, row * height, 0o600 | IPC_CREAT)
        segment.shmaddr = image.contents.data = libc.shmat(segment.shmid, None, 0)
        xext.XShmAttach(connection, ctypes.byref(segment))
        xlib.XSync(connection, 0)
        libc.shmctl(segment.shmid, IPC_RMID, None)  # freed once both sides let go
        shared = np.frombuffer((ctypes.c_uint8 * (row * height)).from_address(segment.shmaddr), dtype=np.uint8)
        root = xlib.XDefaultRootWindow(connection)
        last = None
        try:
            while not self._stop.is_set():
                xext.XShmGetImage(connection, root, image, x, y, ALL_PLANES)
                now = time.time()
                if last is None or not np.array_equal(shared, last):
                    last = shared.copy()
                    self.frames.append(Frame(now, last.reshape(height, row // 4, 4)[:, :width]))
                titles = _window_titles(xlib, connection, root)
                if not self.titles or titles != self.titles[-1][1]:
                    self.titles.append((time.time(), titles))
                time.sleep(self.interval_s)
        finally:
            xext.XShmDetach(connection, ctypes.byref(segment))
            xlib.XCloseDisplay(connection)
            libc.shmdt(segment.shmaddr)


def first_title(recorder: ScreenRecorder, shows) -> float | None:
    """When a top-level window's title first satisfied shows(title)."""
    return next((when for when, titles in recorder.titles if any(map(shows, titles))), None)


def first_frame(frames: list[Frame], shows) -> Frame | None:
    """The first frame for which shows(frame) holds."""
    return next((frame for frame in frames if shows(frame)), None)


def x_environment(display: str) -> dict[str, str]:
    """The environment for a Qt program on that display, with the X11 (xcb) platform."""
    return {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
