from tenant_apps.forum.demo import build_demo_forum
from tenant_apps.forum.models import Comment, Tag, Thread


def test_demo_is_idempotent(client_a, in_a, make_user):
    users = {
        "admin@demo.local": make_user(client_a, role="admin"),
        "instructor@demo.local": make_user(client_a, role="instructor"),
        "student1@demo.local": make_user(client_a),
        "student2@demo.local": make_user(client_a),
    }
    with in_a():
        build_demo_forum(client_a, users)
        build_demo_forum(client_a, users)
        assert Thread.objects.count() == 3 and Tag.objects.count() == 4
        assert Comment.objects.filter(parent__isnull=False).count() == 1
