from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def clip(value, limit):
    """The text cut at the end of a word, with "…" (core.text.clip), where `truncatechars`
    would cut a word in two."""
    from ictgov.core.text import clip as clip_text

    return clip_text(value, int(limit))


@register.filter
def cell(value):
    """A value as officials read it: dates dd/mm/yyyy, yes/no in Vietnamese, blanks empty."""
    if value is None or value == "":
        return ""
    if hasattr(value, "__html__"):  # e.g. a status badge: its own markup
        return mark_safe(value.__html__())  # noqa: S308 - built with format_html
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%d/%m/%Y %H:%M")
        )
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return value


class OncePerLanguageNode(template.Node):
    """A stretch of the layout that depends on nothing but the language and the site itself
    (static file addresses, translated labels, addresses without arguments, settings): rendered
    the first time per language and address prefix, then reused. Nothing that depends on the
    request, the user or a nonce may go inside."""

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered: dict[tuple, str] = {}

    def render(self, context):
        from django.urls import get_script_prefix, get_urlconf
        from django.utils.translation import get_language

        key = (get_language(), get_script_prefix(), get_urlconf())
        html = self.rendered.get(key)
        if html is None:
            html = self.rendered[key] = self.nodelist.render(context)
        return html


@register.tag
def once_per_language(parser, token):
    nodelist = parser.parse(("endonce_per_language",))
    parser.delete_first_token()
    return OncePerLanguageNode(nodelist)


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The layout's main menu for the user asking, built once per kind of user and language."""
    from ictgov.core.navigation import menu_html

    request = context.get("request")
    if request is None:
        return ""
    return menu_html(getattr(request, "user", None), request.path)


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    qs = context.get("querystring", "")
    return f"?{qs}&page={page_number}" if qs else f"?page={page_number}"


@register.filter
def working_days_late(due, on):
    """'12 ngày làm việc': how far past `due` the day `on` is, in working days."""
    from ictgov.core.workdays import working_days_between

    if not due or not on or on <= due:
        return ""
    n = working_days_between(due, on)
    return _("%(n)d ngày làm việc") % {"n": n}


@register.filter
def index(sequence, i):
    """The i-th item of a list (templates cannot subscript with a variable)."""
    try:
        return sequence[i]
    except (IndexError, TypeError, KeyError):
        return ""
