"""The demo's 2015 story (source 000): Nghệ An's ICT emulation clusters of districts, briefed by
the department's director on 09/4/2015, scored by their heads on the tasks of that briefing,
ranked, the leaders proposed for awards with no decision number invented."""

import re

import pytest
from django.utils.html import escape

from ictgov.org.models import ClusterTerm
from ictgov.reporting import selectors
from ictgov.reporting.models import AwardProposal, EmulationCriterion

pytestmark = pytest.mark.django_db


def _terms():
    return ClusterTerm.objects.filter(
        year=2015, cluster__sector="Thông tin và truyền thông", cluster__admin_unit__code="40"
    ).select_related("cluster", "head_unit")


def test_every_2015_cluster_is_scored_ranked_and_proposed_without_invented_numbers():
    terms = list(_terms())
    assert len(terms) == 5
    for term in terms:
        criteria, rows = selectors.ranking(term.cluster, 2015)
        assert [c.code for c in criteria] == ["1", "2", "3", "4", "5", "6"]
        assert sum(c.max_points for c in criteria) == 100
        assert "Đại hội Đảng bộ tỉnh lần thứ XVIII" in criteria[0].name
        assert {r.unit for r in rows} == set(term.members.all())
        assert all(points is not None for r in rows for points, _note in r.points)
        assert all("09/04/2015" in note for r in rows for _p, note in r.points)
        assert [r.total for r in rows] == sorted((r.total for r in rows), reverse=True)
        assert rows[0].rank == 1 and any(r.head for r in rows)
        awards = AwardProposal.objects.filter(cluster=term.cluster, year=2015)
        assert {a.kind for a in awards} == {"flag", "merit"}
        flag = awards.get(kind="flag")
        assert flag.unit == rows[0].unit and flag.points == rows[0].total
        assert all(
            a.state == "proposed" and not a.decision_number and not a.proposal_number
            for a in awards
        )


def test_the_2015_ranking_page_and_the_year_list(client_for):
    term = _terms().first()
    c = client_for("lanhdao")
    page = c.get(f"/reporting/emulation/{term.cluster_id}/2015/")
    assert page.status_code == 200
    text = page.content.decode()
    assert escape(term.cluster.name) in text
    for member in term.members.all():
        assert member.name in text
    assert "Đã đề nghị" in text
    # On a phone each unit's row is a card: every cell names its column, the points its criterion.
    first_row = text.split('data-testid="rank-row"')[1].split("</tr>")[0]
    labels = re.findall(r'data-label="([^"]*)"', first_row)
    criteria = page.context["criteria"]
    assert labels[:2] == ["Hạng", "Đơn vị"] and labels[-1].startswith("Tổng / ")
    assert len(labels) == len(criteria) + 3
    for label, criterion in zip(labels[2:-1], criteria, strict=True):
        assert label.startswith(f"{criterion.code}. {escape(criterion.name)} (tối đa ")
    assert 'stack-on-phone" data-testid="ranking"' in text
    listing = c.get("/reporting/emulation/").content.decode()
    assert f"/reporting/emulation/{term.cluster_id}/2015/" in listing
    # 2016 has a term (the head rotates) but no scale yet: not listed as a ranking.
    assert not EmulationCriterion.objects.filter(cluster=term.cluster, year=2016).exists()
    assert f"/reporting/emulation/{term.cluster_id}/2016/" not in listing
