"""Demo for the one-stop: Nghệ An's agencies set as the issuers of the catalogue, and dossiers of
the demo province in every state over the last fourteen months (some late, one with an apology
slip, some returned and rated), with certificates valid, expiring soon, expired and revoked.

Everything goes through the services with past dates (`at`), so the log, clocks and numbers are
what real use would leave. Dossiers are keyed by `facility_ref` ("DEMO-…"): a second run
creates nothing. Certificates' signed PDFs are made when first downloaded (fast loading).
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ictgov.accounts.models import User
from ictgov.core.roles import Role
from ictgov.core.seed import ensure
from ictgov.core.workdays import add_working_days
from ictgov.geo.models import AdministrativeUnit
from ictgov.org.models import Unit

from . import services
from .models import (
    ApplicantKind,
    Certificate,
    Channel,
    Dossier,
    PaymentMethod,
    Procedure,
    ProcedureIssuer,
)

ORDER = 40
SEED = "ictgov-licensing-demo"
OFFICER = "chuyenvien"
APPLICANT = "doanhnghiep"
COMMUNES = ["16702", "16732", "16738"]

# Which Nghệ An unit each catalogue authority is, and who signs (demo names).
ISSUERS = {
    "Sở Thông tin và Truyền thông": (
        "Sở Thông tin và Truyền thông tỉnh Nghệ An",
        "Hồ Quang Thành",
        "GIÁM ĐỐC",
        "",
    ),
    "Sở Văn hóa, Thể thao và Du lịch": (
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An",
        "Phan Thị Minh Hằng",
        "PHÓ GIÁM ĐỐC",
        "KT. GIÁM ĐỐC",
    ),
    "Ủy ban nhân dân tỉnh (qua Sở Văn hóa, Thể thao và Du lịch)": (
        "Ủy ban nhân dân tỉnh Nghệ An",
        "Bùi Đình Long",
        "PHÓ CHỦ TỊCH",
        "TM. ỦY BAN NHÂN DÂN",
    ),
    "Cơ quan cấp phép xây dựng (Sở Xây dựng)": (
        "Sở Xây dựng tỉnh Nghệ An",
        "Lê Hồng Vinh",
        "PHÓ GIÁM ĐỐC",
        "KT. GIÁM ĐỐC",
    ),
}

GAME_NEW = (
    "Cấp Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng"
)
GAME_OLD = GAME_NEW + " (theo Nghị định 72/2013/NĐ-CP)"
WEBSITE = "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp"
PUBLISHING = "Cấp giấy phép xuất bản tài liệu không kinh doanh"
BTS = "Cấp giấy phép xây dựng công trình hạ tầng kỹ thuật viễn thông thụ động (trạm BTS)"


GAME = (GAME_NEW, GAME_OLD)


@dataclass(frozen=True)
class Applicant:
    name: str
    kind: str
    facility: str
    applies_for: tuple  # the procedures this applicant's facility is the subject of
    account: str  # who files online (the demo's business account is doanhnghiep)


# Each applicant applies for what its facility needs: a game point's certificate, a website's
# or a publication's licence, a BTS site's permit.
NAMES = [
    Applicant(
        "Hộ kinh doanh Nguyễn Văn Thắng",
        ApplicantKind.INDIVIDUAL,
        "Điểm game Thắng Net",
        GAME,
        "hkd-thangnet",
    ),
    Applicant(
        "Công ty TNHH Dịch vụ Game Vinh",
        ApplicantKind.ORGANISATION,
        "Vinh Game Center",
        GAME,
        APPLICANT,
    ),
    Applicant(
        "Hộ kinh doanh Trần Thị Hoài",
        ApplicantKind.INDIVIDUAL,
        "Điểm trò chơi Hoài Anh",
        GAME,
        "hkd-hoaianh",
    ),
    Applicant(
        "Hộ kinh doanh Lê Đức Phúc",
        ApplicantKind.INDIVIDUAL,
        "Điểm game Phúc Lộc",
        GAME,
        "hkd-phucloc",
    ),
    Applicant(
        "Công ty TNHH Tin học Cửa Lò",
        ApplicantKind.ORGANISATION,
        "Điểm game Biển Xanh",
        GAME,
        "tinhoc-cualo",
    ),
    Applicant(
        "Công ty Cổ phần Truyền thông Lam Hồng",
        ApplicantKind.ORGANISATION,
        "lamhong.vn",
        (WEBSITE,),
        "truyenthong-lamhong",
    ),
    Applicant(
        "Báo điện tử Sông Lam",
        ApplicantKind.ORGANISATION,
        "songlam24h.vn",
        (WEBSITE,),
        "songlam24h",
    ),
    Applicant(
        "Trường Đại học Vinh",
        ApplicantKind.ORGANISATION,
        "Kỷ yếu hội thảo khoa học 2026",
        (PUBLISHING,),
        "dai-hoc-vinh",
    ),
    Applicant(
        "Hội Nông dân tỉnh Nghệ An",
        ApplicantKind.ORGANISATION,
        "Bản tin Nhà nông",
        (PUBLISHING,),
        "hoi-nong-dan-na",
    ),
    Applicant(
        "Tổng Công ty Viễn thông Viettel",
        ApplicantKind.ORGANISATION,
        "Trạm BTS NAN-0412",
        (BTS,),
        "viettel-nghean",
    ),
]
GAME_VINH = 1  # the demo account's company, among the game points' applicants


def applicant_of(plan) -> Applicant:
    """The plan's applicant: its `name`-th among those who apply for its procedure."""
    fitting = [a for a in NAMES if plan.procedure in a.applies_for]
    return fitting[plan.name % len(fitting)]


