"""One light-profile evaluation store per test session: building it embeds the whole corpus."""

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def eval_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("eval-kb")
