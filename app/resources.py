"""Where the files that ship with the code are, and where data goes by default.

templates/, static/ and migrations/ live at the top of the repository, beside app/. A
wheel carries them inside the package, as app/templates, app/static and app/migrations
(pyproject.toml maps them there), so an installed app finds them there, whatever the
working directory; a checkout (and its editable install) finds them beside app/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

PACKAGE_DIR = Path(__file__).resolve().parent
# The repository, when the code runs from a checkout; tests and benches live there.
CHECKOUT_DIR = PACKAGE_DIR.parent


def installed() -> bool:
    """True when running from an installed wheel, False from a checkout."""
    return (PACKAGE_DIR / "templates").is_dir()


def shipped_dir(name: Literal["templates", "static", "migrations"]) -> Path:
    return (PACKAGE_DIR if installed() else CHECKOUT_DIR) / name


def default_data_dir() -> Path:
    """The database and the secret key's folder unless DATA_DIR says: the checkout's
    data/ (what `scripts/run` uses), or for an installed wheel data/ under the working
    directory (never inside site-packages)."""
    return (Path.cwd() if installed() else CHECKOUT_DIR) / "data"
