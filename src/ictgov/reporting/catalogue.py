"""The ICT report forms a department collects, seeded in every installation (a data migration)
and kept by administrators afterwards (the admin, with history):

* BC-XA: the commune's quarterly ICT report (post-culture points, radio stations, public
  internet points, documents exchanged electronically, online public services);
* BC-HUYEN: the same figures from the district offices, until the district level ended
  (30/06/2025): the series continue across the reform;
* BC-DNVT: the telecom operators' monthly report (subscribers and BTS by technology);
* BC-BCXB: the press and publishing half-year report.

`seed(get_model)` takes `apps.get_model` (migration) or a plain lookup, so the same data serves
both. Codes are stable keys; names may be edited.
"""

from datetime import date
from decimal import Decimal

CATEGORIES = [
    (
        "cong-nghe-di-dong",
        "Công nghệ di động",
        [("2g", "2G"), ("3g", "3G"), ("4g", "4G"), ("5g", "5G")],
    ),
]

# code, name, unit of measure, value type, aggregation, category, legal source
INDICATORS = [
    (
        "BDVHX",
        "Điểm Bưu điện – Văn hóa xã đang hoạt động",
        "điểm",
        "integer",
        "last",
        None,
        "QĐ 318/QĐ-TTg, tiêu chí 8.1",
    ),
    (
        "INTERNET_CC",
        "Điểm truy cập Internet công cộng",
        "điểm",
        "integer",
        "last",
        None,
        "QĐ 318/QĐ-TTg, tiêu chí 8.2",
    ),
    (
        "DAI_TT",
        "Đài truyền thanh cơ sở",
        "đài",
        "integer",
        "last",
        None,
        "QĐ 318/QĐ-TTg, tiêu chí 8.3",
    ),
    (
        "DAI_TT_HD",
        "Đài truyền thanh cơ sở đang hoạt động",
        "đài",
        "integer",
        "last",
        None,
        "QĐ 318/QĐ-TTg, tiêu chí 8.3",
    ),
    ("CUM_LOA", "Cụm loa đến thôn, bản, tổ dân phố", "cụm", "integer", "last", None, ""),
    (
        "VB_DIEN_TU",
        "Tỷ lệ văn bản trao đổi dưới dạng điện tử",
        "%",
        "percentage",
        "average",
        None,
        "QĐ 318/QĐ-TTg, tiêu chí 8.4",
    ),
    ("HS_TTHC", "Hồ sơ thủ tục hành chính tiếp nhận", "hồ sơ", "integer", "sum", None, ""),
    (
        "HS_DVC_TT",
        "Hồ sơ tiếp nhận qua dịch vụ công trực tuyến",
        "hồ sơ",
        "integer",
        "sum",
        None,
        "Nghị định 118/2025/NĐ-CP",
    ),
    (
        "TB_DI_DONG",
        "Thuê bao di động đang hoạt động",
        "thuê bao",
        "integer",
        "last",
        "cong-nghe-di-dong",
        "Thông tư 03/2018/TT-BTTTT",
    ),
    (
        "TB_BRCD",
        "Thuê bao Internet băng rộng cố định",
        "thuê bao",
        "integer",
        "last",
        None,
        "Thông tư 03/2018/TT-BTTTT",
    ),
    (
        "BTS",
        "Trạm thu phát sóng di động (BTS)",
        "trạm",
        "integer",
        "last",
        "cong-nghe-di-dong",
        "Thông tư 03/2018/TT-BTTTT",
    ),
    ("DOANH_THU_VT", "Doanh thu dịch vụ viễn thông", "triệu đồng", "decimal", "sum", None, ""),
    ("SO_PHAT_HANH", "Số báo, số kỳ phát hành", "số", "integer", "sum", None, "Luật Báo chí 2016"),
    ("TIN_BAI", "Tin, bài đã đăng, phát", "tin, bài", "integer", "sum", None, ""),
    ("PHONG_VIEN", "Phóng viên, biên tập viên", "người", "integer", "last", None, ""),
    (
        "THE_NHA_BAO",
        "Người được cấp thẻ nhà báo",
        "người",
        "integer",
        "last",
        None,
        "Luật Báo chí 2016, Điều 26",
    ),
    (
        "XB_TAI_LIEU",
        "Tài liệu không kinh doanh được cấp phép xuất bản",
        "tài liệu",
        "integer",
        "sum",
        None,
        "Luật Xuất bản 2012",
    ),
    ("GHI_CHU", "Kiến nghị, đề xuất", "", "text", "none", None, ""),
]

_LOCAL_SECTIONS = [
    ("I. Bưu chính, viễn thông", ["BDVHX", "INTERNET_CC"]),
    ("II. Thông tin cơ sở, truyền thanh", ["DAI_TT", "DAI_TT_HD", "CUM_LOA"]),
    ("III. Chính quyền số, dịch vụ công", ["VB_DIEN_TU", "HS_TTHC", "HS_DVC_TT"]),
    ("IV. Kiến nghị", ["GHI_CHU"]),
]
_LOCAL_RULES = [
    (
        "Đài hoạt động ≤ tổng số đài",
        "DAI_TT_HD",
        "<=",
        "DAI_TT",
        True,
        "blocking",
        "Số đài truyền thanh đang hoạt động không được lớn hơn tổng số đài truyền thanh",
    ),
    (
        "Hồ sơ trực tuyến ≤ tổng hồ sơ",
        "HS_DVC_TT",
        "<=",
        "HS_TTHC",
        True,
        "blocking",
        "Số hồ sơ trực tuyến không được lớn hơn tổng số hồ sơ tiếp nhận",
    ),
    (
        "Văn bản điện tử đạt 90%",
        "VB_DIEN_TU",
        ">=",
        "90",
        True,
        "warning",
        "Tỷ lệ văn bản điện tử dưới 90%: chưa đạt mục tiêu chính quyền số",
    ),
]

