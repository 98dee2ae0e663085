"""A QR code of a URL as an SVG file, made on the server (no image from anywhere else)."""

from __future__ import annotations

import io

import segno

from app.i18n import N_

# The SVG's own title (read by some screen readers): English, as the image is one file
# for every language; the page's <img alt> says it in the page's language.
TITLE = N_("QR code of the link to the live result")


def qr_svg(url: str) -> bytes:
    """The code as a standalone SVG (an <img> of the printed summary). Encoding takes
    ~7 ms, so it is its own request: the summary page itself never waits for it."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=3, border=4, xmldecl=False,
                                    svgclass=None, lineclass=None, title=TITLE)
    return out.getvalue()
