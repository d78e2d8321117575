"""Agencies named in the five source reports, as they were, with their successors after 2025,
and the current demo province (Nghệ An) with Nghệ An's ICT emulation clusters."""

from datetime import date

from ictgov.core.seed import ensure
from ictgov.geo.models import AdministrativeUnit

from .models import ClusterTerm, EmulationCluster, Person, Position, Unit, UnitKind, UnitSuccession

ORDER = 10
MOIC_MERGER = date(2025, 3, 1)  # Sở TT&TT merged into Sở KH&CN (Decree 55/2025, FACTS §1)
LAST_DAY_BEFORE_MERGER = date(2025, 2, 28)
REFORM = date(2025, 7, 1)
K = UnitKind


def _province(code: str, legacy: bool) -> AdministrativeUnit:
    qs = AdministrativeUnit.objects.filter(level="province", code=code)
    return qs.get(valid_from__isnull=True) if legacy else qs.get(valid_from=REFORM)


def _district(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level="district", code=code, valid_from__isnull=True)


def _commune(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level="commune", code=code, valid_from=REFORM)


def _lower(name: str) -> str:
    """'Huyện Bắc Quang' → 'huyện Bắc Quang', as it reads inside an agency's name."""
    return name[:1].lower() + name[1:]


def unit(
    name,
    kind,
    admin_unit,
    *,
    parent=None,
    abbreviation="",
    aliases="",
    valid_from=None,
    valid_to=None,
    **extra,
):
    return ensure(
        Unit,
        {"name": name, "admin_unit": admin_unit},
        kind=kind,
        parent=parent,
        abbreviation=abbreviation,
        aliases=aliases,
        valid_from=valid_from,
        valid_to=valid_to,
        **extra,
    )