# code, name, period kind, level, due months after, due day, valid from, valid to, sections, rules
FORMS = [
    (
        "BC-XA",
        "Báo cáo thông tin và truyền thông cấp xã",
        "quarter",
        "commune",
        1,
        10,
        date(2025, 7, 1),
        None,
        _LOCAL_SECTIONS,
        _LOCAL_RULES,
    ),
    (
        "BC-HUYEN",
        "Báo cáo thông tin và truyền thông cấp huyện",
        "quarter",
        "district",
        1,
        10,
        None,
        date(2025, 6, 30),
        _LOCAL_SECTIONS,
        _LOCAL_RULES,
    ),
    (
        "BC-DNVT",
        "Báo cáo tháng của doanh nghiệp viễn thông",
        "month",
        "list",
        1,
        15,
        None,
        None,
        [
            ("I. Thuê bao", ["TB_DI_DONG", "TB_BRCD"]),
            ("II. Hạ tầng", ["BTS"]),
            ("III. Doanh thu", ["DOANH_THU_VT"]),
        ],
        [
            (
                "Có trạm BTS",
                "BTS",
                ">=",
                "1",
                True,
                "warning",
                "Doanh nghiệp báo cáo không có trạm BTS nào trên địa bàn",
            ),
            (
                "Thuê bao 5G ≤ thuê bao 4G",
                "TB_DI_DONG.5g",
                "<=",
                "TB_DI_DONG.4g",
                True,
                "warning",
                "Thuê bao 5G nhiều hơn thuê bao 4G: đề nghị kiểm tra lại",
            ),
        ],
    ),
    (
        "BC-BCXB",
        "Báo cáo 6 tháng về báo chí, xuất bản",
        "half_year",
        "press",
        1,
        15,
        None,
        None,
        [
            ("I. Báo chí", ["SO_PHAT_HANH", "TIN_BAI", "PHONG_VIEN", "THE_NHA_BAO"]),
            ("II. Xuất bản", ["XB_TAI_LIEU"]),
        ],
        [
            (
                "Thẻ nhà báo ≤ phóng viên",
                "THE_NHA_BAO",
                "<=",
                "PHONG_VIEN",
                True,
                "blocking",
                "Số người có thẻ nhà báo không được lớn hơn số phóng viên, biên tập viên",
            )
        ],
    ),
]


def seed(get_model) -> None:
    Category = get_model("reporting", "Category")
    CategoryOption = get_model("reporting", "CategoryOption")
    Indicator = get_model("reporting", "Indicator")
    ReportForm = get_model("reporting", "ReportForm")
    FormSection = get_model("reporting", "FormSection")
    FormIndicator = get_model("reporting", "FormIndicator")
    ValidationRule = get_model("reporting", "ValidationRule")
    from ictgov.core.text import fold

    categories = {}
    for code, name, options in CATEGORIES:
        cat, _c = Category.objects.get_or_create(code=code, defaults={"name": name})
        categories[code] = cat
        for i, (ocode, oname) in enumerate(options):
            CategoryOption.objects.get_or_create(
                category=cat, code=ocode, defaults={"name": oname, "order": i}
            )
    indicators = {}
    for code, name, uom, vtype, agg, cat, source in INDICATORS:
        ind = Indicator.objects.filter(code=code).first()
        if ind is None:
            ind = Indicator.objects.create(
                code=code,
                name=name,
                unit_of_measure=uom,
                value_type=vtype,
                aggregation=agg,
                category=categories.get(cat),
                legal_source=source,
                search_name=fold(f"{code} {name}"),
            )
        indicators[code] = ind
    for code, name, kind, level, months, day, since, until, sections, rules in FORMS:
        if ReportForm.objects.filter(code=code).exists():
            continue
        form = ReportForm.objects.create(
            code=code,
            name=name,
            period_kind=kind,
            reporting_level=level,
            due_months_after=months,
            due_day=day,
            valid_from=since,
            valid_to=until,
            outlier_factor=Decimal("3"),
            search_name=fold(f"{code} {name}"),
            cutoff_note="Số liệu tính đến hết ngày cuối kỳ báo cáo",
        )
        order = 0
        for s, (title, codes) in enumerate(sections):
            section = FormSection.objects.create(form=form, title=title, order=s)
            for c in codes:
                order += 1
                FormIndicator.objects.create(
                    form=form,
                    section=section,
                    indicator=indicators[c],
                    order=order,
                    required=indicators[c].value_type != "text",
                )
        for rname, left, op, right, skip, severity, message in rules:
            ValidationRule.objects.create(
                form=form,
                name=rname,
                left=left,
                operator=op,
                right=right,
                skip_if_missing=skip,
                severity=severity,
                message=message,
            )
