from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import CalendarOverride
from .widgets import DateInput


class StyledFormMixin:
    """Bootstrap classes on every widget, so templates can render fields plainly, and error
    messages that name their field ("Thời hạn: …") wherever they are shown."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            widget = f.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            elif isinstance(widget, forms.HiddenInput | forms.RadioSelect):
                # Radios: a class lands on each choice and on the list around them, and
                # "form-control" draws both as text boxes; the plain ones read as choices.
                continue
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def labelled_errors(self) -> list[str]:
        out = []
        for name, errors in self.errors.items():
            field = self.fields.get(name)
            label = f"{field.label}: " if field is not None and field.label else ""
            out.extend(f"{label}{e}" for e in errors)
        return out


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several records picked; a number too big for any key is a wrong choice (SQLite cannot
    even look it up), like any other unknown one."""

    default_error_messages = {
        # Django's Vietnamese catalogue lacks this one.
        "invalid_pk_value": _("“%(pk)s” không phải là một giá trị hợp lệ."),
    }

    def _check_values(self, value):
        from .filtersets import MAX_ID

        for pk in value:
            try:
                too_big = abs(int(pk)) > MAX_ID
            except (TypeError, ValueError):
                continue
            if too_big:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    pass


class CalendarOverrideForm(StyledModelForm):
    class Meta:
        model = CalendarOverride
        fields = ["day", "kind", "reason", "source"]
        widgets = {"day": DateInput()}
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


class DueDateForm(StyledForm):
    start = forms.DateField(label=_("Ngày bắt đầu"), widget=DateInput())
    working_days = forms.IntegerField(label=_("Số ngày làm việc"), min_value=0, max_value=3650)
