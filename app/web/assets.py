"""Static files under content-hashed URLs (/assets/<hash>/<name>), cached for a year.

A changed file gets a new URL, so browsers may keep every asset forever (`immutable`) and a
second visit downloads none. Text assets are gzipped once, at first request, and kept.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path

from starlette.types import Receive, Scope, Send

IMMUTABLE = b"public, max-age=31536000, immutable"
# Gzipped once, at first request, and kept (images and fonts are compressed already).
COMPRESSIBLE = (b"text/", b"application/json", b"application/javascript", b"image/svg+xml")
# The names files here have: anything else (a NUL, a "..", a backslash) is not one.
DIGEST = re.compile(r"[0-9a-f]{12}")
NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_./-]{0,200}")
mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("image/svg+xml", ".svg")


@dataclass
class Asset:
    body: bytes
    digest: str
    media_type: str
    gzipped: bytes | None = field(default=None, repr=False)

    def gzip_body(self) -> bytes | None:
        if not self.media_type.encode().startswith(COMPRESSIBLE):
            return None
        if self.gzipped is None:
            self.gzipped = gzip.compress(self.body, compresslevel=9, mtime=0)
        return self.gzipped


class Assets:
    """The files of one folder, read once, served by hash."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        self._files: dict[str, Asset] = {}

    def get(self, name: str) -> Asset | None:
        if not NAME.fullmatch(name) or ".." in name:
            return None
        asset = self._files.get(name)
        if asset is None:
            path = (self.folder / name).resolve()
            if not path.is_file() or self.folder not in path.parents:
                return None
            body = path.read_bytes()
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if media_type.startswith("text/") or media_type == "application/javascript":
                media_type += "; charset=utf-8"
            asset = Asset(body, hashlib.sha256(body).hexdigest()[:12], media_type)
            self._files[name] = asset
        return asset

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
        if b"gzip" in accept and (zipped := asset.gzip_body()) is not None:
            body = zipped
            # (A plain body is marked by Starlette's GZipMiddleware, which passes this by.)
            headers += [(b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body",
                    "body": b"" if scope["method"] == "HEAD" else body})
