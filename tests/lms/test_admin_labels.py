"""Django admin speaks Dutch: every model, field and admin column of our apps has a label
given for translation, never one Django made up from an English attribute name ("LEARNER
EMAIL", "Grading events")."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.utils.functional import Promise
from django.utils.translation import override

# The apps whose labels are all Dutch; courses and assessments follow in their own slice.
APPS = ["certificates", "lms", "outbox"]


def _models(app_label: str):
    return [m for m in apps.get_app_config(app_label).get_models() if not m._meta.auto_created]


def _fields(model):
    # Fields the model declares itself (not inherited through multi-table inheritance, whose
    # parent is checked on its own) and that an administrator can see.
    return [
        f
        for f in model._meta.get_fields(include_parents=False)
        if f.concrete and not f.auto_created and f.name != "polymorphic_ctype"
    ]


@pytest.mark.parametrize("app_label", APPS)
def test_every_model_and_field_has_a_translatable_label(app_label):
    unlabelled = [
        f"{model.__name__}.{field.name}"
        for model in _models(app_label)
        for field in _fields(model)
        if not isinstance(field.verbose_name, Promise)
    ]
    unlabelled += [
        model.__name__
        for model in _models(app_label)
        if not isinstance(model._meta.verbose_name, Promise)
        or not isinstance(model._meta.verbose_name_plural, Promise)
    ]
    assert unlabelled == []


def _column_names(model_admin) -> list[str]:
    names = [n for n in model_admin.list_display if isinstance(n, str) and n != "__str__"]
    names += [n for n in model_admin.list_filter if isinstance(n, str)]
    return names


@pytest.mark.parametrize("app_label", APPS)
def test_every_admin_column_and_filter_is_labelled_in_dutch(app_label):
    english = []
    with override("nl"):
        for model in _models(app_label):
            if not admin.site.is_registered(model):
                continue
            model_admin = admin.site.get_model_admin(model)
            for name in _column_names(model_admin):
                holder, label = _label(model, model_admin, name)
                if holder._meta.app_label not in APPS:
                    continue  # a filter on another app's field: that app's own test checks it
                label = str(label)
                made_up = name.split("__")[-1].replace("_", " ")
                if label.lower() == made_up.lower() and label.lower() not in DUTCH_TOO:
                    english.append(f"{model.__name__}: {name} -> {label}")
    assert english == []


# Words that are the same in Dutch and English.
DUTCH_TOO = {"status", "logo", "pdf"}


def _label(model, model_admin, name: str):
    """The model that holds a column or filter, and the label the admin shows above it: for a
    lookup `a__b__c` (a filter) the label of its last field."""
    *path, last = name.split("__")
    for part in path:
        model = model._meta.get_field(part).related_model
    if path:
        return model, model._meta.get_field(last).verbose_name
    return model, label_for_field(name, model, model_admin)
