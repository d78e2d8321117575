"""Demo registry for Nghệ An (the 2015 report's province), as the source reports tell it: every
commune has mobile coverage but not always 3G/4G in the hills; most have a post office or a
commune post-culture point (Điểm BĐVHX), a few of those closed; commune radio stations, some
degraded or broken with loudspeakers that no longer reach every village; internet agents and
public game points in the towns, some too close to a school under the rules of the time;
public internet access points at post-culture points. Part of the registry was entered before
the 2025 reform, with the old communes' codes (both addresses are kept).

Generated with a fixed seed and marked as demo data (`is_demo`); a second run creates nothing.
Officers' assessments of indicator 8.4 are recorded for most communes, so the criterion table
has communes that meet it, that fail it, and that lack information.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from ictgov.accounts.models import User
from ictgov.geo.models import AdministrativeUnit, Level

from . import selectors, services
from .models import Facility, IndicatorAssessment, Kind

ORDER = 50
SEED = "ictgov-registry-demo"
PROVINCE = "40"
# Nghệ An's extent, for plausible coordinates (no commune shapes here).
LAT, LON = (18.55, 19.95), (103.9, 105.8)
OPERATORS = ["Viettel Nghệ An", "VNPT Nghệ An", "MobiFone Nghệ An", "Vietnamobile"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Hồ"]
SCHOOLS = ["Trường THCS", "Trường Tiểu học", "Trường THPT"]


class _Row:
    """What `services.bulk_create_facilities` takes: checked values and a placement."""

    def __init__(self, values, placement):
        self.values = {
            "recorded_on": None,
            "status": "active",
            "operator_name": "",
            "latitude": None,
            "longitude": None,
            "operating_since": None,
            "licence_number": "",
            "notes": "Dữ liệu minh họa",
            "street": "",
            **values,
        }
        self.placement = placement


def _point(rng, centre):
    lat = Decimal(str(round(centre[0] + rng.uniform(-0.02, 0.02), 6)))
    lon = Decimal(str(round(centre[1] + rng.uniform(-0.02, 0.02), 6)))
    return lat, lon


def _facilities_of(rng, commune):
    short = commune.short_name
    centre = (rng.uniform(*LAT), rng.uniform(*LON))
    hills = rng.random() < 0.3
    old = sorted(
        (p for p in commune.predecessors.all() if p.level == Level.COMMUNE), key=lambda u: u.code
    )
    out = []

    def add(kind, values, *, entered_old=False):
        placement = services.Placement(commune, None)
        if entered_old and old:
            placement = services.Placement(commune, rng.choice(old))
            values.setdefault("recorded_on", date(2024, rng.randint(1, 12), rng.randint(1, 28)))
        lat, lon = _point(rng, centre)
        values.setdefault("latitude", lat)
        values.setdefault("longitude", lon)
        out.append((kind, _Row(values, placement)))

    for i in range(rng.randint(1, 3)):
        techs = ["2g"] if hills and i == 0 else rng.sample(["2g", "3g", "4g", "5g"], 2)
        add(
            Kind.BTS,
            {
                "name": f"Trạm BTS {short} {i + 1}",
                "site_code": f"NAN-{commune.code}-{i + 1}",
                "operator_name": rng.choice(OPERATORS),
                "technologies": sorted(set(techs)),
                "tower_type": rng.choice(["self_supporting", "guyed", "monopole", "rooftop"]),
                "tower_height_m": Decimal(rng.choice([18, 24, 30, 36, 42, 45])),
                "shared_infrastructure": rng.random() < 0.3,
                "construction_permit": f"{rng.randint(10, 400)}/GPXD" if rng.random() < 0.6 else "",
            },
            entered_old=rng.random() < 0.3,
        )
    if rng.random() < 0.9:  # one commune in ten has no postal point (8.1 not met)
        culture = rng.random() < 0.6
        add(
            Kind.POST,
            {
                "name": f"Điểm BĐVHX {short}" if culture else f"Bưu cục {short}",
                "operator_name": "Bưu điện tỉnh Nghệ An",
                "post_type": "culture_point" if culture else "post_office",
                "services": "Bưu chính, chuyển phát, báo chí",
                "has_internet": rng.random() < 0.5,
                "has_reading_room": culture,
                "status": "closed" if rng.random() < 0.05 else "active",
            },
            entered_old=rng.random() < 0.2,
        )
    roll = rng.random()
    condition = "broken" if roll < 0.1 else "degraded" if roll < 0.25 else "working"
    villages = rng.randint(6, 18)
    add(
        Kind.RADIO,
        {
            "name": f"Đài truyền thanh {commune.name[:1].lower()}{commune.name[1:]}",
            "radio_level": "commune",
            "radio_technology": rng.choice(["wired", "fm", "fm", "ip"]),
            "loudspeaker_clusters": villages if condition == "working" else villages // 2,
            "villages_covered": villages if condition == "working" else villages // 2,
            "villages_total": villages,
            "condition": condition,
        },
    )
    town = commune.division_type.lower().startswith("phường")
    for i in range(rng.randint(1, 3) if town else rng.randint(0, 1)):
        add(
            Kind.INTERNET_AGENT,
            {
                "name": f"Đại lý Internet {short} {i + 1}",
                "operator_name": f"Hộ kinh doanh {rng.choice(FAMILY)} Văn {chr(65 + i)}",
                "internet_provider": rng.choice(OPERATORS[:3]),
                "machines": rng.randint(5, 20),
            },
        )
    if town or rng.random() < 0.3:
        since = date(rng.randint(2015, 2025), rng.randint(1, 12), 1)
        add(
            Kind.GAME_POINT,
            {
                "name": f"Điểm trò chơi điện tử {short}",
                "operator_name": f"Hộ kinh doanh game {short}",
                "floor_area_m2": Decimal(rng.choice([25, 35, 45, 60])),
                "machines": rng.randint(10, 40),
                "urban_class": "special_iii" if town else "other",
                "nearest_school": f"{rng.choice(SCHOOLS)} {short}",
                "school_distance_m": rng.choice([120, 180, 250, 400, 600]),
                "operating_since": min(since, timezone.localdate()),
                "licence_number": f"{rng.randint(1, 99)}/GCN-STTTT" if rng.random() < 0.7 else "",
            },
        )
    if rng.random() < 0.4:
        add(
            Kind.PUBLIC_ACCESS,
            {
                "name": f"Điểm truy nhập Internet công cộng {short}",
                "host_place": f"Điểm BĐVHX {short}",
                "machines": rng.randint(2, 6),
                "has_internet": True,
            },
        )
    return out


def load(stdout, **options):
    province = (
        AdministrativeUnit.objects.filter(level=Level.PROVINCE, code=PROVINCE)
        .order_by(F("valid_from").desc(nulls_last=True))
        .first()
    )
    if province is None or Facility.objects.filter(is_demo=True, province=province).exists():
        stdout.write("Sổ quản lý cơ sở: đã có dữ liệu minh họa.")
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    communes = [
        c
        for c in AdministrativeUnit.objects.filter(level=Level.COMMUNE, parent=province)
        .prefetch_related("predecessors__parent__parent")
        .select_related("parent")
        .order_by("code")
        if c.is_valid_on(today)
    ]
    by_kind: dict[str, list] = {kind: [] for kind in Kind.values}
    for commune in communes:
        for kind, row in _facilities_of(rng, commune):
            by_kind[kind].append(row)
    created = sum(
        services.bulk_create_facilities(kind, rows, demo=True) for kind, rows in by_kind.items()
    )
    # Officers' findings for 8.4 (IT in the commune's management) in four communes of five.
    officer = User.objects.filter(username="chuyenvien").first()
    criterion_set = selectors.criterion_set_on(today)
    assessed = 0
    if officer is not None and criterion_set is not None:
        manual = [i for i in criterion_set.indicators.all() if i.rule == "manual"]
        found = []
        for commune in communes:
            if rng.random() < 0.8:
                for indicator in manual:
                    found.append(
                        IndicatorAssessment(
                            indicator=indicator,
                            commune=commune,
                            province=province,
                            met=rng.random() < 0.9,
                            evidence="Hệ thống quản lý văn bản và điều hành; một cửa điện tử",
                            assessed_on=today - timedelta(days=rng.randint(0, 60)),
                            assessed_by=officer,
                        )
                    )
        from simple_history.utils import bulk_create_with_history

        bulk_create_with_history(found, IndicatorAssessment, default_user=officer)
        assessed = len(found)
    stdout.write(
        f"Sổ quản lý cơ sở: {created} cơ sở minh họa ở {len(communes)} xã, {assessed} đánh giá."
    )
