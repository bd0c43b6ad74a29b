"""The throwaway PostgreSQL cluster's rule: without PostgreSQL the hub tests fail, saying why, with CI
set or not, so that no machine missing it can pass them by skipping."""

import pytest

from tests.sync.postgres_cluster import _missing


@pytest.mark.parametrize("ci", ["true", None])
def test_a_missing_postgresql_fails_the_hub_tests_and_never_skips_them(monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="initdb is missing, so the PostgreSQL hub tests cannot run"):
        _missing("initdb is missing")
