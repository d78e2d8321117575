"""The English interface: the language switcher, the default language and the catalog itself."""

import ast
import gettext
import html
import json
import re
from pathlib import Path

import pytest
from django.utils import translation

import ictgov

pytestmark = pytest.mark.django_db

CATALOG_DIR = Path(ictgov.__file__).parent / "locale" / "en" / "LC_MESSAGES"
PO_FILE = CATALOG_DIR / "django.po"
MO_FILE = CATALOG_DIR / "django.mo"


@pytest.fixture(autouse=True)
def back_to_default_language():
    """A request leaves its language active in the thread; never carry English into other tests."""
    yield
    translation.deactivate()


def choose(client, language, next_url="/"):
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    return response


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_switching_to_english_translates_the_pages(client_for):
    client = client_for("lanhdao")
    choose(client, "en")

    home = page(client, "/")
    assert 'lang="en"' in home
    for label in ("Home", "Administrative units", "Agencies and units", "My unit's tasks"):
        assert label in home
    assert "SOCIALIST REPUBLIC OF VIETNAM" in home and "Sign out" in home
    assert "Đơn vị hành chính" not in home and "Đăng xuất" not in home

    geo = page(client, "/geo/units/")
    assert "Administrative units" in geo
    assert "Search" in geo and "Filter" in geo and "Export to Excel" in geo
    assert "Tìm kiếm" not in geo and "Xuất Excel" not in geo

    org = page(client, "/org/units/")
    assert "Agencies and units" in org and "Search" in org
    assert "Cơ quan, đơn vị" not in org


def test_switching_back_to_vietnamese(client_for):
    client = client_for("lanhdao")
    choose(client, "en")
    assert "Administrative units" in page(client, "/geo/units/")

    choose(client, "vi")
    geo = page(client, "/geo/units/")
    assert 'lang="vi"' in geo
    assert "Đơn vị hành chính" in geo and "Tìm kiếm" in geo
    assert "Administrative units" not in geo
    home = page(client, "/")
    assert "Đăng xuất" in home and "Sign out" not in home


def test_guests_can_switch_too(client):
    choose(client, "en")
    home = page(client, "/")
    assert "Sign in" in home and "Guests can look up administrative units." in home


def test_english_browsers_still_get_vietnamese(client_for):
    client = client_for("lanhdao")
    home = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert 'lang="vi"' in home
    assert "Đơn vị hành chính" in home and "Administrative units" not in home
    geo = client.get("/geo/units/", headers={"Accept-Language": "en"}).content.decode()
    assert "Tìm kiếm" in geo and "Search (" not in geo


# --- the catalog -------------------------------------------------------------------------------

_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*")$')
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|%%")


