"""The issue's bar for bad input, through the API a program would use: a value of the wrong
type, figures sent to a period the province compilation has locked, an approval by the wrong
level — each gets a clear Vietnamese message and changes nothing."""

import pytest

from ictgov.reporting import services
from ictgov.reporting.models import ReportForm, Submission
from ictgov.reporting.tests.test_reporting import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client_for, users):
    from ictgov.accounts.models import ApiToken

    def client(who):
        _t, key = ApiToken.issue(users[who])
        c = client_for(None)
        return lambda method, url, body=None: getattr(c, method)(
            url,
            body or {},
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}"},
        )

    return client


def _state(sub):
    fresh = Submission.objects.get(pk=sub.pk)
    return fresh.state, sorted(fresh.values.values_list("indicator__code", "option", "number"))


def _ward_q3(users):
    form = ReportForm.objects.get(code="BC-XA")
    period = services.period_from_code(form.period_kind, "2026-Q3")
    return services.open_submission(users["canboxa"], form, period, users["canboxa"].unit)


def test_a_value_of_the_wrong_type(api, users):
    sub = services.save_values(users["canboxa"], _ward_q3(users), GOOD)
    before = _state(sub)
    ward = api("canboxa")
    response = ward(
        "put",
        f"/api/v1/reporting/submissions/{sub.pk}/values",
        {"values": {"HS_TTHC": "1500", "DAI_TT": "hai"}},
    )
    assert response.status_code == 422
    assert "DAI_TT" in response.json()["detail"] and "không phải là số" in response.json()["detail"]
    assert _state(sub) == before  # the good HS_TTHC beside it was not written either


def test_figures_for_a_locked_period(api, users):
    sub = services.save_values(users["canboxa"], _ward_q3(users), GOOD)
    period = services.period_from_code("quarter", "2026-Q3")
    compiled = services.compile_province(users["chuyenvien"], sub.form, period)
    services.act(users["chuyenvien"], compiled, "submit")
    services.act(users["lanhdao"], compiled, "approve")
    before = _state(sub)
    ward = api("canboxa")
    response = ward(
        "put", f"/api/v1/reporting/submissions/{sub.pk}/values", {"values": {"CUM_LOA": "30"}}
    )
    assert response.status_code == 422 and "đã khóa" in response.json()["detail"]
    bulk = ward(
        "post",
        "/api/v1/reporting/values",
        {
            "form": "BC-XA",
            "rows": [
                {"indicator": "CUM_LOA", "period": "2026-Q3", "unit": sub.unit_id, "value": 30}
            ],
        },
    )
    assert bulk.status_code == 422 and "đã khóa" in bulk.json()["detail"]
    submit = ward("post", f"/api/v1/reporting/submissions/{sub.pk}/transitions/submit")
    assert submit.status_code == 422 and "đã khóa" in submit.json()["detail"]
    assert _state(sub) == before


def test_an_approval_by_the_wrong_level(api, users):
    sub = services.save_values(users["canboxa"], _ward_q3(users), GOOD)
    services.act(users["canboxa"], sub, "submit")
    before = _state(sub)
    own = api("canboxa")("post", f"/api/v1/reporting/submissions/{sub.pk}/transitions/approve")
    assert own.status_code == 403
    assert own.json()["detail"] == "Bạn không có quyền “Duyệt” báo cáo này."
    other = api("taichinh")("post", f"/api/v1/reporting/submissions/{sub.pk}/transitions/approve")
    assert other.status_code == 404 and "Không tìm thấy báo cáo" in other.json()["detail"]
    assert _state(sub) == before == ("submitted", before[1])
