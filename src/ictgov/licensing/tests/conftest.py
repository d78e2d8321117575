import pytest

from ictgov.licensing import services

from .helpers import application


@pytest.fixture
def submit(users):
    """submit(**overrides) → a dossier submitted online by doanhnghiep."""

    def make(at=None, **overrides):
        return services.submit(users["doanhnghiep"], application(**overrides), at=at)

    return make
