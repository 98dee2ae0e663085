"""Static files under content-hashed URLs (/assets/<hash>/<name>), cached for a year.

A changed file gets a new URL, so browsers may keep every asset forever (`immutable`) and a
second visit downloads none.

The files are read, hashed and (text ones) gzipped once, when the app is built: a request
only looks its name up in that table. Each file has exactly one name, its path under the
folder (`vendor/htmx/htmx.min.js`); any other spelling (`…js/`, `…js//`, `./…`) is a 404.
An outside attack once made the table grow by a 1.7 MB copy per spelling, and gzip a new
copy on the event loop each time; now nothing a request sends can add to it.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from starlette.types import Receive, Scope, Send

IMMUTABLE = b"public, max-age=31536000, immutable"
# Gzipped once (images and fonts are compressed already).
COMPRESSIBLE = (b"text/", b"application/json", b"application/javascript", b"image/svg+xml")
DIGEST = re.compile(r"[0-9a-f]{12}")
mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("image/svg+xml", ".svg")


@dataclass(frozen=True)
class Asset:
    body: bytes
    digest: str
    media_type: str
    gzipped: bytes | None = field(default=None, repr=False)


class _Gzipped:
    """Gzipped bodies kept for the process, so the hundreds of apps a test run builds pay
    for the 1.7 MB Swagger bundle once (~80 ms for all the files). One entry per file,
    replaced when its content changes: bounded by the files shipped."""

    def __init__(self) -> None:
        self._bodies: dict[Path, tuple[str, bytes]] = {}
        self._lock = threading.Lock()

    def of(self, path: Path, digest: str, body: bytes) -> bytes:
        with self._lock:
            kept = self._bodies.get(path)
            if kept is None or kept[0] != digest:
                kept = (digest, gzip.compress(body, compresslevel=9, mtime=0))
                self._bodies[path] = kept
            return kept[1]

    def __len__(self) -> int:
        return len(self._bodies)


GZIPPED = _Gzipped()


def _read(path: Path) -> Asset:
    body = path.read_bytes()
    digest = hashlib.sha256(body).hexdigest()[:12]
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if media_type.startswith("text/") or media_type == "application/javascript":
        media_type += "; charset=utf-8"
    zipped = GZIPPED.of(path, digest, body) \
        if media_type.encode().startswith(COMPRESSIBLE) else None
    return Asset(body, digest, media_type, zipped)


class Assets:
    """The files of one folder, read once, served by hash under their one name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        self._files: dict[str, Asset] = {
            path.relative_to(self.folder).as_posix(): _read(path)
            for path in sorted(self.folder.rglob("*")) if path.is_file()}

    def __len__(self) -> int:
        return len(self._files)

    def get(self, name: str) -> Asset | None:
        return self._files.get(name)

    def url(self, name: str) -> str:
        asset = self.get(name)
        if asset is None:
            raise LookupError(f"no static file {name!r}")
        return f"/assets/{asset.digest}/{name}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI app mounted at /assets: the path is /<hash>/<name>."""
        # Mounted: Starlette leaves the full path and puts the mount point in root_path.
        path = scope["path"].removeprefix(scope.get("root_path", ""))
        digest, _, name = path.lstrip("/").partition("/")
        asset = self.get(name) if DIGEST.fullmatch(digest) else None
        if asset is None or scope["method"] not in ("GET", "HEAD"):
            status = 404 if asset is None else 405
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-type", b"text/plain"),
                                    (b"content-length", b"9")]})
            await send({"type": "http.response.body", "body": b"Not found"})
            return
        # An old hash (a page from before a deploy) still gets the file, but not for a year.
        cache = IMMUTABLE if digest == asset.digest else b"no-cache"
        headers = [(b"content-type", asset.media_type.encode()), (b"cache-control", cache),
                   (b"etag", f'"{asset.digest}"'.encode())]
        accept = dict(scope.get("headers", ())).get(b"accept-encoding", b"")
        body = asset.body
        if b"gzip" in accept and asset.gzipped is not None:
            body = asset.gzipped
            # (A plain body is marked by Starlette's GZipMiddleware, which passes this by.)
            headers += [(b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body",
                    "body": b"" if scope["method"] == "HEAD" else body})
