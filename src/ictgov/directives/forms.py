"""Forms of the directive pages. They parse; the rules live in `services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ictgov.core.filtersets import within_calendar
from ictgov.core.forms import ModelMultipleChoiceField, StyledForm
from ictgov.core.widgets import DateInput, MultipleFileField, PickerSelect, PickerSelectMultiple
from ictgov.geo.selectors import province_choices
from ictgov.org.models import Person, Unit

from .models import DeadlineKind, MeetingKind, Recurrence
from .services import TaskDraft


class MeetingForm(StyledForm):
    kind = forms.ChoiceField(label=_("Loại cuộc họp"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Tên cuộc họp"), max_length=500)
    held_on = forms.DateField(label=_("Ngày họp"), widget=DateInput())
    starts_at = forms.TimeField(
        label=_("Giờ bắt đầu"),
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm", "type": "time"}),
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    chair = forms.ModelChoiceField(
        label=_("Người chủ trì"),
        queryset=Person.objects.none(),
        required=False,
        widget=PickerSelect(),
    )
    host_unit = forms.ModelChoiceField(
        label=_("Đơn vị tổ chức"), queryset=Unit.objects.none(), widget=PickerSelect()
    )
    participating_units = ModelMultipleChoiceField(
        label=_("Đơn vị tham dự"),
        queryset=Unit.objects.none(),
        required=False,
        widget=PickerSelectMultiple(),
    )

    def __init__(self, *args, units=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = people
        self.fields["host_unit"].queryset = units
        self.fields["participating_units"].queryset = units


class ConclusionForm(StyledForm):
    number = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "125/TB-UBND"}),
    )
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DateInput())
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    text = forms.CharField(
        label=_("Nội dung kết luận"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Dán toàn văn thông báo kết luận hoặc báo cáo cuộc họp."),
    )
    files = MultipleFileField(label=_("Tệp đính kèm (bản ký, phụ lục)"), required=False)


class TaskDraftForm(StyledForm):
    """One proposed (or hand-written) task; only rows with `include` ticked are saved."""

    include = forms.BooleanField(label=_("Giao"), required=False)
    content = forms.CharField(
        label=_("Nội dung nhiệm vụ"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_name = forms.CharField(required=False, widget=forms.HiddenInput)
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Chọn đơn vị —"),
        widget=PickerSelect(),
    )
    coordinating_units = ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=Unit.objects.none(),
        required=False,
        widget=PickerSelectMultiple(),
    )
    unmatched_coordinating = forms.CharField(required=False, widget=forms.HiddenInput)
    deadline_kind = forms.ChoiceField(
        label=_("Loại thời hạn"), choices=DeadlineKind.choices, initial=DeadlineKind.NONE
    )
    recurrence = forms.ChoiceField(
        label=_("Chu kỳ"), choices=[("", "—"), *Recurrence.choices], required=False
    )
    due_on = forms.DateField(label=_("Hạn (dd/mm/yyyy)"), required=False, widget=DateInput())
    deadline_text = forms.CharField(
        label=_("Thời hạn theo văn bản"), max_length=255, required=False
    )
    directive_verb = forms.CharField(label=_("Động từ chỉ đạo"), max_length=40, required=False)
    evidence = forms.CharField(required=False, widget=forms.HiddenInput)
    source_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units

    def clean(self):
        data = super().clean()
        if not data.get("include"):
            return data
        if not (data.get("content") or "").strip():
            self.add_error("content", _("Cần nhập nội dung nhiệm vụ."))
        if data.get("lead_unit") is None and "lead_unit" not in self.errors:
            self.add_error("lead_unit", _("Cần chọn đơn vị chủ trì."))
        kind = data.get("deadline_kind")
        if kind == DeadlineKind.DATE and data.get("due_on") is None and "due_on" not in self.errors:
            self.add_error("due_on", _("Cần nhập hạn (dd/mm/yyyy)."))
        if kind == DeadlineKind.RECURRING and not data.get("recurrence"):
            self.add_error("recurrence", _("Cần chọn chu kỳ."))
        return data

    def to_draft(self) -> TaskDraft:
        d = self.cleaned_data
        return TaskDraft(
            content=d["content"],
            lead_unit=d["lead_unit"],
            coordinating_units=list(d["coordinating_units"]),
            deadline_kind=d["deadline_kind"],
            due_on=d["due_on"] if d["deadline_kind"] == DeadlineKind.DATE else None,
            deadline_text=d["deadline_text"],
            recurrence=d["recurrence"],
            directive_verb=d["directive_verb"],
            evidence=d["evidence"],
            source_key=d["source_key"],
        )


TaskDraftFormSet = forms.formset_factory(TaskDraftForm, extra=0)


class ProgressForm(StyledForm):
    text = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    files = MultipleFileField(label=_("Tệp kèm theo (minh chứng)"), required=False)


class CompleteForm(StyledForm):
    result = forms.CharField(
        label=_("Kết quả thực hiện (minh chứng)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ExtensionForm(StyledForm):
    new_due_on = forms.DateField(label=_("Thời hạn mới"), widget=DateInput())
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Lý do"), max_length=500)


class DashboardForm(StyledForm):
    province = forms.ChoiceField(label=_("Tỉnh, thành phố"), required=False)
    on = forms.DateField(
        label=_("Tính đến ngày"), required=False, widget=DateInput(), validators=[within_calendar]
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices(user)


class ReasonMixin(forms.Form):
    reason = forms.CharField(
        label=_("Lý do sửa"),
        max_length=500,
        help_text=_("Ghi vào lịch sử thay đổi của bản ghi."),
    )


class MeetingEditForm(MeetingForm, ReasonMixin):
    held_until = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())

    field_order = [
        "kind",
        "title",
        "held_on",
        "held_until",
        "place",
        "chair",
        "host_unit",
        "participating_units",
        "reason",
    ]


class ConclusionEditForm(StyledForm, ReasonMixin):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=100, required=False)
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DateInput())
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    text = forms.CharField(label=_("Nội dung kết luận"), widget=forms.Textarea(attrs={"rows": 10}))
    field_order = ["number", "issued_on", "signer", "text", "reason"]


class TaskEditForm(StyledForm, ReasonMixin):
    content = forms.CharField(
        label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Unit.objects.none(), widget=PickerSelect()
    )
    coordinating_units = ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=Unit.objects.none(),
        required=False,
        widget=PickerSelectMultiple(),
    )
    due_on = forms.DateField(label=_("Thời hạn"), required=False, widget=DateInput())
    deadline_text = forms.CharField(
        label=_("Thời hạn theo văn bản"), max_length=255, required=False
    )
    field_order = [
        "content",
        "lead_unit",
        "coordinating_units",
        "due_on",
        "deadline_text",
        "reason",
    ]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units


class WithdrawForm(StyledForm):
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=500)


class ConfirmForm(StyledForm):
    """Nothing to fill in: the button is the decision."""
