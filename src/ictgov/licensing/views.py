"""Pages of the licensing app: the public catalogue, lookup and verification; the applicant's
online side; the officer's inbox, workload, dossier page with its steps, slips and
certificates; the service-quality figures. Views parse, call `services`/`selectors`, render."""

import html
from datetime import date

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ictgov.core import clock as clocks
from ictgov.core import pdf
from ictgov.core.access import get_visible_or_404, require_role
from ictgov.core.errors import ServiceError
from ictgov.core.models import valid_on_q
from ictgov.core.roles import Role
from ictgov.core.scoping import visible
from ictgov.core.sqlcache import shape_key
from ictgov.core.text import clip
from ictgov.core.views import (
    Column,
    FnColumn,
    IdsFirstPaginator,
    ObjectActionView,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
)
from ictgov.geo.models import AdministrativeUnit

from . import documents, selectors, services
from .filtersets import (
    ApplicantDossierFilterSet,
    CertificateFilterSet,
    DossierFilterSet,
    ProcedureFilterSet,
)
from .forms import (
    ActionForm,
    ApologyForm,
    ApplicationForm,
    FacilityLinkForm,
    FiguresForm,
    LookupForm,
    PaymentForm,
    RatingForm,
    RegisterForm,
    RevokeForm,
    VerifyUploadForm,
)
from .models import (
    DOSSIER_TIMELINESS,
    ApologySlip,
    Certificate,
    CertificateStatus,
    Channel,
    Dossier,
    DossierState,
    Procedure,
    Requirement,
    Timeliness,
)
from .services import MACHINE

OFFICER_ROLES = (Role.LEADER, Role.OFFICER, Role.LOCALITY, Role.LIAISON)
# Steps that cannot be taken back ask the user first (data-confirm, core/ictgov.js).
CONFIRM = {
    "withdraw": gettext_lazy(
        "Rút hồ sơ %(code)s? Hồ sơ đã rút sẽ không được giải quyết tiếp; "
        "muốn làm lại phải nộp hồ sơ mới."
    ),
    "reject": gettext_lazy(
        "Từ chối hồ sơ %(code)s? Người nộp sẽ nhận kết quả từ chối với lý do đã ghi."
    ),
}
MARK_CSS = {
    Timeliness.OVERDUE: "danger",
    Timeliness.DUE_SOON: "warning",
    Timeliness.ON_TIME: "success",
    Timeliness.PAUSED: "secondary",
    Timeliness.DONE_EARLY: "success",
    Timeliness.DONE_ON_TIME: "success",
    Timeliness.DONE_LATE: "danger",
    Timeliness.WITHDRAWN: "secondary",
}


def _today() -> date:
    return timezone.localdate()


def remaining(dossier: Dossier, on: date | None = None) -> str:
    """“còn 3 ngày làm việc”, “quá hạn 2 ngày làm việc”, “tạm dừng…”, or nothing once decided."""
    if dossier.state == DossierState.SUPPLEMENT_REQUESTED:
        return clocks.remaining_text(dossier.due_on, on, paused=True)
    if dossier.is_open:
        return clocks.remaining_text(dossier.due_on, on)
    return ""


def _pdf_response(data: bytes, filename: str, *, inline=False) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    kind = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{kind}; filename="{filename}"'
    return response


# --- the public catalogue -----------------------------------------------------------------------


class ProcedureListView(ObjectListView):
    model = Procedure
    public = True
    title = gettext_lazy("Thủ tục hành chính")
    export_name = "thu-tuc-hanh-chinh"
    filterset_class = ProcedureFilterSet
    columns = [
        Column("national_code", gettext_lazy("Mã")),
        Column("name", gettext_lazy("Tên thủ tục"), link=True),
        Column("field", gettext_lazy("Lĩnh vực")),
        Column("processing_days", gettext_lazy("Thời hạn (ngày làm việc)")),
        Column("online_level", gettext_lazy("Mức trực tuyến")),
        FnColumn(
            lambda p: _("Có giá trị chưa xác nhận") if p.unconfirmed else "",
            gettext_lazy("Lưu ý"),
        ),
    ]

    def base_queryset(self):
        return Procedure.objects.all()


class ProcedureDetailView(ObjectDetailView):
    model = Procedure
    public = True
    template_name = "licensing/procedure_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("requirements", Requirement.objects.order_by("position", "pk")),
                "issuers__unit",
            )
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        procedure = ctx["object"]
        user = self.request.user
        ctx.update(
            procedure=procedure,
            unconfirmed=set(procedure.unconfirmed or []),
            in_force=procedure.is_valid_on(_today()),
            can_apply=services.can_apply(user),
            can_receive=user.is_authenticated and services.can_receive(user),
        )
        return ctx


