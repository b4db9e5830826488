import pytest


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a fresh directory per test, so tests can check what is on disk."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"
