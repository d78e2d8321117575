"""Reporting: values typed and checked, the state machine with approval by the level above,
locks, live totals, Excel upload through core.imports, the API, pages and the demo's story."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from ictgov.core.errors import ServiceError
from ictgov.reporting import selectors, services
from ictgov.reporting.models import DataValue, ReportForm, Submission, SubmissionState

pytestmark = pytest.mark.django_db
Q3 = "2026-Q3"
GOOD = {
    "BDVHX": "1",
    "INTERNET_CC": "2",
    "DAI_TT": "1",
    "DAI_TT_HD": "1",
    "CUM_LOA": "12",
    "VB_DIEN_TU": "95,5",
    "HS_TTHC": "1.200",
    "HS_DVC_TT": "800",
}


@pytest.fixture
def commune_sub(users):
    """Phường Vinh Phú's third-quarter commune report (the demo leaves it unsent)."""
    form = ReportForm.objects.get(code="BC-XA")
    period = services.period_from_code(form.period_kind, Q3)
    return services.open_submission(users["canboxa"], form, period, users["canboxa"].unit)


def province():
    from ictgov.geo.models import AdministrativeUnit

    return AdministrativeUnit.objects.get(level="province", code="40", valid_from=date(2025, 7, 1))


def test_a_rule_blocks_with_its_message_and_saves_nothing(users, commune_sub):
    bad = {**GOOD, "DAI_TT_HD": "3"}
    with pytest.raises(services.ValuesRejected) as exc:
        services.save_values(users["canboxa"], commune_sub, bad)
    assert "Số đài truyền thanh đang hoạt động không được lớn hơn" in str(exc.value)
    assert not commune_sub.values.exists()


def test_a_value_of_the_wrong_type_is_named_and_nothing_saved(users, commune_sub):
    with pytest.raises(services.ValuesRejected) as exc:
        services.save_values(users["canboxa"], commune_sub, {**GOOD, "BDVHX": "một"})
    assert exc.value.problems == {
        "BDVHX": "Điểm Bưu điện – Văn hóa xã đang hoạt động: “một” không phải là số."
    }
    with pytest.raises(services.ValuesRejected) as exc:
        services.save_values(users["canboxa"], commune_sub, {**GOOD, "VB_DIEN_TU": "120"})
    assert "vượt quá 100%" in exc.value.problems["VB_DIEN_TU"]
    with pytest.raises(services.ValuesRejected):
        services.save_values(users["canboxa"], commune_sub, {**GOOD, "CUM_LOA": "1,5"})
    assert not commune_sub.values.exists()


def test_submit_approve_by_the_level_above_totals_at_once(users, commune_sub):
    form, pv = commune_sub.form, province()
    period = services.period_from_code(form.period_kind, Q3)
    before = selectors.unit_totals(form, period, pv)
    services.save_values(users["canboxa"], commune_sub, GOOD)
    sub = services.act(users["canboxa"], commune_sub, "submit")
    assert sub.state == SubmissionState.SUBMITTED and sub.submitted_on
    # The commune cannot approve its own report; a liaison cannot either.
    for who in ("canboxa", "taichinh"):
        with pytest.raises(PermissionDenied):
            services.act(users[who], sub, "approve")
    services.act(users["chuyenvien"], sub, "approve")
    after = selectors.unit_totals(form, period, pv)
    hs = form.items.get(indicator__code="HS_TTHC").indicator_id
    assert after[(hs, "")] == (before.get((hs, "")) or 0) + 1200
    assert DataValue.objects.filter(submission=sub, counted=True).count() == 8


def test_return_needs_a_reason_then_values_stop_counting(users, commune_sub):
    services.save_values(users["canboxa"], commune_sub, GOOD)
    services.act(users["canboxa"], commune_sub, "submit")
    with pytest.raises(ServiceError):
        services.act(users["chuyenvien"], commune_sub, "return")
    sub = services.act(users["chuyenvien"], commune_sub, "return", note="Số hồ sơ chưa khớp")
    assert sub.state == SubmissionState.RETURNED and sub.return_reason == "Số hồ sơ chưa khớp"
    services.save_values(users["canboxa"], sub, {**GOOD, "HS_DVC_TT": "700"})
    assert services.act(users["canboxa"], sub, "submit").state == SubmissionState.SUBMITTED


