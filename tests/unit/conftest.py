import pytest


@pytest.fixture
def store(tmp_path):
    """Where accepted import files are kept, empty at the start of each test."""
    return tmp_path / "imports"