# --- the applicant's side ----------------------------------------------------------------------


def _localities(procedure):
    today = _today()
    return (
        AdministrativeUnit.objects.filter(level="commune")
        .filter(valid_on_q(today))
        .select_related("parent")
    )


class ApplyView(ObjectCreateView):
    """Online submission by a business or citizen account; at the counter by an officer."""

    template_name = "licensing/apply.html"
    form_class = ApplicationForm
    counter = False
    submit_label = gettext_lazy("Nộp hồ sơ")

    def get_object(self):
        procedure = get_object_or_404(Procedure, pk=self.kwargs["pk"])
        return procedure

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        allowed = (
            services.can_receive(request.user) if self.counter else services.can_apply(request.user)
        )
        if not allowed:
            raise PermissionDenied
        return super(ObjectCreateView, self).dispatch(request, *args, **kwargs)

    def get_title(self):
        return (_("Tiếp nhận hồ sơ: %s") if self.counter else _("Nộp hồ sơ: %s")) % self.object

    def extra_form_kwargs(self):
        user = self.request.user
        return {
            "procedure": self.object,
            "counter": self.counter,
            "certificates": visible(Certificate.objects.all(), user).exclude(
                status=CertificateStatus.REVOKED
            ),
            "localities": _localities(self.object),
            "facilities": _facilities(user) if self.counter else None,
        }

    def get_initial(self):
        user = self.request.user
        if self.counter:
            return {"channel": Channel.IN_PERSON}
        return {
            "applicant_name": user.get_full_name(),
            "applicant_email": user.email,
            "applicant_phone": getattr(user, "phone", ""),
            "applicant_kind": "organisation",
        }

    def perform(self, form):
        channel = (
            form.cleaned_data.get("channel", Channel.ONLINE) if self.counter else Channel.ONLINE
        )
        dossier = services.submit(self.request.user, form.application(), channel=channel)
        messages.success(
            self.request,
            _("Đã tiếp nhận hồ sơ %(code)s; hẹn trả kết quả ngày %(due)s.")
            % {"code": dossier.receipt_code, "due": f"{dossier.due_on:%d/%m/%Y}"},
        )
        return dossier

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["procedure"] = self.object
        ctx["cancel_url"] = self.object.get_absolute_url()
        return ctx


class CounterReceiveView(ApplyView):
    counter = True
    submit_label = gettext_lazy("Tiếp nhận hồ sơ")


class MyDossiersView(ObjectListView):
    """“Hồ sơ của tôi”: an applicant follows their dossiers."""

    model = Dossier
    roles = (Role.APPLICANT,)
    title = gettext_lazy("Hồ sơ của tôi")
    export_name = "ho-so-cua-toi"
    filterset_class = ApplicantDossierFilterSet
    columns = [
        Column("receipt_code", gettext_lazy("Mã hồ sơ"), link=True),
        Column("procedure.name", gettext_lazy("Thủ tục")),
        Column("facility_name", gettext_lazy("Cơ sở")),
        Column("received_at", gettext_lazy("Ngày nộp")),
        Column("due_on", gettext_lazy("Hẹn trả")),
        Column("state", gettext_lazy("Bước xử lý")),
        FnColumn(lambda d: remaining(d), gettext_lazy("Thời gian còn lại")),
    ]

    def base_queryset(self):
        return selectors.applicant_dossiers(self.request.user)


def register(request):
    """A business or citizen creates an account to submit online."""
    if request.user.is_authenticated:
        return redirect("licensing:my_dossiers")
    form = RegisterForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.register_applicant(
                    username=data["username"],
                    password=data["password1"],
                    full_name=data["full_name"],
                    email=data["email"],
                    phone=data.get("phone", ""),
                )
            except ServiceError as exc:
                for message in exc.messages:
                    form.add_error(getattr(exc, "field", None), message)
            else:
                login(request, user, backend="ictgov.accounts.backends.ModelBackend")
                messages.success(request, _("Đã tạo tài khoản. Bạn có thể nộp hồ sơ trực tuyến."))
                return redirect("licensing:procedure_list")
        status = 400
    ctx = {
        "title": _("Đăng ký tài khoản tổ chức, công dân"),
        "form": form,
        "submit_label": _("Đăng ký"),
    }
    return render(request, "licensing/register.html", ctx, status=status)


# --- the public lookup --------------------------------------------------------------------------


def lookup(request):
    """Anyone: a dossier by its receipt code. Procedure, dates, step, handling unit, time left;
    nothing personal."""
    code = request.GET.get("code", "")
    form = LookupForm(request.GET or None)
    dossier = None
    status = 200
    if code:
        if form.is_valid():
            dossier = selectors.lookup(form.cleaned_data["code"])
            status = 404 if dossier is None else 200
        else:  # the form says why (too long…); "not found" would say it twice
            status = 400
    ctx = {
        "title": _("Tra cứu hồ sơ"),
        "form": form,
        "dossier": dossier,
        "searched": status == 404,
        "remaining": remaining(dossier) if dossier else "",
        "step": MACHINE.state_label(dossier.state) if dossier else "",
        "returned_on": timezone.localdate(dossier.returned_at)
        if dossier and dossier.returned_at
        else None,
    }
    return render(request, "licensing/lookup.html", ctx, status=status)


# --- the officer's side -------------------------------------------------------------------------


def _mark_label(d):
    mark = d.timeliness
    text = str(Timeliness(mark).label) if mark else ""
    rest = remaining(d)
    return (
        f"{text} · {rest}" if rest and mark in (Timeliness.OVERDUE, Timeliness.DUE_SOON) else text
    )


class InboxView(ObjectListView):
    """Hồ sơ một cửa: by state and promised date, with on time / due soon / overdue marks."""

    model = Dossier
    roles = OFFICER_ROLES
    title = gettext_lazy("Hồ sơ một cửa")
    export_name = "ho-so-mot-cua"
    filterset_class = DossierFilterSet
    template_name = "licensing/inbox.html"
    # The page's 25 ids by promised date first, then their rows with procedure, issuer and
    # handler: the sort carries ids, not 800 joined rows.
    paginator_class = IdsFirstPaginator
    columns = [
        Column("receipt_code", gettext_lazy("Mã hồ sơ"), link=True),
        Column("procedure.name", gettext_lazy("Thủ tục")),
        Column("applicant_name", gettext_lazy("Tổ chức, cá nhân")),
        Column("received_at", gettext_lazy("Tiếp nhận")),
        Column("due_on", gettext_lazy("Hẹn trả")),
        Column("state", gettext_lazy("Bước xử lý")),
        FnColumn(_mark_label, gettext_lazy("Tình trạng hạn")),
        Column("handler", gettext_lazy("Người xử lý")),
    ]

    def base_queryset(self):
        # Scoped once, by ObjectListView.get_queryset (not here too: the scope's OR twice).
        qs = selectors.inbox()
        if getattr(self, "exporting", False):
            # Every row of the export carries its mark from the database (a CASE of the rules).
            qs = qs.with_timeliness(_today(), self.timeliness_rules())
        return qs

    def export(self):
        self.exporting = True
        return super().export()

    def timeliness_rules(self):
        """The marks' rules as of today, built once for the page (they read a parameter)."""
        if getattr(self, "_rules", None) is None:
            self._rules = DOSSIER_TIMELINESS.rules(_today())
        return self._rules

    def mark_counts(self) -> dict[str, int]:
        if getattr(self, "_marks", None) is None:
            user = self.request.user
            self._marks = selectors.mark_counts(
                lambda: visible(Dossier.objects.all(), user),
                _today(),
                self.timeliness_rules(),
                sql_key=shape_key(user, {}),
            )
        return self._marks

    keep_sql = True

    def sql_depends_on(self) -> tuple:
        # A filter by mark uses the marks' rules, which read the day and a parameter.
        return (_today(), selectors.rules_key(self.timeliness_rules()))

    def narrowed(self) -> bool:
        """Whether the filters leave out some of the open dossiers the user may read."""
        filterset = getattr(self, "filterset", None)
        if filterset is None:
            return True
        if not filterset.is_bound:  # no input: the default, every open dossier
            return False
        if not filterset.is_valid():
            return True
        data = filterset.form.cleaned_data
        if data.get("state") not in (None, "", "open"):
            return True
        return any(value not in (None, "") for name, value in data.items() if name != "state")

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if not self.narrowed():
            # Every open dossier the user may read has exactly one mark: their sum is the
            # list's length, read with the marks (no second count of the same rows).
            paginator.count = sum(self.mark_counts().values())
        return paginator

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and self.request.htmx.target == "object-table":
            return ["licensing/_inbox_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        on = _today()
        ctx["marks"] = [
            {"key": m, "label": Timeliness(m).label, "css": MARK_CSS[m], "count": n}
            for m, n in self.mark_counts().items()
        ]
        ctx["mark_css"] = MARK_CSS
        # The page's rows get their mark here, once each, by the rules the counts use (the
        # rules as a CASE would cost more to build than to apply to 25 rows).
        classify = DOSSIER_TIMELINESS.classifier(on, self.timeliness_rules())
        for d in ctx["object_list"]:
            mark = classify(d)
            d.timeliness_as_of = mark.value if mark else None  # a plain str, as from SQL
        ctx["dossiers"] = [
            # A paused dossier's mark already says "Tạm dừng (chờ bổ sung)": no second time.
            (
                d,
                "" if d.state == DossierState.SUPPLEMENT_REQUESTED else remaining(d, on),
                MARK_CSS.get(d.timeliness, "light"),
            )
            for d in ctx["object_list"]
        ]
        page = ctx.get("page_obj")
        ctx["inbox_rows"] = _inbox_rows(ctx["dossiers"], page.start_index() if page else 1)
        ctx["can_receive"] = services.can_receive(self.request.user)
        return ctx

    def table_rows(self, object_list, columns):
        return []  # the inbox writes its own rows (_inbox_rows)


def _inbox_rows(dossiers, first: int) -> str:
    """The inbox's rows as HTML, written once per page here rather than by the template cell by
    cell (25 rows × 9 cells cost more through the template engine than the page's SQL): labels
    translated once, the dossier's link from a prefix, every value escaped (`html.escape`:
    Django's `escape` goes through its lazy-argument wrapper for each of the page's 200 cells),
    the dates as `cell` writes them."""
    if not dossiers:
        return ""
    esc = html.escape
    labels = [esc(str(c.label)) for c in InboxView.columns]
    states = {k: esc(str(v)) for k, v in DossierState.choices}
    marks = {k: esc(str(v)) for k, v in Timeliness.choices}
    prefix = reverse("licensing:dossier_detail", args=[0]).removesuffix("0/")
    zone = timezone.get_current_timezone()
    procedures: dict[int, str] = {}
    out = []
    for n, (d, rest, css) in enumerate(dossiers, first):
        procedure = procedures.get(d.procedure_id)
        if procedure is None:
            procedure = procedures[d.procedure_id] = esc(clip(d.procedure.name, 70))
        code = esc(d.receipt_code)
        mark = d.timeliness
        rest = f' <span class="small text-muted">{esc(rest)}</span>' if rest else ""
        handler = esc(str(d.handler)) if d.handler_id else "—"
        received = d.received_at
        received = (
            received.astimezone(zone) if timezone.is_aware(received) else received
        ).strftime("%d/%m/%Y %H:%M")
        due = d.due_on.strftime("%d/%m/%Y") if d.due_on else ""
        out.append(
            f'<tr data-testid="dossier-row" data-code="{code}">'
            f'<td class="stt">{n}</td>'
            f'<td data-label="{labels[0]}"><a href="{prefix}{d.pk}/">{code}</a></td>'
            f'<td data-label="{labels[1]}">{procedure}</td>'
            f'<td data-label="{labels[2]}">{esc(d.applicant_name)}</td>'
            f'<td data-label="{labels[3]}">{received}</td>'
            f'<td data-label="{labels[4]}">{due}</td>'
            f'<td data-label="{labels[5]}">{states.get(d.state) or esc(d.state)}</td>'
            f'<td data-label="{labels[6]}"><span class="badge text-bg-{esc(css or "light")}" '
            f'data-mark="{esc(mark or "")}">{marks.get(mark, "")}</span>{rest}</td>'
            f'<td data-label="{labels[7]}">{handler}</td></tr>\n'
        )
    return mark_safe("".join(out))  # noqa: S308 - every value and label escaped above


@require_role(*OFFICER_ROLES)
def workload(request):
    on = _today()
    rows = selectors.workload(request.user, on)
    ctx = {
        "title": _("Khối lượng hồ sơ theo cán bộ"),
        "rows": rows,
        "on": on,
        "inbox": reverse("licensing:inbox"),
    }
    return render(request, "licensing/workload.html", ctx)


class DossierDetailView(ObjectDetailView):
    model = Dossier
    template_name = "licensing/dossier_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "procedure",
                "issuer",
                "handler",
                "received_by",
                "clock",
                "applicant",
                "certificate",
                "locality",
                "facility",
            )
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        dossier, user, on = ctx["object"], self.request.user, _today()
        state = clocks.state_of(dossier.clock, on)
        processing = services.can_process(user, dossier)
        steps = [
            {
                "name": t.name,
                "label": t.label,
                "form": ActionForm(
                    transition=t,
                    initial={"expected_state": dossier.state},
                    auto_id=f"id_{t.name}-%s",
                ),
                "url": reverse("licensing:dossier_act", args=[dossier.pk, t.name]),
                "danger": t.name in CONFIRM,  # cannot be taken back: asks first
                "confirm": CONFIRM.get(t.name, "") % {"code": dossier.receipt_code},
            }
            for t in MACHINE.available(user, dossier)
        ]
        ctx.update(
            title=_("Hồ sơ %s") % dossier.receipt_code,
            dossier=dossier,
            clock=state,
            remaining=remaining(dossier, on),
            mark=dossier.timeliness_on(on),
            mark_css=MARK_CSS,
            timeline=timeline(dossier),
            files=list(dossier.files.select_related("attachment", "requirement")),
            certificates=_with_states(dossier.certificates.order_by("-pk"), on),
            apologies=list(dossier.apologies.select_related("issued_by").order_by("pk")),
            steps=steps,
            processing=processing,
            can_link_facility=processing and _facilities(user) is not None,
            facility=_visible_facility(user, dossier.facility_id),
            is_applicant=services.is_applicant(user, dossier),
            can_apologize=processing and dossier.is_open,
            can_pay=processing and dossier.paid_on is None and dossier.fee_due != 0,
            can_rate=services.is_applicant(user, dossier)
            and dossier.state == DossierState.RETURNED
            and dossier.rating is None,
            payment_form=PaymentForm(initial={"amount": dossier.fee_due}),
            apology_form=ApologyForm(),
            rating_form=RatingForm(),
        )
        return ctx