def test_late_in_working_days(users, commune_sub):
    # Due 12/10/2026 (the 10th is a Saturday): by 01/12 it is weeks late.
    assert commune_sub.due_on == date(2026, 10, 12)
    assert services.days_late(commune_sub, on=date(2026, 10, 13)) == 1
    assert services.days_late(commune_sub, on=date(2026, 10, 19)) == 5


def test_approved_compilation_locks_children_and_the_period(users, commune_sub):
    form = commune_sub.form
    period = services.period_from_code(form.period_kind, Q3)
    compiled = services.compile_province(users["chuyenvien"], form, period)
    assert compiled.is_consolidated and compiled.values.exists()
    services.act(users["chuyenvien"], compiled, "submit")
    with pytest.raises(PermissionDenied):  # an officer does not approve the compilation
        services.act(users["chuyenvien"], compiled, "approve")
    services.act(users["lanhdao"], compiled, "approve")
    approved_before = Submission.objects.filter(
        form=form, period_start=period.start, state=SubmissionState.LOCKED, is_consolidated=False
    )
    assert approved_before.exists()
    with pytest.raises(ServiceError) as exc:
        services.save_values(users["canboxa"], commune_sub, GOOD)
    assert "đã khóa" in str(exc.value)


def test_warning_rule_and_outlier_are_kept_not_blocking(users, commune_sub):
    sub = services.save_values(
        users["canboxa"],
        commune_sub,
        {**GOOD, "VB_DIEN_TU": "60", "HS_TTHC": "90000", "HS_DVC_TT": "100"},
    )
    text = " ".join(sub.warnings)
    assert "dưới 90%" in text
    assert "HS_TTHC = 90.000 khác thường" in text


def test_bulk_values_one_bad_row_writes_nothing(users):
    form = ReportForm.objects.get(code="BC-DNVT")
    viettel = form.reporting_units.get(name="Viettel Nghệ An")
    officer = users["quantri"]
    rows = [
        services.BulkRow("BTS", "2026-11", viettel.pk, "2000", "4g"),
        services.BulkRow("BTS", "2026-11", viettel.pk, "abc", "5g"),
    ]
    before = list(DataValue.objects.filter(unit=viettel).values_list("pk", "number"))
    with pytest.raises(services.BulkRejected) as exc:
        services.import_values(officer, form, rows)
    assert exc.value.errors[0]["row"] == 2
    assert "abc" in exc.value.errors[0]["message"]
    assert list(DataValue.objects.filter(unit=viettel).values_list("pk", "number")) == before


def test_rebasing_old_districts_onto_todays_province(users):
    from ictgov.reporting.models import Indicator

    ind = Indicator.objects.get(code="HS_TTHC")
    old = selectors.province_series(
        ind, first=date(2024, 1, 1), last=date(2024, 12, 31), kind="quarter", geography="period"
    )
    new = selectors.province_series(
        ind, first=date(2024, 1, 1), last=date(2024, 12, 31), kind="quarter", geography="current"
    )
    assert list(new) == [province().pk]  # the old Nghệ An's figures count towards today's
    assert list(old) != list(new)
    assert sum(new[province().pk].values()) == sum(v for s in old.values() for v in s.values())


def test_pages(client_for, users, commune_sub):
    officer = client_for("canboxa")
    page = officer.get(commune_sub.get_absolute_url())
    assert page.status_code == 200 and "data-grid-cell" in page.content.decode()
    bad = officer.post(
        commune_sub.get_absolute_url(), {f"v:{k}": v for k, v in {**GOOD, "DAI_TT_HD": "4"}.items()}
    )
    assert bad.status_code == 400
    assert "không được lớn hơn tổng số đài" in bad.content.decode()
    ok = officer.post(
        commune_sub.get_absolute_url(), {**{f"v:{k}": v for k, v in GOOD.items()}, "then": "submit"}
    )
    assert ok.status_code == 302
    staff = client_for("chuyenvien")
    assert (
        staff.post(
            f"/reporting/submissions/{commune_sub.pk}/act/approve/", {"expected_state": "submitted"}
        ).status_code
        == 302
    )
    dash = staff.get("/reporting/?form=BC-XA&period=2026-Q3")
    assert dash.status_code == 200 and "Phường Vinh Phú" in dash.content.decode()
    assert staff.get("/reporting/?form=BC-XA&period=2026-Q9").status_code == 422
    export = staff.get("/reporting/?form=BC-XA&period=2026-Q3&export=xlsx")
    assert export.status_code == 200
    for url in [
        "/reporting/submissions/",
        "/reporting/forms/",
        "/reporting/indicators/",
        "/reporting/rates/",
        "/reporting/emulation/",
        "/reporting/?by=cluster",
    ]:
        assert staff.get(url).status_code == 200, url


