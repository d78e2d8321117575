"""The procedure catalogue of ../shared/FACTS.md §2–§3, and the licensing parameters.

What FACTS marks UNCONFIRMED is listed in each procedure's `unconfirmed` (the field names) and
explained in `unconfirmed_note`; the procedure page shows it. Issuers are seeded as authorities
by period; the concrete unit of a province (e.g. Sở VHTT&DL Nghệ An) is set by an
administrator (the demo sets Nghệ An's). A second run changes nothing.
"""

from datetime import date

from django.db import migrations

OLD_GAMES_END = date(2024, 12, 24)
NEW_GAMES = date(2024, 12, 25)
DISTRICTS_END = date(2025, 6, 30)
COMMUNES = date(2025, 7, 1)
MERGER_END = date(2025, 2, 28)
MERGER = date(2025, 3, 1)

GAME_TITLE = "Giấy chứng nhận"
GAME_SUMMARY = "Đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng"
GAME_147 = "Nghị định số 147/2024/NĐ-CP ngày 09/11/2024 của Chính phủ (Điều 62)"
GAME_72 = (
    "Nghị định số 72/2013/NĐ-CP ngày 15/7/2013 của Chính phủ\n"
    "Nghị định số 27/2018/NĐ-CP ngày 01/3/2018 của Chính phủ"
)
COMMUNE_SINCE = "Nghị định số 137/2025/NĐ-CP (thẩm quyền của UBND cấp xã từ 01/7/2025)"
COMMUNE_ISSUERS = [
    {
        "authority": "Ủy ban nhân dân cấp huyện nơi đặt điểm",
        "level": "district",
        "symbol": "UBND",
        "valid_from": NEW_GAMES,
        "valid_to": DISTRICTS_END,
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
    },
    {
        "authority": "Ủy ban nhân dân cấp xã nơi đặt điểm",
        "level": "commune",
        "symbol": "UBND",
        "valid_from": COMMUNES,
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
    },
]