def person(full_name, unit_, title, *, is_head=False, valid_from=None, valid_to=None, **extra):
    p = ensure(Person, {"full_name": full_name}, **extra)
    ensure(
        Position,
        {"person": p, "unit": unit_, "title": title},
        is_head=is_head,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    return p


def succeed(old, new, on, duties="", legal_basis=""):
    ensure(
        UnitSuccession,
        {"predecessor": old, "successor": new},
        effective_on=on,
        duties=duties,
        legal_basis=legal_basis,
    )


def _current_province_agencies(province):
    """Sở KH&CN and Sở VHTT&DL of a current province: the successors of its Sở TT&TT."""
    name = province.short_name
    ubnd = unit(
        f"Ủy ban nhân dân tỉnh {name}",
        K.PEOPLES_COMMITTEE,
        province,
        abbreviation="UBND tỉnh",
        valid_from=REFORM if province.code != "40" else None,
    )
    skhcn = unit(
        f"Sở Khoa học và Công nghệ tỉnh {name}",
        K.DEPARTMENT,
        province,
        parent=ubnd,
        abbreviation="Sở KH&CN",
        aliases="SKHCN",
    )
    svh = unit(
        f"Sở Văn hóa, Thể thao và Du lịch tỉnh {name}",
        K.DEPARTMENT,
        province,
        parent=ubnd,
        abbreviation="Sở VHTT&DL",
        aliases="SVHTTDL",
    )
    return ubnd, skhcn, svh


def _source_department(province_code, name, new_province_code, *, director=None, report_date=None):
    """A Sở TT&TT as it was, and where its duties went in 2025."""
    old_province = _province(province_code, legacy=True)
    ubnd = unit(
        f"Ủy ban nhân dân tỉnh {name}",
        K.PEOPLES_COMMITTEE,
        old_province,
        abbreviation="UBND tỉnh",
        valid_to=date(2025, 6, 30),
    )
    stttt = unit(
        f"Sở Thông tin và Truyền thông tỉnh {name}",
        K.DEPARTMENT,
        old_province,
        parent=ubnd,
        abbreviation="Sở TT&TT",
        aliases="STTTT\nSở Thông tin và Truyền thông",
        valid_from=date(2008, 4, 4),
        valid_to=LAST_DAY_BEFORE_MERGER,
    )
    if director:
        person(director, stttt, "Giám đốc Sở", is_head=True)
    _ubnd, skhcn, svh = _current_province_agencies(_province(new_province_code, legacy=False))
    succeed(
        stttt,
        skhcn,
        MOIC_MERGER,
        "Bưu chính, viễn thông, công nghệ thông tin, chuyển đổi số",
        "Nghị định 55/2025/NĐ-CP; Nghị quyết 176/2025/QH15",
    )
    succeed(
        stttt,
        svh,
        MOIC_MERGER,
        "Báo chí, xuất bản, phát thanh truyền hình, thông tin điện tử, thông tin cơ sở, đối ngoại",
        "Thông tư 10/2025/TT-BVHTTDL",
    )
    return old_province, ubnd, stttt


def load(stdout, **options):
    # Central bodies named in the reports.
    bo_tttt = unit(
        "Bộ Thông tin và Truyền thông",
        K.MINISTRY,
        None,
        abbreviation="Bộ TT&TT",
        aliases="BTTTT",
        valid_to=LAST_DAY_BEFORE_MERGER,
    )
    bo_khcn = unit(
        "Bộ Khoa học và Công nghệ", K.MINISTRY, None, abbreviation="Bộ KH&CN", aliases="BKHCN"
    )
    bo_vh = unit("Bộ Văn hóa, Thể thao và Du lịch", K.MINISTRY, None, abbreviation="Bộ VHTTDL")
    succeed(
        bo_tttt,
        bo_khcn,
        MOIC_MERGER,
        "Bưu chính, viễn thông, CNTT, chuyển đổi số",
        "Nghị quyết 176/2025/QH15; Nghị định 55/2025/NĐ-CP",
    )
    succeed(bo_tttt, bo_vh, MOIC_MERGER, "Báo chí, xuất bản", "Nghị định 43/2025/NĐ-CP")
    person("Nguyễn Thành Hưng", bo_tttt, "Thứ trưởng")
    unit("Bộ Nội vụ", K.MINISTRY, None, abbreviation="BNV")
    unit("Phòng Thương mại và Công nghiệp Việt Nam", K.ASSOCIATION, None, abbreviation="VCCI")

    # 000 — Nghệ An, 09/4/2015: the department and its ICT emulation clusters.
    na_old, na_ubnd_old, na_stttt = _source_department(
        "40", "Nghệ An", "40", director="Hồ Quang Thành"
    )
    na = _province("40", legacy=False)
    na_ubnd, na_skhcn, na_svh = _current_province_agencies(na)
    for division in [
        "Văn phòng Sở",
        "Phòng Bưu chính, Viễn thông",
        "Phòng Công nghệ thông tin",
        "Phòng Báo chí, Xuất bản",
        "Thanh tra Sở",
    ]:
        unit(
            f"{division} (Sở TT&TT Nghệ An)",
            K.DIVISION,
            na_old,
            parent=na_stttt,
            valid_to=LAST_DAY_BEFORE_MERGER,
        )
    unit(
        "Cổng Thông tin điện tử tỉnh Nghệ An",
        K.PUBLIC_SERVICE_UNIT,
        na,
        parent=na_ubnd,
        abbreviation="Cổng TTĐT Nghệ An",
    )
    _nghe_an_clusters(na_old, na_stttt)

    # Current Nghệ An: the demo province's agencies and a few communes.
    unit(
        "Văn phòng Ủy ban nhân dân tỉnh Nghệ An",
        K.OFFICE,
        na,
        parent=na_ubnd,
        abbreviation="Văn phòng UBND tỉnh",
        aliases="VP UBND tỉnh",
    )
    for name, abbr, aliases in [
        ("Sở Nội vụ tỉnh Nghệ An", "Sở Nội vụ", "SNV"),
        ("Sở Tài chính tỉnh Nghệ An", "Sở Tài chính", "STC"),
        ("Sở Xây dựng tỉnh Nghệ An", "Sở Xây dựng", "SXD"),
        ("Sở Giáo dục và Đào tạo tỉnh Nghệ An", "Sở GD&ĐT", ""),
        ("Công an tỉnh Nghệ An", "Công an tỉnh", ""),
    ]:
        unit(name, K.DEPARTMENT, na, parent=na_ubnd, abbreviation=abbr, aliases=aliases)
    khdt = unit(
        "Sở Kế hoạch và Đầu tư tỉnh Nghệ An",
        K.DEPARTMENT,
        na_old,
        parent=na_ubnd_old,
        abbreviation="Sở KH&ĐT",
        aliases="SKHĐT",
        valid_to=LAST_DAY_BEFORE_MERGER,
    )
    succeed(
        khdt,
        Unit.objects.get(name="Sở Tài chính tỉnh Nghệ An"),
        MOIC_MERGER,
        "Kế hoạch, đầu tư (hợp nhất vào Sở Tài chính)",
    )
    for division in [
        "Văn phòng Sở",
        "Phòng Bưu chính, Viễn thông và Chuyển đổi số",
        "Phòng Công nghệ thông tin",
        "Thanh tra Sở",
    ]:
        unit(f"{division} (Sở KH&CN Nghệ An)", K.DIVISION, na, parent=na_skhcn)
    person("Lê Minh Đức", na_skhcn, "Giám đốc Sở", is_head=True, valid_from=date(2025, 3, 1))
    person("Trần Thị Hương", na_skhcn, "Phó Giám đốc Sở", valid_from=date(2025, 3, 1))
    for code in ["16702", "16732", "16738"]:
        commune = _commune(code)
        unit(
            f"Ủy ban nhân dân {_lower(commune.name)}",
            K.PEOPLES_COMMITTEE,
            commune,
            abbreviation=f"UBND {_lower(commune.name)}",
            valid_from=REFORM,
        )
    unit("Báo Nghệ An", K.PRESS_AGENCY, na)
    unit("Viễn thông Nghệ An (VNPT)", K.ENTERPRISE, na, abbreviation="VNPT Nghệ An")
    unit("Viettel Nghệ An", K.ENTERPRISE, na)
    unit("Bưu điện tỉnh Nghệ An", K.ENTERPRISE, na)

    # 001 — Hà Giang, 19–23/10/2009: the working visit to four districts.
    _source_department("02", "Hà Giang", "08", director="Phạm Mã Hùng")
    for code in ["034", "035", "032", "033"]:
        district = _district(code)
        ubnd_h = unit(
            f"Ủy ban nhân dân {_lower(district.name)}",
            K.PEOPLES_COMMITTEE,
            district,
            abbreviation=f"UBND {_lower(district.name)}",
            valid_to=date(2025, 6, 30),
        )
        unit(
            f"Phòng Văn hóa và Thông tin {_lower(district.name)}",
            K.DISTRICT_OFFICE,
            district,
            parent=ubnd_h,
            valid_to=date(2025, 6, 30),
        )

    # 002 — Thanh Hóa, 08/01/2014: the year-end conference.
    th_old, th_ubnd, _th = _source_department("38", "Thanh Hóa", "38", director="Đỗ Thanh")
    person("Nguyễn Ngọc Hồi", th_ubnd, "Phó Chủ tịch UBND tỉnh")
    unit("Văn phòng Tỉnh ủy Thanh Hóa", K.PARTY_BODY, th_old, valid_to=date(2025, 6, 30))
    unit(
        "Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa",
        K.OFFICE,
        th_old,
        parent=th_ubnd,
        abbreviation="Văn phòng UBND tỉnh",
        valid_to=date(2025, 6, 30),
    )

    # 003 — Quảng Bình, 23/9/2014: the Deputy Minister's visit.
    _source_department("44", "Quảng Bình", "44")

    # 004 — Bạc Liêu, 20/4/2009: the provincial leadership's working session.
    bl_old, bl_ubnd, bl_stttt = _source_department(
        "95", "Bạc Liêu", "96", director="Đặng Thanh Tốt"
    )
    person("Vũ Văn Họa", bl_ubnd, "Phó Chủ tịch UBND tỉnh")
    bl_until = {"valid_to": date(2025, 6, 30)}
    for name, abbr in [
        ("Sở Nội vụ tỉnh Bạc Liêu", "Sở Nội vụ"),
        ("Sở Tài chính tỉnh Bạc Liêu", "Sở Tài chính"),
    ]:
        unit(name, K.DEPARTMENT, bl_old, parent=bl_ubnd, abbreviation=abbr, **bl_until)
    unit(
        "Sở Kế hoạch và Đầu tư tỉnh Bạc Liêu",
        K.DEPARTMENT,
        bl_old,
        parent=bl_ubnd,
        abbreviation="Sở KH&ĐT",
        valid_to=LAST_DAY_BEFORE_MERGER,
    )
    unit(
        "Văn phòng Ủy ban nhân dân tỉnh Bạc Liêu",
        K.OFFICE,
        bl_old,
        parent=bl_ubnd,
        abbreviation="Văn phòng UBND tỉnh",
        **bl_until,
    )
    btc = unit("Ban Tổ chức Tỉnh ủy Bạc Liêu", K.PARTY_BODY, bl_old, **bl_until)
    person("Dương Thành Trung", btc, "Trưởng ban")
    unit(
        "Trung tâm Công nghệ thông tin và Truyền thông tỉnh Bạc Liêu",
        K.PUBLIC_SERVICE_UNIT,
        bl_old,
        parent=bl_stttt,
        abbreviation="Trung tâm CNTT&TT",
        valid_to=LAST_DAY_BEFORE_MERGER,
    )
    stdout.write(
        f"Tổ chức: {Unit.objects.count()} cơ quan, đơn vị; {Person.objects.count()} cán bộ."
    )


# Nghệ An's district-level units grouped into ICT emulation clusters. The 2015 report names the
# clusters and their heads (Cụm trưởng) but not their members: this grouping is demo data.
NGHE_AN_CLUSTERS = [
    ("Cụm thi đua số 1 ngành TT&TT (thành phố, thị xã)", ["412", "414", "432"]),
    ("Cụm thi đua số 2 ngành TT&TT (miền núi phía Tây)", ["415", "416", "417", "418", "422"]),
    ("Cụm thi đua số 3 ngành TT&TT (trung du)", ["419", "420", "423", "424"]),
    ("Cụm thi đua số 4 ngành TT&TT (đồng bằng phía Bắc)", ["421", "425", "426", "427"]),
    ("Cụm thi đua số 5 ngành TT&TT (đồng bằng phía Nam)", ["428", "429", "430", "431"]),
]


def _nghe_an_clusters(province, department):
    leader = Person.objects.get(full_name="Hồ Quang Thành")
    deputy = person(
        "Nguyễn Văn Thông", department, "Phó Giám đốc Sở", valid_to=LAST_DAY_BEFORE_MERGER
    )
    for i, (name, codes) in enumerate(NGHE_AN_CLUSTERS):
        cluster = ensure(
            EmulationCluster,
            {"name": name, "admin_unit": province},
            kind=EmulationCluster.Kind.CLUSTER,
            sector="Thông tin và truyền thông",
        )
        members = []
        for code in codes:
            district = _district(code)
            members.append(
                unit(
                    f"Phòng Văn hóa và Thông tin {_lower(district.name)}",
                    K.DISTRICT_OFFICE,
                    district,
                    valid_to=date(2025, 6, 30),
                )
            )
        for year in (2015, 2016):
            term = ensure(
                ClusterTerm,
                {"cluster": cluster, "year": year},
                head_unit=members[(year - 2015) % len(members)],
                leader=leader if i % 2 == 0 else deputy,
            )
            if set(term.members.all()) != set(members):
                term.members.set(members)
