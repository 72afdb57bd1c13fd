from __future__ import annotations

import pytest

from tests.conftest import extract_text
from tests.extractors.view import View


@pytest.fixture(scope="session")
def read(nlp):
    """read(text, date="2025-10-10") -> View of the records extracted from the text."""
    cache = {}

    def _read(text: str, date: str = "2025-10-10") -> View:
        if (text, date) not in cache:
            cache[(text, date)] = View(extract_text(nlp, text, date)[1])
        return cache[(text, date)]

    return _read
