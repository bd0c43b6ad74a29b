"""The throwaway PostgreSQL cluster's rule: without PostgreSQL the hub tests skip on a workstation and
fail under CI, so that a CI machine missing it can never pass them by skipping."""

import pytest

from tests.sync.postgres_cluster import _missing


def test_a_missing_postgresql_fails_the_hub_tests_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="initdb is missing .CI is set, so the PostgreSQL hub tests must run"):
        _missing("initdb is missing")


def test_a_missing_postgresql_skips_the_hub_tests_elsewhere(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="initdb is missing"):
        _missing("initdb is missing")
