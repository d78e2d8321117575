"""The licensing API: public catalogue and lookup, submission and supplement by the applicant's
token with an Idempotency-Key, officers' steps, clear Vietnamese errors."""

import pytest
from django.test import Client

from ictgov.accounts.models import ApiToken
from ictgov.core.models import IdempotencyKey
from ictgov.licensing import services
from ictgov.licensing.models import Dossier

from .helpers import GAME, pdf_file, procedure

pytestmark = pytest.mark.django_db
A = "/api/v1/licensing"


def bearer(user, **extra):
    _token, key = ApiToken.issue(user)
    return {"Authorization": f"Bearer {key}", **extra}


def form(**extra):
    p = procedure(GAME)
    data = {
        "procedure_id": p.pk,
        "applicant_kind": "organisation",
        "applicant_name": "Công ty TNHH Trò chơi Hồng Lam",
        "facility_name": "Điểm game Hồng Lam",
        "locality_code": "16702",
    }
    for r in p.requirements.filter(required=True):
        data[f"req_{r.pk}"] = pdf_file(f"tp{r.position}.pdf")
    data.update(extra)
    return data


def test_the_catalogue_is_public_and_says_what_is_unconfirmed():
    body = Client().get(f"{A}/procedures").json()
    game = next(p for p in body["items"] if p["name"] == GAME)
    assert game["processing_days"] == 15 and "processing_days" in game["unconfirmed"]
    assert any(r["form_name"].startswith("Mẫu 51a") for r in game["requirements"])


def test_lookup_is_public_and_answers_404_for_an_unknown_code(submit):
    d = submit()
    body = Client().get(f"{A}/lookup/{d.receipt_code}").json()
    assert body["state"] == "received" and body["remaining_working_days"] == 15
    assert body["remaining"] == "còn 15 ngày làm việc"
    assert "applicant_name" not in body
    missing = Client().get(f"{A}/lookup/X99999-000000-0000")
    assert missing.status_code == 404 and "Không tìm thấy hồ sơ" in missing.json()["detail"]


def test_a_resubmitted_request_with_the_same_key_creates_nothing_twice(users):
    headers = bearer(users["doanhnghiep"], **{"Idempotency-Key": "nop-ho-so-0001"})
    client = Client()
    before = Dossier.objects.count()
    first = client.post(f"{A}/dossiers", form(), headers=headers)
    assert first.status_code == 201, first.content
    again = client.post(f"{A}/dossiers", form(), headers=headers)
    assert again.status_code == 201 and again.json() == first.json()
    assert Dossier.objects.count() == before + 1
    other = client.post(f"{A}/dossiers", form(applicant_name="Khác"), headers=headers)
    assert (
        other.status_code == 422 and "đã được dùng cho một yêu cầu khác" in other.json()["detail"]
    )
    fresh = client.post(
        f"{A}/dossiers", form(), headers={**headers, "Idempotency-Key": "nop-ho-so-0002"}
    )
    assert fresh.status_code == 201 and fresh.json()["id"] != first.json()["id"]


def test_a_refused_request_stores_nothing_under_its_key(users):
    headers = bearer(users["doanhnghiep"], **{"Idempotency-Key": "thieu-tep"})
    data = form()
    for key in [k for k in data if k.startswith("req_")]:
        del data[key]
    bad = Client().post(f"{A}/dossiers", data, headers=headers)
    assert bad.status_code == 422 and "Thiếu thành phần hồ sơ bắt buộc" in bad.json()["detail"]
    assert not IdempotencyKey.objects.filter(key="thieu-tep").exists()
    assert Client().post(f"{A}/dossiers", form(), headers=headers).status_code == 201


def test_only_applicants_submit(users):
    response = Client().post(f"{A}/dossiers", form(), headers=bearer(users["chuyenvien"]))
    assert response.status_code == 403


def test_officer_steps_and_the_applicant_supplements(users, submit):
    d = submit()
    officer = bearer(users["chuyenvien"])
    client = Client()
    wrong = client.post(
        f"{A}/dossiers/{d.pk}/transitions/approve",
        {},
        content_type="application/json",
        headers=officer,
    )
    assert wrong.status_code == 422
    assert "Không thể “Phê duyệt” khi hồ sơ đang ở bước “Đã tiếp nhận”" in wrong.json()["detail"]
    asked = client.post(
        f"{A}/dossiers/{d.pk}/transitions/request_supplement",
        {"note": "Bổ sung đơn theo Mẫu 51b"},
        content_type="application/json",
        headers=officer,
    )
    assert asked.status_code == 200 and asked.json()["state"] == "supplement_requested"
    applicant = bearer(users["doanhnghiep"], **{"Idempotency-Key": "bo-sung-1"})
    done = client.post(
        f"{A}/dossiers/{d.pk}/supplement",
        {"note": "Đã bổ sung", "files": pdf_file("51b.pdf")},
        headers=applicant,
    )
    assert done.status_code == 200 and done.json()["state"] == "in_review"
    replay = client.post(
        f"{A}/dossiers/{d.pk}/supplement",
        {"note": "Đã bổ sung", "files": pdf_file("51b.pdf")},
        headers=applicant,
    )
    assert replay.status_code == 200 and d.files.filter(stage="supplement").count() == 1
    stale = client.post(
        f"{A}/dossiers/{d.pk}/transitions/reject",
        {"note": "x", "expected_state": "supplement_requested"},
        content_type="application/json",
        headers=officer,
    )
    assert stale.status_code == 422 and "đã được người khác xử lý" in stale.json()["detail"]
    forbidden = client.post(
        f"{A}/dossiers/{d.pk}/transitions/approve",
        {},
        content_type="application/json",
        headers=bearer(users["doanhnghiep"]),
    )
    assert forbidden.status_code == 403


def test_dossiers_are_scoped(users, submit):
    d = submit()
    services.act(users["chuyenvien"], d, "accept")
    mine = Client().get(f"{A}/dossiers", headers=bearer(users["doanhnghiep"])).json()
    assert d.receipt_code in [x["receipt_code"] for x in mine["items"]]
    other = Client().get(f"{A}/dossiers/{d.pk}", headers=bearer(users["taichinh"]))
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"applicant_name": "A" * 1000}, "Tên tổ chức, cá nhân: dài quá 255 ký tự"),
        ({"facility_address": "Số 1 " * 200}, "Địa chỉ cơ sở: dài quá 500 ký tự"),
        ({"applicant_email": "khong-phai-thu-dien-tu"}, "Thư điện tử không hợp lệ"),
    ],
)
def test_an_application_the_page_would_refuse_is_refused_by_the_api_too(users, extra, message):
    before = Dossier.objects.count()
    answer = Client().post(f"{A}/dossiers", form(**extra), headers=bearer(users["doanhnghiep"]))
    assert answer.status_code == 422, answer.content
    assert message in answer.json()["detail"]
    assert Dossier.objects.count() == before


def test_lookup_of_an_impossible_code_says_why_without_repeating_it():
    for code in ("A" * 300, "X16702-261202-0001%00"):
        response = Client().get(f"{A}/lookup/{code}")
        assert response.status_code == 422
        detail = response.json()["detail"]
        assert "tối đa 60 ký tự" in detail and "AAAA" not in detail and "\x00" not in detail