@dataclass
class Plan:
    ref: str
    procedure: str
    received: date
    steps: list  # (step name, working days after the previous step, note)
    online: bool = True
    name: int = 0  # which of the applicants for its procedure (applicant_of)
    rating: int | None = None
    pay: str | None = None
    apology: bool = False
    commune: str | None = None


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 15)))


def _pdf(name: str) -> SimpleUploadedFile:
    body = f"%PDF-1.4\n% ho so trinh dien: {name}\n".encode()
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _configure_issuers():
    for row in ProcedureIssuer.objects.filter(level="unit", unit__isnull=True):
        spec = ISSUERS.get(row.authority)
        if spec is None:
            continue
        unit_name, signer, title, authority = spec
        unit = Unit.objects.filter(name=unit_name).first()
        if unit is None:
            continue
        row.unit = unit
        row.signer_name = signer
        row.signer_title = title or row.signer_title
        row.signer_authority = authority
        row.save()


def _plans(today: date) -> list[Plan]:
    rng = random.Random(SEED)
    plans: list[Plan] = []
    start = today - timedelta(days=420)

    def wd(day, n):
        return add_working_days(day, n)

    # 1. Returned and rated over fourteen months, for the QĐ 766 figures: mostly on time.
    i = 0
    day = start
    while day < today - timedelta(days=40):
        i += 1
        procedure = rng.choice([GAME_NEW, GAME_NEW, WEBSITE, PUBLISHING])
        budget = {GAME_NEW: 15, WEBSITE: 10, PUBLISHING: 10}[procedure]
        late = rng.random() < 0.15
        supplement = rng.random() < 0.25
        steps = [("accept", 1, "")]
        if supplement:
            steps += [
                ("request_supplement", 2, "Bổ sung bản sao giấy chứng nhận đăng ký kinh doanh."),
                ("supplement", rng.randint(2, 6), "Đã nộp bổ sung."),
            ]
        decide_after = budget + (rng.randint(1, 4) if late else -rng.randint(2, 5))
        rejected = rng.random() < 0.1
        steps += [
            (
                "reject" if rejected else "approve",
                max(1, decide_after),
                "Cơ sở chưa đáp ứng điều kiện phòng cháy, chữa cháy." if rejected else "",
            ),
            ("return_result", 1, ""),
        ]
        plans.append(
            Plan(
                ref=f"DEMO-R{i:02d}",
                procedure=procedure,
                received=day,
                steps=steps,
                online=rng.random() < 0.6,
                name=rng.randrange(len(NAMES)),  # any of those fitting
                rating=rng.choice([5, 5, 4, 4, 4, 3, 2]) if rng.random() < 0.7 else None,
                pay=rng.choice([PaymentMethod.ONLINE, PaymentMethod.CASH, PaymentMethod.TRANSFER]),
                commune=rng.choice(COMMUNES),
            )
        )
        day = day + timedelta(days=rng.randint(9, 16))

    # 2. Open dossiers in every state, some late, some due soon.
    open_plans = [
        ("DEMO-O01", GAME_NEW, wd(today, -1), [], True),  # received
        ("DEMO-O02", WEBSITE, wd(today, -4), [("accept", 1, "")], True),  # in review, on time
        ("DEMO-O03", GAME_NEW, wd(today, -14), [("accept", 1, "")], False),  # due soon
        ("DEMO-O04", WEBSITE, wd(today, -13), [("accept", 1, "")], True),  # overdue
        (
            "DEMO-O05",
            GAME_NEW,
            wd(today, -6),
            [
                ("accept", 1, ""),
                ("request_supplement", 2, "Bổ sung tài liệu phòng cháy, chữa cháy của điểm."),
            ],
            True,
        ),  # waiting for the supplement
        ("DEMO-O06", BTS, wd(today, -12), [("accept", 1, "")], False),  # site work, late soon
        ("DEMO-O07", PUBLISHING, wd(today, -12), [("accept", 1, "")], True),  # late: apology
        (
            "DEMO-O08",
            GAME_NEW,
            wd(today, -9),
            [("accept", 1, ""), ("approve", 7, "")],
            True,
        ),  # approved, result not yet returned
        (
            "DEMO-O09",
            PUBLISHING,
            wd(today, -7),
            [
                ("accept", 1, ""),
                ("reject", 3, "Nội dung tài liệu không thuộc diện xuất bản không kinh doanh."),
            ],
            False,
        ),
        (
            "DEMO-O10",
            WEBSITE,
            wd(today, -3),
            [("withdraw", 1, "Doanh nghiệp xin rút hồ sơ để hoàn thiện đề án.")],
            True,
        ),
        (
            "DEMO-O11",
            GAME_NEW,
            wd(today, -8),
            [("accept", 1, ""), ("inspect", 3, "Kiểm tra biển hiệu, phòng cháy tại điểm.")],
            True,
        ),  # at the site inspection
    ]
    for n, (ref, procedure, received, steps, online) in enumerate(open_plans):
        plans.append(
            Plan(
                ref,
                procedure,
                received,
                steps,
                online=online,
                # The demo account's company files the open game-point dossiers: its own list
                # shows one in every state.
                name=GAME_VINH if procedure in GAME else n,
                apology=ref == "DEMO-O07",
                commune=COMMUNES[n % len(COMMUNES)],
            )
        )
    return plans


