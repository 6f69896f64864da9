"""Every Dutch text in our Python code reaches the English catalogue.

makemessages finds a translatable string only where xgettext can read it: a gettext call
inside an f-string is skipped without a warning, and the English page then shows Dutch.
"""

import ast
import gettext
from functools import cache
from pathlib import Path

from django.conf import settings

SINGULAR = {"_", "gettext", "gettext_lazy", "gettext_noop"}
PLURAL = {"ngettext", "ngettext_lazy"}
WITH_CONTEXT = {"pgettext", "pgettext_lazy"}
SKIPPED_PARTS = {".venv", "var", "tests", "bench", "migrations", "node_modules"}


@cache
def project_modules() -> tuple[tuple[Path, ast.Module], ...]:
    """Our own Python modules, each with its syntax tree, read once for all tests here."""
    root = Path(settings.BASE_DIR)
    return tuple(
        (path, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(root.rglob("*.py"))
        if not SKIPPED_PARTS.intersection(path.relative_to(root).parts)
    )


def called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def text(call: ast.Call, index: int) -> str | None:
    if len(call.args) > index:
        arg = call.args[index]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value
    return None


def catalogue_key(call: ast.Call):
    """The key of the call's message in a compiled catalogue, None for no literal message."""
    name = called_name(call)
    if name in SINGULAR:
        return text(call, 0)
    if name in PLURAL and text(call, 0) is not None:
        return (text(call, 0), 0)
    if name in WITH_CONTEXT and text(call, 1) is not None:
        return f"{text(call, 0)}\x04{text(call, 1)}"
    return None


def translation_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and called_name(node) in SINGULAR | PLURAL | WITH_CONTEXT:
            yield node


def test_the_project_has_python_modules_to_check():
    root = Path(settings.BASE_DIR)
    names = {path.relative_to(root).as_posix() for path, _tree in project_modules()}
    assert {
        "assessments/quizzes/views/learner.py",
        "assessments/quizzes/services.py",
        "core/rendering.py",
        "lms/settings.py",
    } <= names


def test_no_translatable_text_hides_in_an_f_string():
    hidden = []
    for path, tree in project_modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                hidden += [f"{path}:{call.lineno}" for call in translation_calls(node)]
    assert hidden == []


def test_every_dutch_text_in_the_code_has_an_english_translation():
    catalogue = gettext.translation(
        "django", localedir=settings.BASE_DIR / "locale", languages=["en"]
    )._catalog
    checked, missing = 0, []
    for path, tree in project_modules():
        for call in translation_calls(tree):
            key = catalogue_key(call)
            if key is None:
                continue
            checked += 1
            if not catalogue.get(key):
                missing.append(f"{path}:{call.lineno} {key!r}")
    assert checked > 500
    assert missing == []