def test_excel_upload_names_the_bad_cell_and_imports_nothing(client_for, commune_sub):
    from openpyxl import load_workbook

    c = client_for("canboxa")
    template = c.get(f"/reporting/submissions/{commune_sub.pk}/template/")
    wb = load_workbook(
        io.BytesIO(b"".join(template.streaming_content) if template.streaming else template.content)
    )
    ws = wb.worksheets[0]
    for row in ws.iter_rows(min_row=2):
        code = row[0].value
        if code in GOOD:
            row[4].value = GOOD[code]
    rows = {row[0].value: row[0].row for row in ws.iter_rows(min_row=2)}
    ws.cell(row=rows["DAI_TT"], column=5, value="hai")

    def upload(workbook):
        buffer = io.BytesIO()
        workbook.save(buffer)
        f = SimpleUploadedFile("bc.xlsx", buffer.getvalue())
        return c.post(f"/reporting/submissions/{commune_sub.pk}/upload/", {"file": f})

    bad = upload(wb)
    assert bad.status_code == 400
    assert f"ô E{rows['DAI_TT']}" in bad.content.decode()
    assert not commune_sub.values.exists()
    ws.cell(row=rows["DAI_TT"], column=5, value=1)
    assert upload(wb).status_code == 302
    assert commune_sub.values.count() == 8


def test_api_flow(client_for, users):
    from ictgov.accounts.models import ApiToken

    _t, key = ApiToken.issue(users["canboxa"])
    h = {"Authorization": f"Bearer {key}"}
    c = client_for(None)
    form = ReportForm.objects.get(code="BC-XA")
    created = c.post(
        "/api/v1/reporting/submissions",
        {"form_id": form.pk, "period": Q3},
        content_type="application/json",
        headers=h,
    )
    assert created.status_code == 201, created.content
    sid = created.json()["id"]
    wrong = c.put(
        f"/api/v1/reporting/submissions/{sid}/values",
        {"values": {**GOOD, "BDVHX": "x"}},
        content_type="application/json",
        headers=h,
    )
    assert wrong.status_code == 422 and "BDVHX" in wrong.json()["detail"]
    assert (
        c.put(
            f"/api/v1/reporting/submissions/{sid}/values",
            {"values": GOOD},
            content_type="application/json",
            headers=h,
        ).status_code
        == 200
    )
    assert (
        c.post(
            f"/api/v1/reporting/submissions/{sid}/transitions/submit",
            {},
            content_type="application/json",
            headers=h,
        ).status_code
        == 200
    )
    denied = c.post(
        f"/api/v1/reporting/submissions/{sid}/transitions/approve",
        {},
        content_type="application/json",
        headers=h,
    )
    assert denied.status_code == 403
    totals = c.get("/api/v1/reporting/totals?indicator=HS_TTHC&period=2026-Q1..2026-Q3", headers=h)
    assert totals.status_code == 200 and totals.json()["totals"]


def test_ranking_from_live_figures(users):
    from ictgov.org.models import EmulationCluster

    cluster = EmulationCluster.objects.get(name__startswith="Cụm thi đua các phường")
    criteria, rows = selectors.ranking(cluster, 2026)
    assert len(criteria) == 6 and len(rows) == 6
    assert [r.rank for r in rows] == sorted(r.rank for r in rows)
    assert all(r.total > 0 for r in rows)
    assert Decimal(0) < rows[0].total <= sum(c.max_points for c in criteria)


def test_demo_story():
    subs = Submission.objects.filter(form__code="BC-XA")
    states = set(subs.values_list("state", flat=True))
    assert {"locked", "approved", "submitted", "returned"} <= states
    assert Submission.objects.filter(form__code="BC-HUYEN").exists()
    assert Submission.objects.filter(is_consolidated=True, state="approved").exists()