def timeline(dossier: Dossier) -> list[dict]:
    """The dossier's steps, promised-date moves and files, oldest first."""
    events = []
    for t in dossier.transitions.select_related("actor").order_by("at", "pk"):
        label = _("Tiếp nhận hồ sơ") if t.name == "submit" else str(MACHINE[t.name].label)
        events.append(
            {
                "at": t.at,
                "who": t.actor,
                "title": label,
                "text": t.note,
                "kind": t.name,
                "state": MACHINE.state_label(t.to_state),
            }
        )
    for move in dossier.clock.moves.select_related("actor").order_by("at", "pk"):
        if move.old_due_on is None:
            continue
        events.append(
            {
                "at": move.at,
                "who": move.actor,
                "title": _("Hẹn trả kết quả: %(old)s → %(new)s")
                % {"old": f"{move.old_due_on:%d/%m/%Y}", "new": f"{move.new_due_on:%d/%m/%Y}"},
                "text": move.reason,
                "kind": "deadline",
            }
        )
    for f in dossier.files.select_related("attachment"):
        events.append(
            {
                "at": f.attachment.created_at,
                "who": None,
                "title": f.get_stage_display(),
                "text": "",
                "kind": "file",
                "file": f.attachment,
            }
        )
    events.sort(key=lambda e: (e["at"], e["kind"] == "file"))
    return events


