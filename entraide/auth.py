from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class RoleBackend(ModelBackend):
    """Grants a user the permissions of the group named after their role (see roles.py)."""

    def _get_group_permissions(self, user_obj):
        if not user_obj.role:
            return Permission.objects.none()
        return Permission.objects.filter(group__name=user_obj.role)