PROCEDURES = [
    {
        "key": "Cấp Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện "
        "tử công cộng (theo Nghị định 72/2013/NĐ-CP)",
        "field": "games",
        "action": "new",
        "legal_basis": GAME_72,
        "processing_days": 10,
        "fee": None,
        "fee_note": "Phí thẩm định do Hội đồng nhân dân tỉnh quy định.",
        "result_kind": "certificate",
        "result_title": GAME_TITLE,
        "result_summary": GAME_SUMMARY,
        "result_symbol": "GCN",
        "validity_months": 36,
        "online_level": "partial",
        "site_inspection": True,
        "valid_to": OLD_GAMES_END,
        "unconfirmed": ["fee", "requirements"],
        "unconfirmed_note": (
            "Điều kiện: đăng ký kinh doanh; cửa chính cách cổng trường tiểu học, trung học, "
            "phổ thông nhiều cấp, giáo dục thường xuyên, dân tộc nội trú ≥ 200 m; biển hiệu; "
            "phòng máy ≥ 50 m² (đô thị loại đặc biệt, I–III), 40 m² (loại IV–V), 30 m² (nơi "
            "khác); chiếu sáng đều; phòng cháy; nộp phí. Có nơi UBND cấp huyện cấp theo ủy "
            "quyền. Mức phí và thành phần hồ sơ chưa xác nhận."
        ),
        "requirements": [
            ("Đơn đề nghị cấp giấy chứng nhận", "", True, True),
            ("Giấy chứng nhận đăng ký doanh nghiệp hoặc hộ kinh doanh", "", True, True),
        ],
        "issuers": [
            {
                "authority": "Sở Thông tin và Truyền thông",
                "level": "unit",
                "symbol": "STTTT",
                "valid_to": OLD_GAMES_END,
                "signer_authority": "KT. GIÁM ĐỐC",
                "signer_title": "PHÓ GIÁM ĐỐC",
            }
        ],
    },
    {
        "key": "Cấp Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện "
        "tử công cộng",
        "field": "games",
        "action": "new",
        "legal_basis": f"{GAME_147}\n{COMMUNE_SINCE}",
        "processing_days": 15,
        "fee": None,
        "result_kind": "certificate",
        "result_title": GAME_TITLE,
        "result_summary": GAME_SUMMARY,
        "result_symbol": "GCN",
        "validity_months": 36,
        "online_level": "full",
        "site_inspection": False,
        "valid_from": NEW_GAMES,
        "unconfirmed": ["processing_days", "fee", "online_level", "requirements"],
        "unconfirmed_note": (
            "Thời hạn “15 ngày” lấy từ cổng dịch vụ công của một xã; chưa xác nhận là ngày làm "
            "việc. Điều kiện: đăng ký kinh doanh, biển hiệu, phòng cháy chữa cháy; không còn "
            "điều kiện khoảng cách và diện tích. Thành phần hồ sơ ngoài mẫu 51a/51b và giấy tờ "
            "định danh chưa xác nhận; mức phí chưa xác nhận."
        ),
        "requirements": [
            ("Đơn đề nghị cấp giấy chứng nhận", "Mẫu 51a (cá nhân) / 51b (tổ chức)", True, False),
            ("Bản sao giấy tờ định danh của người đề nghị", "", True, False),
            ("Giấy chứng nhận đăng ký doanh nghiệp hoặc hộ kinh doanh", "", True, True),
            ("Tài liệu về phòng cháy, chữa cháy của điểm", "", False, True),
        ],
        "issuers": COMMUNE_ISSUERS,
    },
    {
        "key": "Sửa đổi, bổ sung Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ "
        "trò chơi điện tử công cộng",
        "field": "games",
        "action": "amend",
        "legal_basis": f"{GAME_147}\n{COMMUNE_SINCE}",
        "processing_days": 5,
        "fee": None,
        "result_kind": "certificate",
        "result_title": GAME_TITLE,
        "result_summary": GAME_SUMMARY,
        "result_symbol": "GCN",
        "validity_months": None,
        "online_level": "full",
        "valid_from": NEW_GAMES,
        "unconfirmed": ["processing_days", "fee", "online_level", "requirements"],
        "unconfirmed_note": (
            "Theo Nghị định 72/2013: 5 ngày làm việc, giữ nguyên thời hạn còn lại của giấy. "
            "Điều kiện theo Nghị định 147/2024 chưa xác nhận."
        ),
        "requirements": [
            ("Đơn đề nghị sửa đổi, bổ sung giấy chứng nhận", "", True, True),
            ("Giấy tờ chứng minh nội dung thay đổi", "", False, True),
        ],
        "issuers": COMMUNE_ISSUERS,
    },
    {
        "key": "Gia hạn Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi "
        "điện tử công cộng",
        "national_code": "1.013794",
        "field": "games",
        "action": "renew",
        "legal_basis": f"{GAME_147}\n{COMMUNE_SINCE}",
        "processing_days": 5,
        "fee": None,
        "result_kind": "certificate",
        "result_title": GAME_TITLE,
        "result_summary": GAME_SUMMARY,
        "result_symbol": "GCN",
        "validity_months": 6,
        "online_level": "full",
        "valid_from": NEW_GAMES,
        "unconfirmed": ["processing_days", "fee", "validity_months", "online_level", "requirements"],
        "unconfirmed_note": (
            "Thủ tục có trên Cổng Dịch vụ công (mã 1.013794); điều kiện chưa xác nhận. Theo "
            "Nghị định 72/2013: gia hạn một lần, tối đa 6 tháng, giải quyết trong 5 ngày làm việc."
        ),
        "requirements": [("Đơn đề nghị gia hạn giấy chứng nhận", "", True, True)],
        "issuers": COMMUNE_ISSUERS,
    },
    {
        "key": "Cấp lại Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi "
        "điện tử công cộng",
        "field": "games",
        "action": "reissue",
        "legal_basis": f"{GAME_147}\n{COMMUNE_SINCE}",
        "processing_days": 5,
        "fee": 0,
        "fee_note": "Không thu phí.",
        "result_kind": "certificate",
        "result_title": GAME_TITLE,
        "result_summary": GAME_SUMMARY,
        "result_symbol": "GCN",
        "validity_months": None,
        "online_level": "full",
        "valid_from": NEW_GAMES,
        "unconfirmed": ["online_level"],
        "requirements": [
            ("Đơn đề nghị cấp lại giấy chứng nhận", "Mẫu 55a (cá nhân) / 55b (tổ chức)", True, False)
        ],
        "issuers": COMMUNE_ISSUERS,
    },
    {
        "key": "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
        "field": "electronic_information",
        "action": "new",
        "legal_basis": (
            "Nghị định số 72/2013/NĐ-CP ngày 15/7/2013 của Chính phủ\n"
            "Nghị định số 27/2018/NĐ-CP ngày 01/3/2018 của Chính phủ\n"
            "Nghị định số 147/2024/NĐ-CP ngày 09/11/2024 của Chính phủ"
        ),
        "processing_days": 10,
        "fee": None,
        "result_kind": "licence",
        "result_title": "Giấy phép",
        "result_summary": "Thiết lập trang thông tin điện tử tổng hợp",
        "result_symbol": "GP",
        "validity_months": 120,
        "online_level": "partial",
        "valid_from": NEW_GAMES,
        "unconfirmed": ["processing_days", "fee", "requirements"],
        "unconfirmed_note": (
            "10 ngày làm việc theo Nghị định 72/2013 và 27/2018; theo Nghị định 147/2024 chưa "
            "xác nhận. Giấy phép có thời hạn theo đề nghị, tối đa 10 năm."
        ),
        "requirements": [
            ("Đơn đề nghị cấp giấy phép", "", True, False),
            ("Bản sao giấy chứng nhận đăng ký doanh nghiệp hoặc quyết định thành lập", "", True, True),
            ("Đề án hoạt động", "", True, True),
        ],
        "issuers": [
            {
                "authority": "Sở Thông tin và Truyền thông",
                "level": "unit",
                "symbol": "STTTT",
                "valid_to": MERGER_END,
                "signer_authority": "KT. GIÁM ĐỐC",
                "signer_title": "PHÓ GIÁM ĐỐC",
            },
            {
                "authority": "Sở Văn hóa, Thể thao và Du lịch",
                "level": "unit",
                "symbol": "SVHTTDL",
                "valid_from": MERGER,
                "signer_authority": "KT. GIÁM ĐỐC",
                "signer_title": "PHÓ GIÁM ĐỐC",
            },
        ],
    },
    {
        "key": "Cấp giấy phép xuất bản tài liệu không kinh doanh",
        "national_code": "1.003868",
        "field": "publishing",
        "action": "new",
        "legal_basis": "Luật Xuất bản 2012\nNghị định số 138/2025/NĐ-CP (Mẫu 05)",
        "processing_days": 10,
        "fee": None,
        "result_kind": "licence",
        "result_title": "Giấy phép",
        "result_summary": "Xuất bản tài liệu không kinh doanh",
        "result_symbol": "GP",
        "validity_months": None,
        "online_level": "partial",
        "unconfirmed": ["fee", "online_level"],
        "unconfirmed_note": (
            "Hồ sơ chưa đầy đủ được thông báo trong 2 ngày làm việc. Mức phí chưa xác nhận."
        ),
        "requirements": [
            ("Đơn đề nghị cấp giấy phép xuất bản tài liệu không kinh doanh", "Mẫu 05", True, False),
            ("Bản thảo tài liệu", "", True, True),
        ],
        "issuers": [
            {
                "authority": "Ủy ban nhân dân tỉnh (qua Sở Văn hóa, Thể thao và Du lịch)",
                "level": "unit",
                "symbol": "UBND",
                "signer_authority": "TM. ỦY BAN NHÂN DÂN",
                "signer_title": "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH",
            }
        ],
    },
    {
        "key": "Cấp giấy phép xây dựng công trình hạ tầng kỹ thuật viễn thông thụ động (trạm BTS)",
        "field": "telecom",
        "action": "new",
        "legal_basis": "Quyết định số 39/2017/QĐ-UBND của UBND thành phố Hà Nội (ví dụ lịch sử)",
        "processing_days": 15,
        "fee": None,
        "result_kind": "licence",
        "result_title": "Giấy phép xây dựng",
        "result_summary": "Công trình hạ tầng kỹ thuật viễn thông thụ động",
        "result_symbol": "GPXD",
        "validity_months": None,
        "online_level": "partial",
        "unconfirmed": [
            "processing_days", "fee", "legal_basis", "issuers", "online_level", "requirements"
        ],
        "unconfirmed_note": (
            "Chế độ hiện hành chưa xác nhận: 15 ngày làm việc là ví dụ lịch sử của Hà Nội "
            "(QĐ 39/2017/QĐ-UBND). Cơ quan cấp phép xây dựng do địa phương quy định."
        ),
        "requirements": [
            ("Đơn đề nghị cấp giấy phép xây dựng", "", True, True),
            ("Bản vẽ thiết kế công trình", "", True, True),
        ],
        "issuers": [
            {
                "authority": "Cơ quan cấp phép xây dựng (Sở Xây dựng)",
                "level": "unit",
                "symbol": "SXD",
                "signer_authority": "KT. GIÁM ĐỐC",
                "signer_title": "PHÓ GIÁM ĐỐC",
            }
        ],
    },
]