class DossierActView(ObjectActionView):
    """One step of the state machine, posted to its own address (the service checks again)."""

    model = Dossier
    form_class = ActionForm
    template_name = "licensing/dossier_action.html"

    def get_object(self):
        obj = super().get_object()
        if self.kwargs["name"] not in MACHINE:
            raise Http404
        self.transition = MACHINE[self.kwargs["name"]]
        return obj

    @staticmethod
    def permission(user, obj):
        return True  # checked in dispatch with the step's own rule

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        if not self.transition.allowed(request.user, self.object):
            raise PermissionDenied
        # A step that does not start from this state is not offered; but a form posted from a
        # page the state has moved under (another officer was quicker) goes to the service,
        # which says what happened and changes nothing.
        if self.object.state not in self.transition.sources and request.method != "POST":
            raise PermissionDenied
        return super(ObjectActionView, self).dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["transition"] = self.transition
        return kwargs

    def get_initial(self):
        return {"expected_state": self.object.state}

    def get_title(self):
        return f"{self.transition.label}: {self.object.receipt_code}"

    def perform(self, form):
        data = form.cleaned_data
        dossier = services.act(
            self.request.user,
            self.object,
            self.transition.name,
            note=data.get("note", ""),
            expected_state=data.get("expected_state") or None,
            files=data.get("files") or [],
            electronic=data.get("electronic"),
        )
        messages.success(
            self.request,
            _("Đã thực hiện “%(step)s”; hồ sơ ở bước “%(state)s”.")
            % {"step": self.transition.label, "state": dossier.get_state_display()},
        )
        return dossier


