"""Helpers of the licensing tests: the catalogue (migrated), Nghệ An's issuers (set by the
demo), and small dossiers made through the services."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from ictgov.geo.models import AdministrativeUnit
from ictgov.licensing import services
from ictgov.licensing.models import Procedure

GAME = "Cấp Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng"
WEBSITE = "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp"
VINH_PHU = "16702"  # phường Vinh Phú: its People's Committee is canboxa's unit


def pdf_file(name="don.pdf", body=b"%PDF-1.4\n% tep thu\n"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def procedure(name=GAME) -> Procedure:
    return Procedure.objects.filter(name=name).order_by("-valid_from").first()


def commune(code=VINH_PHU):
    return AdministrativeUnit.objects.get(level="commune", code=code, valid_from__isnull=False)


def application(proc=None, **overrides) -> services.Application:
    proc = proc or procedure()
    files = {r.pk: [pdf_file(f"tp{r.position}.pdf")] for r in proc.requirements.all() if r.required}
    values = {
        "procedure": proc,
        "applicant_kind": "organisation",
        "applicant_name": "Công ty TNHH Dịch vụ Game Vinh",
        "applicant_address": "Số 5 Lê Lợi, phường Vinh Phú",
        "facility_name": "Điểm game Ánh Dương",
        "facility_address": "Số 12 Nguyễn Du, phường Vinh Phú",
        "locality": commune(),
        "files": files,
    }
    values.update(overrides)
    return services.Application(**values)


MONDAY = date(2026, 3, 2)


def backdate(receipt_code: str, days: int = 7) -> None:
    """Move a dossier's whole history `days` calendar days back (a browser journey in which
    the applicant takes a week to supplement). Test use only."""
    from datetime import timedelta

    from ictgov.core.models import ClockSegment, DeadlineMove
    from ictgov.licensing.models import Dossier

    delta = timedelta(days=days)

    def back(obj, *names):
        for name in names:
            value = getattr(obj, name)
            if value is not None:
                setattr(obj, name, value - delta)
        obj.save(update_fields=list(names))

    d = Dossier.objects.select_related("clock").get(receipt_code=receipt_code)
    back(d, "received_at", "due_on")
    back(d.clock, "started_on", "due_on")
    for segment in ClockSegment.objects.filter(clock=d.clock):
        back(segment, "started_on", "ended_on")
    for move in DeadlineMove.objects.filter(clock=d.clock):
        back(move, "at", "old_due_on", "new_due_on")
    for step in d.transitions.all():
        back(step, "at", "acted_on", "due_on")
