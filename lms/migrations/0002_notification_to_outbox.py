"""Notifications move to the outbox app in `core` (core.outbox.Notification), rows and all:
the table is renamed, not copied, and lms forgets the model. The outbox's first migration
runs after this one and finds the table already there."""

from django.db import migrations


def move_content_type(apps, schema_editor):
    """Permissions and admin log entries follow the model (when its new type is not there)."""
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not content_type.objects.using(db).filter(app_label="outbox", model="notification"):
        content_type.objects.using(db).filter(app_label="lms", model="notification").update(
            app_label="outbox"
        )


def move_content_type_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not content_type.objects.using(db).filter(app_label="lms", model="notification"):
        content_type.objects.using(db).filter(app_label="outbox", model="notification").update(
            app_label="lms"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("lms", "0001_notifications_profiles"),
    ]
    run_before = [("outbox", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="notification", table="outbox_notification"),
            ],
            state_operations=[
                migrations.DeleteModel(name="Notification"),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