class DossierApologyView(ObjectActionView):
    model = Dossier
    form_class = ApologyForm
    title = gettext_lazy("Phiếu xin lỗi và hẹn lại ngày trả kết quả")
    submit_label = gettext_lazy("Lập phiếu và hẹn lại")
    permission = staticmethod(lambda user, d: services.can_process(user, d) and d.is_open)

    def perform(self, form):
        slip = services.apologize(self.request.user, self.object, **form.cleaned_data)
        messages.success(
            self.request,
            _("Đã hẹn lại ngày trả kết quả %(d)s và báo cho người nộp.")
            % {"d": f"{slip.new_due_on:%d/%m/%Y}"},
        )
        return self.object


class DossierPaymentView(ObjectActionView):
    model = Dossier
    form_class = PaymentForm
    title = gettext_lazy("Ghi nhận nộp phí, lệ phí")
    submit_label = gettext_lazy("Ghi nhận")
    permission = staticmethod(
        lambda user, d: services.can_process(user, d) and d.paid_on is None and d.fee_due != 0
    )

    def get_initial(self):
        return {"amount": self.object.fee_due}  # none when the fee is not known: typed in

    def perform(self, form):
        services.record_payment(self.request.user, self.object, **form.cleaned_data)
        messages.success(self.request, _("Đã ghi nhận nộp phí."))
        return self.object


def _visible_facility(user, pk):
    """The linked facility when `user` may open it in the registry (else None)."""
    facilities = _facilities(user) if pk is not None else None
    return facilities.filter(pk=pk).first() if facilities is not None else None


def _facilities(user):
    """The registry's facilities `user` may pick (None: who cannot read the registry)."""
    from ictgov.registry.models import Facility

    if not user.has_role(Role.LEADER, Role.OFFICER, Role.LOCALITY):
        return None
    return visible(Facility.objects.all(), user)


class DossierFacilityView(ObjectActionView):
    """Link a dossier (and its certificates) to a facility of the registry."""

    model = Dossier
    form_class = FacilityLinkForm
    title = gettext_lazy("Gắn hồ sơ với cơ sở trong sổ quản lý")
    submit_label = gettext_lazy("Lưu")
    permission = staticmethod(
        lambda user, d: services.can_process(user, d) and _facilities(user) is not None
    )

    def extra_form_kwargs(self):
        return {"facilities": _facilities(self.request.user)}

    def get_initial(self):
        return {"facility": self.object.facility_id}

    def perform(self, form):
        services.link_facility(self.request.user, self.object, form.cleaned_data["facility"])
        messages.success(self.request, _("Đã cập nhật cơ sở của hồ sơ."))
        return self.object


class DossierRateView(ObjectActionView):
    model = Dossier
    form_class = RatingForm
    title = gettext_lazy("Đánh giá mức độ hài lòng")
    submit_label = gettext_lazy("Gửi đánh giá")
    permission = staticmethod(
        lambda user, d: (
            services.is_applicant(user, d) and d.state == DossierState.RETURNED and d.rating is None
        )
    )

    def perform(self, form):
        services.rate(self.request.user, self.object, **form.cleaned_data)
        messages.success(self.request, _("Cảm ơn bạn đã đánh giá."))
        return self.object


@login_required
def receipt_slip(request, pk):
    dossier = get_visible_or_404(
        Dossier.objects.select_related("issuer", "procedure"), request.user, pk=pk
    )
    data = documents.receipt_slip_pdf(dossier)
    return _pdf_response(data, f"phieu-tiep-nhan-{dossier.receipt_code}.pdf", inline=True)


@login_required
def apology_slip(request, pk):
    slip = get_visible_or_404(
        ApologySlip.objects.select_related("dossier__issuer"), request.user, pk=pk
    )
    data = documents.apology_slip_pdf(slip)
    return _pdf_response(
        data, f"phieu-xin-loi-{slip.dossier.receipt_code}-{slip.pk}.pdf", inline=True
    )


# --- certificates -------------------------------------------------------------------------------


class CertificateListView(ObjectListView):
    model = Certificate
    title = gettext_lazy("Giấy chứng nhận, giấy phép đã cấp")
    export_name = "giay-chung-nhan"
    filterset_class = CertificateFilterSet
    columns = [
        Column("number", gettext_lazy("Số"), link=True),
        Column("holder_name", gettext_lazy("Tổ chức, cá nhân")),
        Column("facility_name", gettext_lazy("Cơ sở")),
        Column("procedure.result_title", gettext_lazy("Loại")),
        Column("issuer.name", gettext_lazy("Cơ quan cấp")),
        Column("issued_on", gettext_lazy("Ngày cấp")),
        Column("valid_to", gettext_lazy("Hiệu lực đến")),
        FnColumn(lambda c: _certificate_state_label(c), gettext_lazy("Tình trạng")),
    ]

    def base_queryset(self):
        return Certificate.objects.select_related("procedure", "issuer")


