from django import forms
from django.utils.translation import gettext_lazy as _

from ictgov.core.forms import StyledForm
from ictgov.core.periods import PeriodKind

from .models import AwardKind, AwardState, ReportForm


class NewSubmissionForm(StyledForm):
    form = forms.ModelChoiceField(
        label=_("Biểu mẫu"), queryset=ReportForm.objects.filter(active=True)
    )
    period = forms.CharField(
        label=_("Kỳ báo cáo"),
        max_length=10,
        help_text=_("Tháng: 2026-10; quý: 2026-Q3; 6 tháng: 2026-H1; năm: 2026."),
    )


class NoteForm(StyledForm):
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)


class UploadForm(StyledForm):
    file = forms.FileField(label=_("Tệp Excel theo mẫu của biểu (.xlsx)"))


class ScoreForm(StyledForm):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    unit = forms.IntegerField(widget=forms.HiddenInput)
    points = forms.CharField(label=_("Điểm"), max_length=10)
    evidence = forms.CharField(
        label=_("Minh chứng"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class PledgeFileForm(StyledForm):
    file = forms.FileField(label=_("Bản giao ước đã ký (PDF, ảnh)"))


class DecisionForm(StyledForm):
    award = forms.IntegerField(widget=forms.HiddenInput)
    state = forms.ChoiceField(label=_("Kết quả"), choices=AwardState.choices)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_on = forms.DateField(
        label=_("Ngày quyết định"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    decision_issuer = forms.CharField(label=_("Cơ quan quyết định"), max_length=200, required=False)


class AwardForm(StyledForm):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=AwardKind.choices)
    proposal_number = forms.CharField(label=_("Số tờ trình"), max_length=60, required=False)


PERIOD_KINDS = PeriodKind