PARAMETERS = [
    (
        "licensing.supplement_clock_rule",
        "pause",
        "Thời gian chờ bổ sung hồ sơ: pause = không tính, hạn lùi tương ứng; restart = tính "
        "lại toàn bộ thời hạn từ khi nhận đủ hồ sơ bổ sung",
        True,
    ),
    (
        "licensing.due_soon_working_days",
        "2",
        "Hồ sơ còn ít hơn hoặc bằng số ngày làm việc này được đánh dấu “sắp đến hạn”",
        False,
    ),
    ("licensing.max_upload_mb", "10", "Dung lượng tối đa mỗi tệp hồ sơ (MB)", False),
    (
        "licensing.renewal_reminder_days",
        "30",
        "Nhắc gia hạn trước ngày hết hiệu lực của giấy (ngày)",
        False,
    ),
]

TEXT = {
    "national_code": "",
    "fee_note": "",
    "unconfirmed_note": "",
}


def _fold_words(text):
    from ictgov.core.text import fold_words

    return fold_words(text)


def seed(apps, schema_editor):
    Procedure = apps.get_model("licensing", "Procedure")
    Requirement = apps.get_model("licensing", "Requirement")
    ProcedureIssuer = apps.get_model("licensing", "ProcedureIssuer")
    Parameter = apps.get_model("core", "Parameter")
    for spec in PROCEDURES:
        spec = dict(spec)
        name = spec.pop("key")
        requirements = spec.pop("requirements")
        issuers = spec.pop("issuers")
        values = {**TEXT, "valid_from": None, "valid_to": None, "site_inspection": False, **spec}
        procedure, created = Procedure.objects.get_or_create(
            name=name, valid_from=values.pop("valid_from"), defaults=values
        )
        if not created:
            continue
        procedure.search_name = _fold_words(f"{procedure.national_code} {name}")
        procedure.save(update_fields=["search_name"])
        for position, (req, form, required, unconfirmed) in enumerate(requirements, 1):
            Requirement.objects.create(
                procedure=procedure,
                position=position,
                name=req,
                form_name=form,
                required=required,
                unconfirmed=unconfirmed,
            )
        for issuer in issuers:
            ProcedureIssuer.objects.create(
                procedure=procedure,
                **{"valid_from": None, "valid_to": None, **issuer},
            )
    for key, value, description, unconfirmed in PARAMETERS:
        Parameter.objects.get_or_create(
            key=key,
            defaults={"value": value, "description": description, "unconfirmed": unconfirmed},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("licensing", "0001_initial"),
        ("core", "0004_parameter_historicalattachment_historicalparameter_and_more"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