def _certificate_state_label(cert, on=None) -> str:
    return (
        str(pdf.Verdict(cert.state_on(on)).label)
        if cert.state_on(on) != "superseded"
        else str(CertificateStatus.SUPERSEDED.label)
    )


def _with_states(certificates, on) -> list:
    """The certificates, each with its state today (a revoked result must say so)."""
    out = list(certificates)
    for cert in out:
        cert.state_now = cert.state_on(on)
        cert.state_label = _certificate_state_label(cert, on)
    return out


class CertificateDetailView(ObjectDetailView):
    model = Certificate
    template_name = "licensing/certificate_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("procedure", "issuer", "dossier", "replaces")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        cert, user = ctx["object"], self.request.user
        ctx.update(
            title=_("%(kind)s số %(n)s") % {"kind": cert.procedure.result_title, "n": cert.number},
            cert=cert,
            state=cert.state_on(),
            state_label=_certificate_state_label(cert),
            replaced_by=visible(cert.replaced_by.all(), user),
            facility=_visible_facility(user, cert.facility_id),
            can_revoke=cert.status != CertificateStatus.REVOKED
            and (services.is_staff(user) or (user.unit_id and user.unit_id == cert.issuer_id)),
            revoke_form=RevokeForm(),
            follow_ups=[
                p
                for p in Procedure.objects.filter(valid_on_q(_today()))
                .exclude(action="new")
                .filter(field=cert.procedure.field)
            ]
            if services.can_apply(user) and cert.status == CertificateStatus.VALID
            else [],
            signing_demo=pdf.signing_config().demo,
        )
        return ctx


@login_required
def certificate_pdf(request, pk):
    cert = get_visible_or_404(Certificate.objects.all(), request.user, pk=pk)
    cert = services.ensure_certificate_pdf(cert)
    try:
        handle = cert.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    filename = f"{cert.number.replace('/', '-')}.pdf"
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )


class CertificateRevokeView(ObjectActionView):
    model = Certificate
    form_class = RevokeForm
    title = gettext_lazy("Thu hồi giấy")
    submit_label = gettext_lazy("Thu hồi")
    permission = staticmethod(
        lambda user, c: (
            c.status != CertificateStatus.REVOKED
            and (services.is_staff(user) or bool(user.unit_id and user.unit_id == c.issuer_id))
        )
    )

    def perform(self, form):
        services.revoke_certificate(self.request.user, self.object, **form.cleaned_data)
        messages.success(self.request, _("Đã thu hồi giấy."))
        return self.object


def verify(request, code):
    """The public verification page the QR code points at: valid / revoked / expired, and a
    PDF uploaded here is checked against the signature and the copy issued (altered or not)."""
    cert = get_object_or_404(
        Certificate.objects.select_related("procedure", "issuer"), public_code=code
    )
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    check = None
    status = 200
    uploaded = False
    if request.method == "POST":
        if form.is_valid():
            import hashlib

            upload = form.cleaned_data["file"]
            data = upload.read() if upload.size <= 20 * 1024 * 1024 else None
            if data is None:
                form.add_error("file", _("Tệp lớn hơn 20 MB."))
                status = 400
            elif b"%PDF-" not in data[:1024]:  # a photo or a Word file: no verdict on it
                form.add_error(
                    "file",
                    _("Tệp “%(f)s” không phải tệp PDF; hãy tải lên bản PDF của giấy.")
                    % {"f": upload.name},
                )
                status = 400
            else:
                uploaded = True
                check = pdf.check_signature(data)
                if check.ok and hashlib.sha256(data).hexdigest() != cert.pdf_sha256:
                    check = pdf.SignatureCheck(
                        pdf.Verdict.ALTERED,
                        check.signer,
                        check.signed_at,
                        _("Tệp không trùng với bản đã cấp của giấy này."),
                    )
        else:
            status = 400
    verdict = pdf.verdict(
        check, revoked=cert.status == CertificateStatus.REVOKED, expired=cert.is_expired()
    )
    superseded = cert.status == CertificateStatus.SUPERSEDED
    ctx = {
        "title": _("Kiểm tra giấy chứng nhận, giấy phép"),
        "cert": cert,
        "verdict": verdict,
        "verdict_label": pdf.Verdict(verdict).label,
        "check": check,
        "uploaded": uploaded,
        "superseded": superseded,
        "replacement": cert.replaced_by.order_by("-pk").first() if superseded else None,
        "form": form,
        "signing_demo": pdf.signing_config().demo,
    }
    return render(request, "licensing/verify.html", ctx, status=status)