def test_rates_for_many_periods_agree_with_one_at_a_time():
    from ictgov.core.periods import periods_between

    for code in ("BC-XA", "BC-HUYEN", "BC-DNVT"):
        form = ReportForm.objects.get(code=code)
        periods = periods_between(date(2024, 1, 1), date(2026, 10, 1), form.period_kind)
        many = selectors.rates_by_period(form, periods, province())
        one = [selectors.reporting_rates(form, p, province()) for p in periods]
        assert many == one, code
    assert any(r.expected for r in many)


def test_periods_are_checked_against_the_form():
    with pytest.raises(ServiceError, match="không đúng dạng"):
        services.period_from_code("quarter", "quý 3")
    with pytest.raises(ServiceError, match="2026-Q3"):
        services.period_from_code("quarter", "2026-08")
    assert services.period_from_code("half_year", "2026-h1").label == "6 tháng đầu năm 2026"
    form = ReportForm.objects.get(code="BC-HUYEN")  # the district level ended on 30/06/2025
    period = services.period_from_code("quarter", "2026-Q1")
    with pytest.raises(ServiceError, match="không áp dụng"):
        services.open_submission(None, form, period, None)


def test_disaggregation_is_fixed_once_data_exists(users):
    from ictgov.reporting.models import Indicator

    bts = Indicator.objects.get(code="BTS")
    with pytest.raises(ServiceError, match="đã có số liệu"):
        services.change_category(users["quantri"], bts, None)
    fresh = Indicator.objects.create(code="MOI", name="Chỉ tiêu mới")
    assert services.change_category(users["quantri"], fresh, bts.category).category == bts.category


def test_a_rule_names_only_known_codes():
    from django.core.exceptions import ValidationError

    from ictgov.reporting.models import ValidationRule

    form = ReportForm.objects.get(code="BC-XA")
    rule = ValidationRule(
        form=form, name="x", left="DAI_TT_HD + ", operator="<=", right="KHONG_CO", message="m"
    )
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    assert set(exc.value.message_dict) >= {"left", "right"}


def test_a_report_never_sent_counts_as_due(users):
    ward = users["canboxa"].unit
    on_time, due = selectors.unit_on_time_rate(ward, 2026)
    # Due in 2026 by 01/12: Q4/2025 (12/01/2026), Q1, Q2 and Q3 (never sent).
    assert due == 4
    assert on_time <= 3


def test_scores_by_the_cluster_head_with_evidence(users):
    from ictgov.org.models import EmulationCluster
    from ictgov.reporting.models import EmulationCriterion

    cluster = EmulationCluster.objects.get(name__startswith="Cụm thi đua các phường")
    manual = EmulationCriterion.objects.get(cluster=cluster, year=2026, code="5")
    computed = EmulationCriterion.objects.get(cluster=cluster, year=2026, code="1")
    ward = users["canboxa"].unit
    with pytest.raises(ServiceError, match="tự động"):
        services.score(users["lanhdao"], computed, ward, 10, "x")
    with pytest.raises(ServiceError, match="minh chứng"):
        services.score(users["lanhdao"], manual, ward, 10, " ")
    with pytest.raises(ServiceError, match="từ 0 đến 20"):
        services.score(users["lanhdao"], manual, ward, 25, "Biên bản")
    with pytest.raises(PermissionDenied):  # not the head of 2026's cluster
        services.score(users["canboxa"], manual, ward, 10, "Biên bản")
    with pytest.raises(ServiceError, match="không phải thành viên"):
        services.score(users["lanhdao"], manual, users["taichinh"].unit, 10, "Biên bản")
    assert services.score(users["lanhdao"], manual, ward, "12,5", "Biên bản").points == Decimal(
        "12.5"
    )


def test_a_commune_sees_its_own_row_and_the_province_total(client_for):
    page = client_for("canboxa").get("/reporting/?form=BC-XA&period=2026-Q2").content.decode()
    assert "Phường Vinh Phú" in page and "Toàn tỉnh" in page
    assert "Phường Cửa Lò" not in page
    staff = client_for("chuyenvien").get("/reporting/?form=BC-XA&period=2026-Q2").content.decode()
    assert "Phường Cửa Lò" in staff


