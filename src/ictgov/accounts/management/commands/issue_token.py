from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ictgov.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Cấp mã truy cập API (Bearer) cho một người dùng; mã là từ cuối cùng được in ra."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args, username, name, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"Không có người dùng '{username}'.") from exc
        _token, key = ApiToken.issue(user, name=name)
        self.stdout.write(f"Mã truy cập API cho {username}: {key}")
