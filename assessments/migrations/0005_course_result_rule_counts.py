"""Count the met rules of each course result beside its rules, for the gradebook."""

from django.db import migrations, models

MET = "met"  # assessments.results.MET, as it was when this migration was written


def count_rules(apps, schema_editor):
    CourseResult = apps.get_model("assessments", "CourseResult")
    results = list(CourseResult.objects.only("pk", "rules"))
    for result in results:
        rules = result.rules or []
        result.rules_met = sum(1 for rule in rules if rule.get("state") == MET)
        result.rules_total = len(rules)
    CourseResult.objects.bulk_update(results, ["rules_met", "rules_total"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_assignments_rubrics_reviews"),
    ]

    operations = [
        migrations.AddField(
            model_name="courseresult",
            name="rules_met",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="courseresult",
            name="rules_total",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(count_rules, migrations.RunPython.noop),
    ]