def test_api_bulk_document(client_for, users):
    from ictgov.accounts.models import ApiToken

    _t, key = ApiToken.issue(users["canboxa"])
    h = {"Authorization": f"Bearer {key}"}
    unit = users["canboxa"].unit.pk
    rows = [{"indicator": k, "period": Q3, "unit": unit, "value": v} for k, v in GOOD.items()]
    bad = [*rows, {"indicator": "DAI_TT", "period": "2026-13", "unit": unit, "value": 1}]
    c = client_for(None)
    r = c.post(
        "/api/v1/reporting/values",
        {"form": "BC-XA", "rows": bad},
        content_type="application/json",
        headers=h,
    )
    assert r.status_code == 422 and "Dòng 9" in r.json()["detail"]
    assert not Submission.objects.filter(unit_id=unit, period_start=date(2026, 7, 1)).exists()
    r = c.post(
        "/api/v1/reporting/values",
        {"form": "BC-XA", "rows": rows},
        content_type="application/json",
        headers=h,
    )
    assert r.status_code == 200, r.content
    sub = Submission.objects.get(pk=r.json()["submissions"][0])
    assert sub.values.count() == 8 and sub.channel == "api"


def test_geography_rebased_on_the_dashboard(client_for):
    page = client_for("chuyenvien").get(
        "/reporting/?form=BC-HUYEN&period=2024-Q4&geography=current"
    )
    assert page.status_code == 200
    assert "(trước 01/7/2025)" in page.content.decode()


def test_a_commune_without_an_approved_report_is_told_where_its_own_stands(
    client_for, users, commune_sub
):
    """A ward sees its own row and the province total only: with its own report not approved,
    the page says so and how many units the total holds, not "no report approved" while the
    total adds up the others'."""
    import re

    def table(client):
        page = client.get(f"/reporting/?form=BC-XA&period={Q3}")
        assert page.status_code == 200
        html = page.content.decode()
        found = [
            re.search(rf'data-testid="{name}">(.*?)</(td|p)>', html, re.S)
            for name in ("no-rows", "rows-hidden")
        ]
        return [m.group(1) if m else None for m in found]

    empty, note = table(client_for("canboxa"))
    ward = users["canboxa"].unit
    assert f"Báo cáo kỳ này của {ward} chưa được duyệt (hiện: Đang nhập)." in empty
    assert f'href="{commune_sub.get_absolute_url()}"' in empty
    assert "Chưa có báo cáo nào được duyệt" not in empty
    form = commune_sub.form
    period = services.period_from_code(form.period_kind, Q3)
    approved = selectors.province_table(form, period, province()).rows
    assert approved  # the others' figures are in the total
    assert f"Số liệu của {len(approved)} đơn vị, địa bàn khác" in note
    # The department sees every row: neither message.
    assert table(client_for("chuyenvien")) == [None, None]