def _run(plan: Plan, officer, accounts: dict) -> Dossier | None:
    procedure = Procedure.objects.filter(name=plan.procedure).order_by("-valid_from").first()
    if procedure is None or not procedure.is_valid_on(plan.received):
        return None
    who = applicant_of(plan)
    name, kind, facility = who.name, who.kind, who.facility
    applicant = accounts.get(who.account)
    locality = None
    if plan.commune:
        locality = AdministrativeUnit.objects.filter(
            level="commune", code=plan.commune, valid_from__isnull=False
        ).first()
    files = {r.pk: [_pdf(f"{r.position:02d}-thanh-phan.pdf")] for r in procedure.requirements.all()}
    app = services.Application(
        procedure=procedure,
        applicant_kind=kind,
        applicant_name=name,
        applicant_address=(locality.name + ", tỉnh Nghệ An") if locality else "TP Vinh, Nghệ An",
        applicant_phone="0238 3844 " + plan.ref[-3:].replace("O", "5").replace("R", "6"),
        facility_name=facility,
        facility_address=(f"Số {10 + plan.name} đường Lê Lợi, {locality.name}" if locality else ""),
        facility_ref=plan.ref,
        locality=locality,
        files=files,
    )
    online = plan.online and procedure.accepts_online and applicant is not None
    user = applicant if online else officer
    dossier = services.submit(
        user, app, channel=Channel.ONLINE if online else Channel.IN_PERSON, at=_at(plan.received)
    )
    day = plan.received
    today = timezone.localdate()
    for step, after, note in plan.steps:
        day = add_working_days(day, after)
        if day > today:
            break
        actor = applicant if step in ("supplement", "withdraw") and online else officer
        files = [_pdf("bo-sung.pdf")] if step == "supplement" else ()
        if procedure.site_inspection and step == "approve":
            services.act(
                officer, dossier, "inspect", note="Kiểm tra thực tế tại điểm", at=_at(day, 8)
            )
        dossier = _act(actor, dossier, step, note, files, day)
        if step == "approve" and plan.pay:
            services.record_payment(
                officer,
                dossier,
                method=plan.pay,
                amount=dossier.fee_due or 500_000,
                receipt_number=f"BL-{plan.ref}",
                at=_at(day, 10),
            )
    if plan.apology and dossier.is_open:
        services.apologize(
            officer,
            dossier,
            new_due_on=add_working_days(max(dossier.due_on, today), 5),
            reason="Cần xin ý kiến Sở Thông tin và Truyền thông về nội dung tài liệu.",
            at=_at(today, 8),
        )
    if plan.rating and applicant and dossier.applicant_id and dossier.state == "returned":
        services.rate(applicant, dossier, rating=plan.rating, comment="", at=_at(day, 16))
    return dossier


