from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ictgov.core import attachments
from ictgov.directives import services
from ictgov.directives.models import Conclusion
from ictgov.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(users):
    return services.create_meeting(
        users["lanhdao"],
        kind="giao_ban",
        title="Giao ban có tệp (kiểm thử)",
        held_on=date(2026, 11, 2),
        host_unit=Unit.objects.get(name="Sở Khoa học và Công nghệ tỉnh Nghệ An"),
    )


def post_conclusion(client, meeting, files):
    return client.post(
        reverse("directives:conclusion_create", args=[meeting.pk]),
        {"issued_on": "03/11/2026", "text": "Giao Sở Tài chính thẩm định.", "files": files},
    )


def test_conclusion_scan_is_attached_and_served_only_to_readers(client_for, meeting):
    scan = SimpleUploadedFile("ket-luan.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    response = post_conclusion(client_for("lanhdao"), meeting, [scan])
    assert response.status_code == 302
    conclusion = Conclusion.objects.get(meeting=meeting)
    (attachment,) = conclusion.attachments()
    assert attachment.name == "ket-luan.pdf"
    page = client_for("lanhdao").get(meeting.get_absolute_url()).content.decode()
    assert attachment.get_absolute_url() in page
    download = client_for("lanhdao").get(attachment.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 scan"
    # A commune officer elsewhere may not read the meeting, so not its files either.
    assert client_for("canboxa").get(attachment.get_absolute_url()).status_code == 404
    assert client_for(None).get(attachment.get_absolute_url()).status_code == 302


def test_a_too_large_file_saves_nothing(client_for, meeting, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_BYTES", 10)
    big = SimpleUploadedFile("lon.pdf", b"x" * 11, content_type="application/pdf")
    response = post_conclusion(client_for("lanhdao"), meeting, [big])
    assert response.status_code == 400
    assert "lớn hơn" in response.content.decode()
    assert not Conclusion.objects.filter(meeting=meeting).exists()


def test_progress_evidence_file_goes_with_the_report(users, meeting):
    task = services.create_task(
        users["lanhdao"],
        services.TaskDraft(
            content="Có minh chứng",
            lead_unit=Unit.objects.get(name="Sở Tài chính tỉnh Nghệ An"),
            due_on=date(2026, 12, 1),
        ),
        meeting=meeting,
        assigned_on=date(2026, 11, 2),
    )
    evidence = SimpleUploadedFile("bien-ban.docx", b"doc")
    report = services.report_progress(
        users["taichinh"], task, text="Đã họp", percent=40, files=[evidence]
    )
    assert [a.name for a in attachments.attachments_of(report)] == ["bien-ban.docx"]
