"""The outbox's table: created here, unless an app that kept these rows before handed its
table over under this name (lms did, in its migration 0002: a rename, no copy)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def create_unless_handed_over(apps, schema_editor):
    model = apps.get_model("outbox", "Notification")
    if model._meta.db_table not in schema_editor.connection.introspection.table_names():
        schema_editor.create_model(model)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("kind", models.CharField(max_length=20, verbose_name="soort")),
                        (
                            "item",
                            models.CharField(
                                help_text="What it is about, e.g. enrollment:3/lesson:7.",
                                max_length=100,
                            ),
                        ),
                        (
                            "about",
                            models.DateField(
                                help_text="The date the message is about (due date, session day…)."
                            ),
                        ),
                        ("created_at", models.DateTimeField(verbose_name="gemaakt op")),
                        ("data", models.JSONField(default=dict)),
                        ("url", models.CharField(blank=True, max_length=300)),
                        (
                            "read_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="gelezen op"),
                        ),
                        (
                            "email_state",
                            models.CharField(
                                choices=[
                                    ("pending", "wacht op verzenden"),
                                    ("sending", "wordt verzonden"),
                                    ("sent", "verzonden"),
                                    ("failed", "mislukt"),
                                    ("none", "geen e-mail"),
                                ],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        ("email_attempts", models.PositiveSmallIntegerField(default=0)),
                        ("email_claimed_at", models.DateTimeField(blank=True, null=True)),
                        ("claim_token", models.CharField(blank=True, max_length=32)),
                        ("emailed_at", models.DateTimeField(blank=True, null=True)),
                        ("last_error", models.TextField(blank=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "bericht",
                        "verbose_name_plural": "berichten",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["user", "-created_at"], name="notification_user_recent"
                            ),
                            models.Index(
                                condition=models.Q(("read_at__isnull", True)),
                                fields=["user"],
                                name="notification_unread",
                            ),
                            models.Index(
                                condition=models.Q(("email_state__in", ["pending", "sending"])),
                                fields=["email_state", "email_claimed_at"],
                                name="notification_outbox",
                            ),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "kind", "item", "about"), name="notification_once"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(create_unless_handed_over, migrations.RunPython.noop),
    ]
