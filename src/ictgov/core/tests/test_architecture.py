"""The shape of the house: core imports no app; every app mounts its own pages and API."""

import ast
from pathlib import Path

import ictgov

PACKAGE = Path(ictgov.__file__).parent
APPS = {p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists()}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_core_imports_no_app():
    offenders = []
    for path in (PACKAGE / "core").rglob("*.py"):
        if "tests" in path.parts:
            continue
        for module in _imports(path):
            parts = module.split(".")
            if parts[0] == "ictgov" and len(parts) > 1 and parts[1] in APPS - {"core"}:
                offenders.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert not offenders, offenders
    assert {"accounts", "geo", "org", "directives"} <= APPS  # the scan saw the apps


def test_every_app_with_urls_or_api_is_mounted(client):
    from ictgov.api import api

    schema = api.get_openapi_schema()
    prefixes = {path.split("/")[3] for path in schema["paths"]}
    for app in APPS:
        if (PACKAGE / app / "api.py").exists():
            assert app in prefixes or app == "core", app
    assert "calendar" in prefixes  # core's router, at its own prefix


def test_no_module_defines_its_own_date_widget_or_multiple_file_field():
    """Date inputs, file fields and pickers come from core.widgets, never a local copy."""
    copies = []
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "widgets.py":
            continue
        text = path.read_text(encoding="utf-8")
        for marker in ("forms.DateInput(", "class MultipleFileField", "allow_multiple_selected"):
            if marker in text:
                copies.append(f"{path.relative_to(PACKAGE)}: {marker}")
    assert not copies, copies


def test_start_up_does_not_import_the_heavy_libraries():
    """`ictgov check`, a worker or a server start without holidays, openpyxl or WeasyPrint:
    they load when first used."""
    import subprocess
    import sys

    code = (
        "import django, sys; django.setup();"
        "from django.urls import resolve; resolve('/');"
        "import ictgov.urls;"
        "print(sorted(m for m in ('holidays', 'openpyxl', 'weasyprint', 'pyhanko', 'segno', "
        "'cryptography.hazmat.primitives.serialization.pkcs12') if m in sys.modules))"
    )
    env = {"DJANGO_SETTINGS_MODULE": "ictgov.settings.test", "PATH": "/usr/bin:/bin"}
    import os

    env.update({k: v for k, v in os.environ.items() if k in ("DATABASE_URL", "ICTGOV_HOME")})
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_the_calendar_years_are_those_the_holidays_package_knows():
    import holidays

    from ictgov.core import workdays

    assert (workdays.FIRST_YEAR, workdays.LAST_YEAR) == (
        holidays.VN.start_year,
        holidays.VN.end_year,
    )


def test_api_schemas_have_names_unique_across_apps(client):
    """django-ninja keys OpenAPI components by class name: two apps' `UnitOut` would clash."""
    schema = client.get("/api/v1/openapi.json").json()
    from ninja import Schema

    seen, todo = {}, list(Schema.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("ictgov."):
            seen.setdefault(cls.__name__, set()).add(cls.__module__)
    clashes = {name: mods for name, mods in seen.items() if len(mods) > 1}
    assert not clashes, clashes
    responses = schema["paths"]["/api/v1/directives/tasks/{task_id}"]["get"]["responses"]
    assert {"401", "404", "422"} <= set(responses)
