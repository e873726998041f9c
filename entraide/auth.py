from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class RoleBackend(ModelBackend):
    """Grants a user the permissions of the group named after their role (see roles.py)."""

    def get_user(self, user_id):
        # The user's unit scopes every page: read with the user, not by a query of its own.
        User = get_user_model()  # noqa: N806
        try:
            user = User._default_manager.select_related("unit").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def _get_group_permissions(self, user_obj):
        if not user_obj.role:
            return Permission.objects.none()
        return Permission.objects.filter(group__name=user_obj.role)