def read_po(path):
    """The catalog's entries as dicts: keywords → text, plus the entry's flags ("fuzzy" …)."""
    entries, entry, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry:
                entries.append(entry)
            entry, key = None, None
            continue
        if line.startswith("#~"):  # obsolete entries are not used
            continue
        entry = entry or {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := _LINE.match(line):
            key = match.group(1)
            entry[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            entry[key] += ast.literal_eval(line)
        else:
            raise AssertionError(f"unreadable line in {path.name}: {raw!r}")
    return entries


@pytest.fixture(scope="module")
def catalog():
    entries = read_po(PO_FILE)
    header = entries[0]
    assert header["msgid"] == ""
    return header, [e for e in entries[1:] if "msgid" in e]


def test_catalog_header(catalog):
    header, entries = catalog
    assert "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"]
    assert "charset=UTF-8" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"]
    assert len(entries) > 400


def test_every_string_is_translated(catalog):
    _, entries = catalog
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert fuzzy == []
    untranslated = []
    for e in entries:
        if "msgid_plural" in e:
            if not (e.get("msgstr[0]") and e.get("msgstr[1]")):
                untranslated.append(e["msgid"])
        elif not e.get("msgstr"):
            untranslated.append(e["msgid"])
    assert untranslated == []


def test_translations_keep_their_placeholders(catalog):
    _, entries = catalog
    wrong = []
    for e in entries:
        expected = sorted(_PLACEHOLDER.findall(e["msgid"]))
        texts = [v for k, v in e.items() if k.startswith("msgstr")]
        wrong += [(e["msgid"], t) for t in texts if sorted(_PLACEHOLDER.findall(t)) != expected]
    assert wrong == []


def test_translations_are_english(catalog):
    """No Vietnamese left in a translation, except names quoted on purpose and document symbols
    (QĐ-UBND, QĐ-TTg, QĐ 766…)."""
    _, entries = catalog
    vietnamese = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[\u1ea0-\u1ef9]")
    kept = re.compile(r"“[^”]*”|QĐ[- ][\w/-]+|\d+/[\w/-]+|Sở TT&TT|\d+-NQ/TW")
    left = []
    for e in entries:
        text = kept.sub("", e.get("msgstr", ""))
        if vietnamese.search(text):
            left.append((e["msgid"], e["msgstr"]))
    assert left == []


def test_compiled_catalog_matches_the_po(catalog):
    """The committed .mo is what Django reads; it must be rebuilt whenever the .po changes."""
    _, entries = catalog
    with MO_FILE.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = []
    for e in entries:
        if "msgctxt" in e:
            got = compiled.pgettext(e["msgctxt"], e["msgid"])
            if got != e["msgstr"]:
                stale.append(e["msgid"])
        elif "msgid_plural" in e:
            one = compiled.ngettext(e["msgid"], e["msgid_plural"], 1)
            many = compiled.ngettext(e["msgid"], e["msgid_plural"], 5)
            if (one, many) != (e["msgstr[0]"], e["msgstr[1]"]):
                stale.append(e["msgid"])
        elif compiled.gettext(e["msgid"]) != e["msgstr"]:
            stale.append(e["msgid"])
    assert stale == []


def test_django_uses_the_catalog():
    with translation.override("en"):
        assert translation.gettext("Đơn vị hành chính") == "Administrative units"
        assert translation.gettext("Quá hạn") == "Overdue"
        text = translation.ngettext("%(counter)s kết quả", "%(counter)s kết quả", 1)
        assert text % {"counter": 1} == "1 result"
        text = translation.ngettext("%(counter)s kết quả", "%(counter)s kết quả", 3)
        assert text % {"counter": 3} == "3 results"
    with translation.override("vi"):
        assert translation.gettext("Đơn vị hành chính") == "Đơn vị hành chính"


def test_the_scripts_words_come_from_the_page_in_its_language(client_for):
    """The scripts carry no words of their own: the picker's "no results" and the QĐ 766 chart's
    series are written by the page, so the English page's scripts speak English."""

    def chart_names(text):
        found = re.search(r'<script id="figures-data" type="application/json">(.*?)</script>', text)
        return json.loads(found.group(1))["names"]

    client = client_for("chuyenvien")
    vietnamese = page(client, "/licensing/figures/")
    assert '<meta name="ictgov-no-results" content="Không có kết quả">' in vietnamese
    assert chart_names(vietnamese)["electronic"] == "Kết quả điện tử (%)"

    choose(client, "en")
    english = page(client, "/licensing/figures/")
    assert '<meta name="ictgov-no-results" content="No results">' in english
    names = chart_names(english)
    assert names["electronic"] == "Electronic result (%)" and names["days_axis"] == "working days"
    assert not any(re.search("[À-ỹ]", name) for name in names.values()), names

    for script in ("core/static/core/ictgov.js", "licensing/static/licensing/figures.js"):
        text = (Path(ictgov.__file__).parent / script).read_text()
        assert not re.search(r"""(["'])[^"'\n]*[À-ỹ][^"'\n]*\1""", text), script


DJANGO_VI = PO_FILE.parents[3] / "locale_django" / "vi" / "LC_MESSAGES"


def test_django_s_own_messages_read_as_vietnamese_in_our_words():
    """Django's catalogue leaves some messages untranslated or awkward ("Nhập một số tổng thể.",
    "… bằng với 0 ."); locale_django's catalogue says them, compiled as written, with their
    placeholders, and a form's errors read them."""
    from django import forms
    from django.core.exceptions import ValidationError

    entries = [e for e in read_po(DJANGO_VI / "django.po")[1:] if "msgid" in e]
    assert len(entries) >= 10
    with (DJANGO_VI / "django.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for e in entries:
        if "msgid_plural" in e:
            assert compiled.ngettext(e["msgid"], e["msgid_plural"], 2) == e["msgstr[0]"]
            said = e["msgstr[0]"]
        else:
            assert compiled.gettext(e["msgid"]) == e["msgstr"], e["msgid"]
            said = e["msgstr"]
        assert sorted(_PLACEHOLDER.findall(said)) == sorted(_PLACEHOLDER.findall(e["msgid"]))

    def error(field, value):
        with pytest.raises(ValidationError) as raised:
            field.clean(value)
        return raised.value.messages[0]

    with translation.override("vi"):
        assert error(forms.IntegerField(), "abc") == "Hãy nhập một số nguyên."
        assert error(forms.IntegerField(min_value=0), "-1") == "Giá trị phải lớn hơn hoặc bằng 0."
        assert error(forms.CharField(), "a\x00b") == "Không được chứa ký tự rỗng (NUL)."
        assert error(forms.CharField(max_length=3), "abcd") == "Tối đa 3 ký tự (hiện có 4)."
    with translation.override("en"):
        assert error(forms.IntegerField(), "abc") == "Enter a whole number."
