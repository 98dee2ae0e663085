"""A QR code of a URL as inline SVG, made on the server (no image from anywhere else)."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(url: str) -> Markup:
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=3, border=4, svgclass="qr", lineclass=None, omitsize=True,
                          title="QR code of the link to the live result")
    # segno escapes the URL it encodes; the markup is its own. role=img names it.
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704
