"""Fixtures for the intake tests (the data itself is in intake_data.py)."""

import pytest
from intake_data import VALUES


@pytest.fixture
def values() -> dict:
    return dict(VALUES)
