from django.db import migrations

FEATURES = [
    ("Courses", "courses"),
    ("Assessments", "assessments"),
    ("Live Classes", "live-classes"),
    ("Community Forum", "community-forum"),
    ("Mock Interviews", "mock-interviews"),
    ("Jobs", "jobs"),
    ("Workshops", "workshops"),
    ("Certificates", "certificates"),
    ("Referral Program", "referral-program"),
    ("AI Agent", "ai-agent"),
    ("Attendance", "attendance"),
    ("Leaderboard", "leaderboard"),
]


def add_features(apps, schema_editor):
    if schema_editor.connection.schema_name != "public":
        return
    Feature = apps.get_model("catalog", "Feature")
    for name, code in FEATURES:
        Feature.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(add_features, migrations.RunPython.noop)]
