"""Who sees what, in one place.

Every record that belongs somewhere has an owning unit. A user sees the records owned by
their unit's subtree; national roles see the whole country. `ScopedQuerySet.visible_to` is
the only place that rule is written: views fetch through `get_visible_or_404`, the admin
through `ScopedAdminMixin`, and exports, reports and tasks start from `visible_to`.
"""

from django.db import models
from django.http import Http404


class ScopedQuerySet(models.QuerySet):
    # The lookup path from this model to its owning territory.OrgUnit; "" for OrgUnit itself.
    scope_field = "unit"

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.has_national_scope:
            return self.all()
        unit = user.unit
        if unit is None:
            return self.none()
        if not self.scope_field:
            return self.filter(path__startswith=unit.path)
        # The units under the user's, as a list of ids the planner can match against the
        # table's own (indexed) unit column, instead of joining the tree on every row.
        from territory.models import OrgUnit

        units = OrgUnit.objects.filter(path__startswith=unit.path).values("pk")
        return self.filter(**{f"{self.scope_field}__in": units})


def get_visible_or_404(queryset, user, **lookup):
    """Fetch one object the user may see; out of scope is a 404, exactly like a missing one."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


class ScopedAdminMixin:
    """Apply `visible_to` to a ModelAdmin's changelist, change pages, exports and choices."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        manager = related._default_manager
        if "queryset" not in kwargs and hasattr(manager.all(), "visible_to"):
            kwargs["queryset"] = manager.all().visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # A convention's associations, a centre's managers: chosen among those in scope.
        queryset = db_field.related_model._default_manager.all()
        if "queryset" not in kwargs and hasattr(queryset, "visible_to"):
            kwargs["queryset"] = queryset.visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
