"""Where the app finds its shipped files and puts its data (the installed wheel's side is
checked end to end by scripts/check-wheel)."""

from pathlib import Path

import pytest

from app.resources import installed, shipped_dir
from app.settings import PROJECT_DIR, Settings


@pytest.fixture
def no_data_settings(monkeypatch):
    for name in ("DATA_DIR", "DATABASE_URL", "SECRET_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)


def test_a_checkout_finds_its_files_at_the_top_of_the_repository():
    assert not installed()
    for name in ("templates", "static", "migrations"):
        assert shipped_dir(name) == PROJECT_DIR / name
    assert (shipped_dir("templates") / "start.html").is_file()
    assert (shipped_dir("migrations") / "env.py").is_file()


def test_a_checkout_keeps_its_data_in_its_data_folder(no_data_settings, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # whatever the working directory
    settings = Settings()
    assert settings.database_url == f"sqlite:///{PROJECT_DIR / 'data' / 'twitch-triage.db'}"
    assert settings.secret_key_file == PROJECT_DIR / "data" / "secret-key"


def test_data_dir_moves_the_database_and_the_key(no_data_settings, monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    settings = Settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'twitch-triage.db'}"
    assert settings.secret_key_file == tmp_path / "secret-key"


def test_database_url_and_key_file_still_win(no_data_settings, monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "unused"))
    monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "key"))
    settings = Settings()
    assert settings.database_url == "sqlite:///elsewhere.db"
    assert settings.secret_key_file == Path(tmp_path / "key")
