"""Forms of the licensing pages. They parse; the rules live in `services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ictgov.core.forms import StyledForm
from ictgov.core.widgets import DateInput, MultipleFileField, PickerSelect
from ictgov.geo.models import AdministrativeUnit
from ictgov.geo.selectors import province_choices

from .models import ApplicantKind, Certificate, Channel, PaymentMethod, ProcedureAction
from .services import FILE_TYPES, Application

ACCEPT = ",".join(f".{t}" for t in FILE_TYPES)


def _files_field(label, required, help_text=""):
    field = MultipleFileField(label=label, required=required, help_text=help_text)
    field.widget.attrs["accept"] = ACCEPT
    return field


class ApplicationForm(StyledForm):
    """An application for a procedure: online by the applicant, or at the counter."""

    channel = forms.ChoiceField(
        label=_("Hình thức nộp"),
        choices=[(Channel.IN_PERSON, Channel.IN_PERSON.label), (Channel.POST, Channel.POST.label)],
    )
    applicant_kind = forms.ChoiceField(label=_("Người nộp là"), choices=ApplicantKind.choices)
    applicant_name = forms.CharField(label=_("Tên tổ chức, cá nhân"), max_length=255)
    applicant_id_number = forms.CharField(
        label=_("Mã số doanh nghiệp / số định danh cá nhân"), max_length=30, required=False
    )
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    applicant_phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    applicant_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    certificate = forms.ModelChoiceField(
        label=_("Giấy chứng nhận, giấy phép liên quan"),
        queryset=Certificate.objects.none(),
        required=False,
    )
    facility_name = forms.CharField(
        label=_("Tên cơ sở (điểm, trang, công trình)"), max_length=255, required=False
    )
    facility_address = forms.CharField(label=_("Địa chỉ cơ sở"), max_length=500, required=False)
    locality = forms.ModelChoiceField(
        label=_("Xã/phường nơi đặt cơ sở"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        widget=PickerSelect(),
    )
    facility = forms.ModelChoiceField(
        label=_("Cơ sở trong sổ quản lý"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        widget=PickerSelect(),
        help_text=_("Tìm theo mã, tên hoặc địa chỉ; tên, địa chỉ và xã trống lấy theo cơ sở."),
    )
    facility_ref = forms.CharField(
        label=_("Mã cơ sở trong sổ quản lý (nếu có)"), max_length=60, required=False
    )
    details = forms.CharField(
        label=_("Nội dung đề nghị"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(
        self,
        *args,
        procedure,
        counter: bool,
        certificates=None,
        localities=None,
        facilities=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        if not counter:
            del self.fields["channel"]
        if procedure.action == ProcedureAction.NEW:
            del self.fields["certificate"]
        else:
            self.fields["certificate"].queryset = certificates
            self.fields["certificate"].required = True
        self.fields["locality"].queryset = localities
        if facilities is None:  # who cannot see the registry writes the facility's name
            del self.fields["facility"]
        else:
            self.fields["facility"].queryset = facilities
            del self.fields["facility_ref"]
        self.requirements = list(procedure.requirements.all())
        for r in self.requirements:
            label = r.name + (f" ({r.form_name})" if r.form_name else "")
            self.fields[f"req_{r.pk}"] = _files_field(
                label, r.required, _("PDF, ảnh JPG/PNG hoặc Word.")
            )
        self.fields["other_files"] = _files_field(_("Giấy tờ khác"), False)

    def application(self) -> Application:
        data = self.cleaned_data
        files = {r.pk: data.get(f"req_{r.pk}") or [] for r in self.requirements}
        files[None] = data.get("other_files") or []
        return Application(
            procedure=self.procedure,
            applicant_kind=data["applicant_kind"],
            applicant_name=data["applicant_name"],
            applicant_id_number=data.get("applicant_id_number", ""),
            applicant_address=data.get("applicant_address", ""),
            applicant_phone=data.get("applicant_phone", ""),
            applicant_email=data.get("applicant_email", ""),
            facility_name=data.get("facility_name", ""),
            facility_address=data.get("facility_address", ""),
            facility_ref=data.get("facility_ref", ""),
            facility=data.get("facility"),
            locality=data.get("locality"),
            certificate=data.get("certificate"),
            details=data.get("details", ""),
            files=files,
        )


class ActionForm(StyledForm):
    """A step of the dossier's state machine; the note is required where the step says so."""

    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, transition=None, **kwargs):
        super().__init__(*args, **kwargs)
        if transition is not None and transition.note_required:
            self.fields["note"].label = str(transition.note_label).capitalize()
            self.fields["note"].required = True
        if transition is not None and transition.name == "supplement":
            self.fields["files"] = _files_field(
                _("Tệp bổ sung"), False, _("PDF, ảnh JPG/PNG hoặc Word.")
            )
            self.fields["note"].label = _("Nội dung bổ sung")
        if transition is not None and transition.name == "return_result":
            self.fields["electronic"] = forms.BooleanField(
                label=_("Trả kết quả điện tử (người nộp tải về trực tuyến)"), required=False
            )


class ApologyForm(StyledForm):
    new_due_on = forms.DateField(label=_("Ngày hẹn trả mới"), widget=DateInput())
    reason = forms.CharField(label=_("Lý do chậm trả"), widget=forms.Textarea(attrs={"rows": 3}))


class PaymentForm(StyledForm):
    method = forms.ChoiceField(label=_("Hình thức nộp phí"), choices=PaymentMethod.choices)
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1, max_value=10**10)
    receipt_number = forms.CharField(label=_("Số biên lai"), max_length=60)


class RatingForm(StyledForm):
    rating = forms.TypedChoiceField(
        label=_("Mức độ hài lòng"),
        coerce=int,
        choices=[
            (5, _("5 – Rất hài lòng")),
            (4, _("4 – Hài lòng")),
            (3, _("3 – Bình thường")),
            (2, _("2 – Không hài lòng")),
            (1, _("1 – Rất không hài lòng")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Góp ý"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RevokeForm(StyledForm):
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 3}))


class LookupForm(StyledForm):
    code = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "H40.SVHTTDL-261201-0001"}),
    )


class VerifyUploadForm(StyledForm):
    file = forms.FileField(label=_("Tệp PDF cần kiểm tra"))


class FiguresForm(StyledForm):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    province = forms.ChoiceField(label=_("Tỉnh, thành phố"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices(user)


class RegisterForm(StyledForm):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=60,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Tên đăng nhập chỉ gồm chữ, số và . @ + - _")},
    )
    full_name = forms.CharField(label=_("Tên tổ chức hoặc họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"))
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    password1 = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Hai mật khẩu không giống nhau."))
        return data


class FacilityLinkForm(StyledForm):
    """An officer links a dossier to a facility of the registry (empty: unlinks)."""

    facility = forms.ModelChoiceField(
        label=_("Cơ sở trong sổ quản lý"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        widget=PickerSelect(),
    )

    def __init__(self, *args, facilities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities
