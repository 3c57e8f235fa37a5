"""The catalogue's ``name`` becomes the machine key the portals gate on; the display name
moves to ``label``. Existing rows are renamed in place (matched by their old ``code``), so
their ids, and every client's selection of them, stay as they were.

The names come from the AI-Linc portals' navigation (docs/real-client.md, "Feature names"):
the Next.js build (H) and the older Vite build (V) gate on different names for the same
product in two places (live classes, jobs), so both names are rows.
"""

from django.db import migrations

# old code -> (machine name, label, on for new clients); the old display name is in OLD_NAMES
RENAMES = {
    "courses": ("course", "Courses", True),
    "assessments": ("assessment", "Assessments", True),
    "live-classes": ("live_sessions", "Live sessions", True),
    "community-forum": ("community_forum", "Community forum", True),
    "mock-interviews": ("mock_interview", "Mock interviews", True),
    "jobs": ("jobs_v2", "Jobs", True),
    "workshops": ("workshops", "Workshops", True),
    "certificates": ("certificates", "Certificates", True),
    "referral-program": ("referral_program", "Referral program", True),
    "ai-agent": ("ai_agent", "AI agent", True),
    "attendance": ("attendance", "Attendance", True),
    "leaderboard": ("leaderboard", "Leaderboard", True),
}

# old code -> old display name (0002), to go back
OLD_NAMES = {
    "courses": "Courses",
    "assessments": "Assessments",
    "live-classes": "Live Classes",
    "community-forum": "Community Forum",
    "mock-interviews": "Mock Interviews",
    "jobs": "Jobs",
    "workshops": "Workshops",
    "certificates": "Certificates",
    "referral-program": "Referral Program",
    "ai-agent": "AI Agent",
    "attendance": "Attendance",
    "leaderboard": "Leaderboard",
}

# (machine name, label, on for new clients)
ADDED = [
    ("live_class", "Live classes (older portal)", True),
    ("job_portal", "Jobs (older portal)", True),
    ("admin_dashboard", "Admin: dashboard", True),
    ("admin_manage_students", "Admin: manage students", True),
    ("admin_assessment", "Admin: assessments", True),
    ("admin_emails", "Admin: e-mails", True),
    ("admin_live_sessions", "Admin: live sessions", True),
    ("admin_course_builder", "Admin: course builder (older portal)", True),
    ("admin_workshop_reg", "Admin: workshop registrations (older portal)", True),
    ("admin_referral", "Admin: referrals (older portal)", True),
    ("admin_live", "Admin: live classes (older portal)", True),
    ("admin_attendance", "Admin: attendance (older portal)", True),
    ("admin_verify_content", "Admin: content verification (older portal)", True),
    # Switches that hide something when selected: never on by default.
    ("no_leaderboard_view", "Hide leaderboards and streaks", False),
    ("hide_participant_counts", "Hide participant counts", False),
]


# The same product under the other portal's name: a client that selected the first
# gets the second too, so its navigation keeps the item in either portal.
ALIASES = {"live_sessions": "live_class", "jobs_v2": "job_portal"}


def forwards(apps, schema_editor):
    if schema_editor.connection.schema_name != "public":
        return
    Feature = apps.get_model("catalog", "Feature")
    for feature in Feature.objects.all():
        if feature.code in RENAMES:
            feature.name, feature.label, feature.is_default = RENAMES[feature.code]
        else:  # a row added by hand before this migration: keep it, readable and switched off
            feature.label = feature.name[:100]
            feature.name = "legacy_" + feature.code.replace("-", "_")
        feature.save(update_fields=["name", "label", "is_default"])
    for name, label, is_default in ADDED:
        Feature.objects.get_or_create(
            name=name, defaults={"label": label, "is_default": is_default, "code": name.replace("_", "-")}
        )
    Selection = apps.get_model("tenants", "Client").features.through
    ids = dict(Feature.objects.values_list("name", "id"))
    for name, alias in ALIASES.items():
        clients = Selection.objects.filter(feature_id=ids[name]).values_list("client_id", flat=True)
        Selection.objects.bulk_create(
            [Selection(client_id=client_id, feature_id=ids[alias]) for client_id in clients], ignore_conflicts=True
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.schema_name != "public":
        return
    Feature = apps.get_model("catalog", "Feature")
    Feature.objects.filter(name__in=[name for name, _, _ in ADDED]).delete()
    codes = {name: code for code, (name, _, _) in RENAMES.items()}
    for feature in Feature.objects.all():
        if feature.name in codes:
            feature.code = codes[feature.name]
            feature.name = OLD_NAMES[feature.code]
        else:
            feature.name = feature.label
        feature.save(update_fields=["name", "code"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_feature_label_and_flags"), ("tenants", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
