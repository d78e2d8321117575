from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CalendarOverride

DATE_WIDGET = forms.DateInput(
    format="%d/%m/%Y", attrs={"class": "form-control", "placeholder": "dd/mm/yyyy"}
)


class CalendarOverrideForm(forms.ModelForm):
    class Meta:
        model = CalendarOverride
        fields = ["day", "kind", "reason", "source"]
        widgets = {
            "day": DATE_WIDGET,
            "kind": forms.Select(attrs={"class": "form-select"}),
            "reason": forms.TextInput(attrs={"class": "form-control"}),
            "source": forms.TextInput(attrs={"class": "form-control"}),
        }
        error_messages = {
            "day": {"unique": _("Ngày này đã có trong lịch; hãy sửa dòng đã có.")},
        }

    def clean(self):
        data = super().clean()
        day, kind = data.get("day"), data.get("kind")
        if day and kind == CalendarOverride.Kind.WORKING_DAY and day.weekday() < 5:
            self.add_error("kind", _("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật."))
        if day and kind == CalendarOverride.Kind.DAY_OFF and day.weekday() >= 5:
            self.add_error("kind", _("Thứ Bảy, Chủ nhật vốn là ngày nghỉ; không cần thêm."))
        return data


class DueDateForm(forms.Form):
    start = forms.DateField(label=_("Ngày bắt đầu"), widget=DATE_WIDGET)
    working_days = forms.IntegerField(
        label=_("Số ngày làm việc"),
        min_value=0,
        max_value=3650,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