def _act(actor, dossier, step, note, files, day):
    # Demo certificates are signed when first downloaded: loading stays fast.
    with services.pdfs_deferred():
        return services.act(actor, dossier, step, note=note, files=files, at=_at(day, 14))


def _historical_certificates(officer, today):
    """Game points certified under Decree 72/2013: one expired, one expiring within 30 days,
    and a current one later revoked."""
    rows = [
        ("DEMO-H01", GAME_OLD, date(2021, 3, 10), 2),  # Điểm trò chơi Hoài Anh
        # Điểm game Phúc Lộc, issued about two weeks after receipt: it expires within the
        # 30-day reminder period.
        ("DEMO-H02", GAME_OLD, min(today - timedelta(days=3 * 365 - 4), date(2024, 12, 2)), 3),
    ]
    for ref, procedure, received, name in rows:
        if Dossier.objects.filter(facility_ref=ref).exists():
            continue
        plan = Plan(
            ref,
            procedure,
            received,
            [("accept", 1, ""), ("approve", 8, ""), ("return_result", 1, "")],
            online=False,
            name=name,
        )
        _run(plan, officer, {})
    # A certificate of today's rules revoked: the point was found operating at night.
    cert = (
        Certificate.objects.filter(
            procedure__name=GAME_NEW, status="valid", revoked_on__isnull=True
        )
        .order_by("issued_on")
        .first()
    )
    if cert is not None and not Certificate.objects.filter(status="revoked").exists():
        services.revoke_certificate(
            officer,
            cert,
            reason="Gian lận trong hồ sơ đề nghị cấp giấy chứng nhận (kết luận thanh tra).",
            at=_at(today - timedelta(days=20)),
        )


def load(stdout, **options):
    _configure_issuers()
    officer = User.objects.filter(username=OFFICER).first()
    applicant = User.objects.filter(username=APPLICANT).first()
    if officer is None or applicant is None:
        return
    ensure(User, {"username": APPLICANT}, phone=applicant.phone or "0238 3555 666")
    accounts = {APPLICANT: applicant, **_other_accounts()}
    today = timezone.localdate()
    made = 0
    for plan in _plans(today):
        if Dossier.objects.filter(facility_ref=plan.ref).exists():
            continue
        if _run(plan, officer, accounts) is not None:
            made += 1
    _historical_certificates(officer, today)
    stdout.write(
        f"Một cửa: {Procedure.objects.count()} thủ tục, {Dossier.objects.count()} hồ sơ "
        f"({made} mới), {Certificate.objects.count()} giấy chứng nhận, giấy phép."
    )


def _other_accounts() -> dict:
    """The other applicants' accounts, through which their online dossiers came. Nobody signs
    in as them in the demo (no password); the demo's business account is doanhnghiep."""
    accounts = {}
    for who in NAMES:
        if who.account == APPLICANT:
            continue
        user = ensure(
            User,
            {"username": who.account},
            role=Role.APPLICANT,
            first_name=who.name,
            last_name="",
            email=f"{who.account}@demo.ictgov.local",
        )
        if user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
        accounts[who.account] = user
    return accounts