def test_api_writes_replay_with_an_idempotency_key(client_for, users):
    from ictgov.accounts.models import ApiToken

    _t, key = ApiToken.issue(users["canboxa"])
    h = {"Authorization": f"Bearer {key}", "Idempotency-Key": "bc-xa-q3-1"}
    form = ReportForm.objects.get(code="BC-XA")
    c = client_for(None)
    first = c.post(
        "/api/v1/reporting/submissions",
        {"form_id": form.pk, "period": Q3},
        content_type="application/json",
        headers=h,
    )
    again = c.post(
        "/api/v1/reporting/submissions",
        {"form_id": form.pk, "period": Q3},
        content_type="application/json",
        headers=h,
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    other = c.post(
        "/api/v1/reporting/submissions",
        {"form_id": form.pk, "period": "2026-Q2"},
        content_type="application/json",
        headers=h,
    )
    assert other.status_code == 422  # one key names one request


def test_pledge_attached_and_award_decided_on_the_ranking_page(client_for):
    from ictgov.core.attachments import attachments_of
    from ictgov.org.models import EmulationCluster
    from ictgov.reporting.models import AwardProposal, EmulationPledge

    cluster = EmulationCluster.objects.get(name__startswith="Cụm thi đua các phường")
    url = f"/reporting/emulation/{cluster.pk}/2025/"
    leader = client_for("lanhdao")
    page = leader.get(url)
    assert page.status_code == 200 and "Cờ thi đua" in page.content.decode()
    fake = SimpleUploadedFile("giao-uoc.pdf", b"not a pdf")
    assert leader.post(url, {"action": "pledge", "file": fake}).status_code == 400
    scan = SimpleUploadedFile("giao-uoc.pdf", b"%PDF-1.4 giao uoc")
    assert leader.post(url, {"action": "pledge", "file": scan}).status_code == 302
    pledge = EmulationPledge.objects.get(cluster=cluster, year=2025)
    assert [a.name for a in attachments_of(pledge)] == ["giao-uoc.pdf"]
    award = AwardProposal.objects.filter(cluster=cluster, year=2025).first()
    missing = leader.post(url, {"action": "decision", "award": award.pk, "state": "granted"})
    assert missing.status_code == 400
    done = leader.post(
        url,
        {
            "action": "decision",
            "award": award.pk,
            "state": "granted",
            "decision_number": "301/QĐ-UBND",
            "decision_on": "05/02/2026",
            "decision_issuer": "UBND tỉnh Nghệ An",
        },
    )
    assert done.status_code == 302
    award.refresh_from_db()
    assert award.decision_number == "301/QĐ-UBND" and award.decision_on == date(2026, 2, 5)
    # A commune officer reads the ranking but records nothing.
    assert (
        client_for("canboxa")
        .post(url, {"action": "decision", "award": award.pk, "state": "declined"})
        .status_code
        == 403
    )


def test_the_unit_hears_of_a_return_and_the_department_of_a_report(users, commune_sub):
    from ictgov.core.models import Notification

    services.save_values(users["canboxa"], commune_sub, GOOD)
    services.act(users["canboxa"], commune_sub, "submit")
    assert Notification.objects.filter(
        user=users["chuyenvien"], subject__startswith="Báo cáo mới chờ duyệt: BC-XA"
    ).exists()
    services.act(users["chuyenvien"], commune_sub, "return", note="Thiếu số loa")
    note = Notification.objects.get(user=users["canboxa"], subject__startswith="Báo cáo bị trả")
    assert note.body == "Lý do: Thiếu số loa" and note.url == commune_sub.get_absolute_url()


def test_totals_per_unit_follow_who_asks(client_for):
    url = "/api/v1/reporting/totals?indicator=HS_TTHC&period=2026-Q1..2026-Q2&level=unit"
    own = client_for("canboxa").get(url).json()["totals"]
    assert {r["area"] for r in own} == {"Ủy ban nhân dân phường Vinh Phú"}
    assert [r["period"] for r in own] == ["2026-Q1", "2026-Q2"]
    everyone = client_for("chuyenvien").get(url).json()["totals"]
    assert len({r["unit_id"] for r in everyone}) > 100
    bad = client_for("chuyenvien").get(url.replace("level=unit", "level=xa"))
    assert bad.status_code == 422 and "level" in bad.json()["detail"]


def test_daily_reminders_once_for_reports_due_and_overdue(users):
    from ictgov.core.models import Notification
    from ictgov.reporting import notify

    # 01/12/2026: Vinh Phú's third-quarter report (due 12/10) was never sent.
    first = notify.run_daily(date(2026, 12, 1))
    again = notify.run_daily(date(2026, 12, 1))
    assert first["reminders"] > 0 and again["reminders"] == 0
    mine = Notification.objects.filter(user=users["canboxa"], key__startswith="reporting:remind")
    assert [n.subject for n in mine] == ["Quá hạn gửi báo cáo BC-XA Quý III/2026 (hạn 12/10/2026)"]
    # Three working days before the fourth quarter's due day (11/01/2027): due soon.
    notify.run_daily(date(2027, 1, 6))
    assert mine.filter(subject__startswith="Sắp đến hạn gửi báo cáo BC-XA Quý IV/2026").exists()


def test_a_unit_is_told_which_reports_it_must_still_send(users):
    """The reminders' rule, for one unit: the last closed period and the one before, overdue or
    due soon, not sent (a draft is offered to open); sent, it is no longer asked for."""
    unit, ward = users["canboxa"].unit, users["canboxa"]
    on = date(2026, 12, 1)

    def due(day=on):
        return [
            (d.form.code, d.period.code, d.overdue, sub) for d, sub in services.unit_due(unit, day)
        ]

    assert due() == [("BC-XA", Q3, True, None)]
    form = ReportForm.objects.get(code="BC-XA")
    sub = services.open_submission(
        ward, form, services.period_from_code(form.period_kind, Q3), unit
    )
    assert due() == [("BC-XA", Q3, True, sub)]
    services.save_values(ward, sub, GOOD)
    services.act(ward, sub, "submit")
    assert due() == []
    # Three working days before the fourth quarter's due day (11/01/2027): due soon.
    assert due(date(2027, 1, 6)) == [("BC-XA", "2026-Q4", False, None)]
    # A department's division reports none of these forms.
    assert services.unit_due(users["chuyenvien"].unit, on) == []


def test_the_units_list_offers_what_it_must_still_send(client_for, users):
    import re

    from django.utils import timezone

    wanted = services.unit_due(users["canboxa"].unit, timezone.localdate())
    assert wanted  # the demo leaves the ward's last quarter unsent
    page = client_for("canboxa").get("/reporting/submissions/").content.decode()
    shown = re.findall(r'data-testid="due-report" data-form="([^"]+)" data-period="([^"]+)"', page)
    assert shown == [(d.form.code, d.period.code) for d, _sub in wanted]
    d, _sub = wanted[0]
    link = f"/reporting/submissions/new/?form={d.form.pk}&amp;period={d.period.code}"
    assert link in page
    opened = client_for("canboxa").get(link.replace("&amp;", "&")).content.decode()
    assert f'value="{d.period.code}"' in opened
    assert (
        'data-testid="due-reports"'
        not in client_for("chuyenvien").get("/reporting/submissions/").content.decode()
    )


def test_catalogue_pages_and_the_admin_with_history(client_for):
    from ictgov.reporting.models import Indicator

    form = ReportForm.objects.get(code="BC-XA")
    bts = Indicator.objects.get(code="BTS")
    staff = client_for("chuyenvien")
    detail = staff.get(form.get_absolute_url()).content.decode()
    assert "Số đài truyền thanh đang hoạt động không được lớn hơn" in detail
    chart = staff.get(bts.get_absolute_url() + "?geography=current")
    assert chart.status_code == 200 and "series-data" in chart.content.decode()
    admin = client_for("quantri")
    assert admin.get(f"/admin/reporting/reportform/{form.pk}/change/").status_code == 200
    assert admin.get(f"/admin/reporting/reportform/{form.pk}/history/").status_code == 200
    page = admin.get(f"/admin/reporting/indicator/{bts.pk}/change/").content.decode()
    assert 'name="category"' not in page  # has figures: the disaggregation is fixed


def test_only_an_administrator_chooses_another_province(client_for):
    admin = client_for("quantri").get("/reporting/?province=38").content.decode()
    assert "Số liệu tổng hợp: Tỉnh Thanh Hóa" in admin
    staff = client_for("chuyenvien").get("/reporting/?province=38").content.decode()
    assert "Số liệu tổng hợp: Tỉnh Nghệ An" in staff


def test_dashboard_chart_of_a_disaggregated_indicator(client_for):
    import json
    import re

    page = client_for("chuyenvien").get("/reporting/?form=BC-DNVT&period=2026-10&indicator=BTS")
    body = page.content.decode()
    data = json.loads(re.search(r'id="series-data"[^>]*>(.*?)</script>', body, re.S).group(1))
    assert data["label"].startswith("Trạm thu phát sóng di động (BTS)")
    values = [v for v in data["values"] if v is not None]
    assert values and values[-1] > values[0]  # the operators' BTS grow (all technologies)


def test_the_compilation_that_decides_is_the_one_a_report_counts_towards(users, commune_sub):
    """Two compilations for one province and period (a province and the one it was merged
    into, or one reopened by mistake): the locked or approved one decides, whatever the
    alphabetical order of the states."""
    form = commune_sub.form
    period = services.period_from_code(form.period_kind, Q3)
    compiled = services.compile_province(users["chuyenvien"], form, period)
    services.act(users["chuyenvien"], compiled, "submit")
    services.act(users["lanhdao"], compiled, "approve")
    compiled.refresh_from_db()
    assert compiled.state in (SubmissionState.APPROVED, SubmissionState.LOCKED)
    other = Submission.objects.get(pk=compiled.pk)
    other.pk = None
    other.unit = users["taichinh"].unit
    other.state = SubmissionState.SUBMITTED  # "submitted" sorts after "approved"/"locked"
    other.save()
    assert services.consolidated_of(commune_sub).pk == compiled.pk