# --- QĐ 766 figures -----------------------------------------------------------------------------


@require_role(Role.LEADER, Role.OFFICER)
def figures(request):
    """Service-quality figures (QĐ 766/QĐ-TTg) per procedure, issuing unit and month."""
    today = _today()
    params = request.GET.copy()
    params.setdefault("year", str(today.year))
    # By default the user's own province (and the provinces it was formed from in 2025).
    home = selectors.user_province(request.user)
    params.setdefault("province", home.code if home is not None else "")
    form = FiguresForm(params, user=request.user)
    if not form.is_valid():
        ctx = {"title": _("Chỉ số chất lượng phục vụ (QĐ 766)"), "form": form, "rows": []}
        return render(request, "licensing/figures.html", ctx, status=422)
    year = form.cleaned_data["year"]
    start, end = date(year, 1, 1), date(year, 12, 31)
    province = selectors.province_by_code(form.cleaned_data.get("province") or "", today)
    rows = selectors.figures(
        request.user, start=start, end=end, provinces=selectors.with_predecessors(province)
    )
    if request.GET.get("export") == "xlsx":
        return _figures_export(rows, year, province)
    by_month = selectors.summarise(rows, lambda r: r["month"])
    chart = {
        "labels": [f"{m:%m/%Y}" for m, _f in by_month],
        "on_time": [f.on_time_share for _m, f in by_month],
        "online": [f.online_share for _m, f in by_month],
        "electronic": [f.electronic_share for _m, f in by_month],
        "satisfaction": [f.satisfaction_share for _m, f in by_month],
        "average_days": [f.average_days for _m, f in by_month],
        # The chart's words, in the page's language (the script has none of its own).
        "names": {
            "on_time": _("Trước và đúng hạn (%)"),
            "online": _("Nộp trực tuyến (%)"),
            "electronic": _("Kết quả điện tử (%)"),
            "satisfaction": _("Hài lòng (%)"),
            "average_days": _("Bình quân (ngày làm việc)"),
            "days_axis": _("ngày làm việc"),
        },
    }
    ctx = {
        "title": _("Chỉ số chất lượng phục vụ (QĐ 766)"),
        "form": form,
        "year": year,
        "rows": rows,
        "total": selectors.total(rows),
        "by_procedure": selectors.summarise(rows, lambda r: r["procedure"]),
        "by_issuer": selectors.summarise(rows, lambda r: r["issuer"]),
        "by_month": by_month,
        "chart": chart,
        "province": province,
    }
    return render(request, "licensing/figures.html", ctx)


def _figures_export(rows, year, province):
    from ictgov.core.excel import xlsx_response

    headers = [
        _("Tháng"),
        _("Thủ tục"),
        _("Cơ quan giải quyết"),
        _("Số hồ sơ đã giải quyết"),
        _("Trước và đúng hạn (%)"),
        _("Trước hạn (%)"),
        _("Thời gian xử lý bình quân (ngày làm việc)"),
        _("Nộp trực tuyến (%)"),
        _("Thanh toán trực tuyến (%)"),
        _("Trả kết quả điện tử (%)"),
        _("Hài lòng (%)"),
    ]
    body = (
        [
            f"{r['month']:%m/%Y}",
            r["procedure"],
            r["issuer"],
            r["figures"].decided,
            r["figures"].on_time_share,
            r["figures"].early_share,
            r["figures"].average_days,
            r["figures"].online_share,
            r["figures"].paid_online_share,
            r["figures"].electronic_share,
            r["figures"].satisfaction_share,
        ]
        for r in rows
    )
    return xlsx_response(
        f"chi-so-766-{year}",
        _("Chỉ số chất lượng giải quyết thủ tục hành chính năm %(y)d%(p)s (QĐ 766/QĐ-TTg)")
        % {"y": year, "p": f" – {province.name}" if province else ""},
        headers,
        body,
        as_of=_today(),
    )


inbox = InboxView.as_view()
procedure_list = ProcedureListView.as_view()
procedure_detail = ProcedureDetailView.as_view()
apply = ApplyView.as_view()
counter_receive = CounterReceiveView.as_view()
my_dossiers = MyDossiersView.as_view()
dossier_detail = DossierDetailView.as_view()
dossier_act = DossierActView.as_view()
dossier_apology = DossierApologyView.as_view()
dossier_payment = DossierPaymentView.as_view()
dossier_rate = DossierRateView.as_view()
dossier_facility = DossierFacilityView.as_view()
certificate_list = CertificateListView.as_view()
certificate_detail = CertificateDetailView.as_view()
certificate_revoke = CertificateRevokeView.as_view()
