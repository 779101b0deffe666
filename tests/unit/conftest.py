import duckdb
import pytest

from brannsam.documents import region_facts


@pytest.fixture
def store(tmp_path):
    """Where accepted import files are kept, empty at the start of each test."""
    return tmp_path / "imports"


@pytest.fixture(scope="module")
def region(built_db):
    """What every council brief needs about the region (`brief.region`), read once per module."""
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        return region_facts.region(con)
    finally:
        con.close()
