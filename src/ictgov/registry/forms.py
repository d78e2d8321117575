"""The facility form of each type: the shared fields and the type's own (`KIND_FIELDS`)."""

from django import forms
from django.forms import modelform_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ictgov.core.forms import StyledForm, StyledModelForm
from ictgov.core.models import valid_on_q
from ictgov.core.widgets import DateInput, PickerSelect
from ictgov.geo.models import AdministrativeUnit, Level
from ictgov.org.models import Unit

from .models import (
    COMMON_FIELDS,
    KIND_FIELDS,
    CriterionSet,
    Facility,
    Indicator,
    Kind,
    Technology,
)

# The commune (and the date it is read on) right after the street it completes.
FIRST_FIELDS = [
    "name",
    "operator_unit",
    "operator_name",
    "street",
    "commune",
    "new_commune",
    "recorded_on",
]


class FacilityFormBase(StyledModelForm):
    commune = forms.ModelChoiceField(
        label=_("Xã/phường/đặc khu"),
        queryset=AdministrativeUnit.objects.filter(level=Level.COMMUNE),
        widget=PickerSelect(),
        help_text=_("Xã hiện nay, hoặc xã cũ (trước 01/7/2025): hệ thống tự chuyển sang xã mới."),
    )
    new_commune = forms.ModelChoiceField(
        label=_("Xã mới (khi xã cũ được chia cho nhiều xã)"),
        queryset=AdministrativeUnit.objects.filter(level=Level.COMMUNE),
        widget=PickerSelect(),
        required=False,
    )
    recorded_on = forms.DateField(
        label=_("Ngày của thông tin"),
        widget=DateInput(),
        help_text=_("Xã được đối chiếu theo ngày này."),
    )
    reason = forms.CharField(label=_("Lý do sửa"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(FIRST_FIELDS)
        if "operator_unit" in self.fields:
            self.fields["operator_unit"].widget = PickerSelect()
            self.fields["operator_unit"].queryset = Unit.objects.all()
            self.fields["operator_unit"].widget.choices = self.fields["operator_unit"].choices
            self.fields["operator_unit"].widget.attrs["class"] = "form-select"
        if "technologies" in self.fields:
            self.fields["technologies"] = forms.MultipleChoiceField(
                label=_("Công nghệ"),
                choices=Technology.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            # The instance's "4g,5g" as a list: as text, no box was ticked and a save erased it.
            if self.instance.pk and "technologies" not in (kwargs.get("initial") or {}):
                self.initial["technologies"] = self.instance.technology_list
        if "certificate" in self.fields:  # a certificate issued through the one-stop
            from ictgov.licensing.models import Certificate

            self.fields["certificate"].queryset = Certificate.objects.all()
            self.fields["certificate"].widget = PickerSelect(attrs={"class": "form-select"})
            self.fields["certificate"].widget.choices = self.fields["certificate"].choices
        if "operating_since" in self.fields:
            self.fields["operating_since"].widget = DateInput()
        instance = self.instance
        if instance.pk:
            self.fields["commune"].initial = instance.old_commune_id or instance.commune_id
            if instance.old_commune_id:
                self.fields["new_commune"].initial = instance.commune_id
            self.fields["recorded_on"].initial = instance.recorded_on
        else:
            self.fields["recorded_on"].initial = timezone.localdate()
            del self.fields["reason"]

    def fields_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}
        return data


_FORMS: dict[str, type] = {}


def facility_form(kind: str) -> type[FacilityFormBase]:
    """The form class of `kind` (built once)."""
    if kind not in _FORMS:
        fields = [f for f in COMMON_FIELDS if f != "commune"] + list(KIND_FIELDS[Kind(kind)])
        _FORMS[kind] = modelform_factory(Facility, form=FacilityFormBase, fields=fields)
    return _FORMS[kind]


class AssessmentForm(StyledForm):
    indicator = forms.ModelChoiceField(
        label=_("Chỉ tiêu"), queryset=Indicator.objects.filter(rule="manual")
    )
    commune = forms.ModelChoiceField(
        label=_("Xã/phường"),
        queryset=AdministrativeUnit.objects.filter(level=Level.COMMUNE),
        widget=PickerSelect(),
    )
    met = forms.TypedChoiceField(
        label=_("Kết quả"),
        choices=[("1", _("Đạt")), ("0", _("Chưa đạt"))],
        coerce=lambda v: v == "1",
    )
    evidence = forms.CharField(
        label=_("Căn cứ, minh chứng"), widget=forms.Textarea(attrs={"rows": 3})
    )
    assessed_on = forms.DateField(label=_("Ngày đánh giá"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the set in force: each set has its own 8.4, and the ended one's counts for nothing.
        in_force = CriterionSet.objects.filter(valid_on_q(timezone.localdate()))
        self.fields["indicator"].queryset = Indicator.objects.filter(
            rule="manual", criterion_set__in=in_force
        )


class ImportForm(StyledForm):
    kind = forms.ChoiceField(label=_("Loại cơ sở"), choices=Kind.choices)
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
