"""The demo: Nghệ An's dossiers in every state, late ones, certificates expired and revoked;
loading it again changes nothing."""

from io import StringIO

import pytest

from ictgov.licensing import demo
from ictgov.licensing.models import Certificate, Dossier, DossierState, DossierTransition

pytestmark = pytest.mark.django_db


def test_every_state_late_dossiers_and_certificates_expired_and_revoked():
    assert set(Dossier.objects.values_list("state", flat=True)) == set(DossierState.values)
    marks = {d.timeliness for d in Dossier.objects.with_timeliness(demo.timezone.localdate())}
    assert {"overdue", "due_soon", "paused", "done_late"} <= marks
    states = {c.state_on() for c in Certificate.objects.all()}
    assert {"valid", "expired", "revoked"} <= states
    assert Dossier.objects.filter(apologies__isnull=False).exists()
    assert Dossier.objects.filter(applicant__username="doanhnghiep").exists()


def test_a_second_load_changes_nothing():
    counts = (
        Dossier.objects.count(),
        DossierTransition.objects.count(),
        Certificate.objects.count(),
        Dossier.history.count(),
    )
    demo.load(StringIO())
    assert counts == (
        Dossier.objects.count(),
        DossierTransition.objects.count(),
        Certificate.objects.count(),
        Dossier.history.count(),
    )
