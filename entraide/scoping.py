"""Who sees what, in one place.

Every record that belongs somewhere has an owning unit. A user sees the records owned by
their unit's subtree; national roles see the whole country. `ScopedQuerySet.visible_to` is
the only place that rule is written: views fetch through `get_visible_or_404`, the admin
through `ScopedAdminMixin`, and exports, reports and tasks start from `visible_to`.
"""

from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404

from .protection import hidden_fields, lookup_reveals_hidden


class ScopedQuerySet(models.QuerySet):
    # The lookup path from this model to its owning territory.OrgUnit; "" for OrgUnit itself.
    scope_field = "unit"
    # A record that concerns two units (a request between two delegations, two files that
    # may be one person): the lookup paths to each; either side's scope sees it.
    scope_fields = ()

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.has_national_scope:
            return self.all()
        unit = user.unit
        if unit is None:
            return self.none()
        if self.scope_fields:
            units = units_under(unit)
            either = models.Q()
            for field in self.scope_fields:
                either |= models.Q(**{f"{field}__in": units})
            return self.filter(either)
        if not self.scope_field:
            return self.under(unit)  # the units themselves (territory.OrgUnitQuerySet)
        return self.filter(**{f"{self.scope_field}__in": units_under(unit)})


def units_under(unit):
    """The ids of the units under `unit` (itself included), for a filter on a table's own
    (indexed) unit column instead of a join with the tree on every row. A unit with nothing
    under it (a delegation: most users) is its own id, a constant the planner weighs with
    the column's statistics (a delegation of 50,000 files is not one of 7,000); above, a
    subquery. The unit is a territory.OrgUnit: its own manager says what lies under it."""
    if getattr(unit, "numchild", None) == 0:
        return [unit.pk]
    return type(unit)._default_manager.under(unit).values("pk")


def get_visible_or_404(queryset, user, **lookup):
    """Fetch one object the user may see; out of scope is a 404, exactly like a missing one."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """The admin's raw-id widget names the record whose id is typed (or given in the URL, as in
    `?beneficiary=N`): only if it lies in the user's scope. Django's looks it up in the whole
    table, which would print any person's name in the country."""

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            in_scope = self.queryset.filter(**{key: value}).exists()
        except (ValueError, TypeError, ValidationError):
            in_scope = False
        return super().label_and_url_for_value(value) if in_scope else ("", "")


class ScopedAdminMixin:
    """Every ModelAdmin of the portal: `visible_to` on its changelist, change pages, exports,
    choices and raw-id labels; protected fields (entraide.protection) out of its forms, lists,
    filters, searches and orderings for those who may not read them."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        manager = related._default_manager
        if "queryset" not in kwargs and hasattr(manager.all(), "visible_to"):
            kwargs["queryset"] = manager.all().visible_to(request.user)
        if db_field.name in self.raw_id_fields and "widget" not in kwargs:
            kwargs["widget"] = ScopedRawIdWidget(
                db_field.remote_field,
                self.admin_site,
                using=kwargs.get("using"),
                queryset=kwargs.get("queryset", manager.all()),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # A convention's associations, a centre's managers: chosen among those in scope.
        queryset = db_field.related_model._default_manager.all()
        if "queryset" not in kwargs and hasattr(queryset, "visible_to"):
            kwargs["queryset"] = queryset.visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django's admin redirects to its index ("… doesn't exist"): out of scope is a 404
        # here as everywhere, exactly like a missing record.
        raise Http404

    # Protected fields -----------------------------------------------------------------------

    def _hidden(self, request, obj=None):
        return set(hidden_fields(request.user, self.model, obj))

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        return exclude + sorted(self._hidden(request, obj) - set(exclude)) or None

    def get_fieldsets(self, request, obj=None):
        hidden = self._hidden(request, obj)
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [f for f in options.get("fields", ()) if f not in hidden]
            fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        hidden = self._hidden(request, obj)
        return [f for f in super().get_readonly_fields(request, obj) if f not in hidden]

    def get_list_display(self, request):
        return [
            f
            for f in super().get_list_display(request)
            if not (isinstance(f, str) and lookup_reveals_hidden(request.user, self.model, f))
        ]

    def get_list_filter(self, request):
        allowed = []
        for entry in super().get_list_filter(request):
            name = entry[0] if isinstance(entry, list | tuple) else entry
            if isinstance(name, str) and lookup_reveals_hidden(request.user, self.model, name):
                continue
            allowed.append(entry)
        return allowed

    def get_search_fields(self, request):
        # "=cin", "^name", "protection_details": a search on a field one may not read tells
        # its value by which records it finds.
        return [
            f
            for f in super().get_search_fields(request)
            if not lookup_reveals_hidden(request.user, self.model, f.lstrip("=^@"))
        ]

    def get_ordering(self, request):
        return [
            f
            for f in super().get_ordering(request) or ()
            if not (isinstance(f, str) and lookup_reveals_hidden(request.user, self.model, f))
        ]

    def get_sortable_by(self, request):
        return [
            f
            for f in super().get_sortable_by(request)
            if not (isinstance(f, str) and lookup_reveals_hidden(request.user, self.model, f))
        ]

    def lookup_allowed(self, lookup, value, request=None):
        # `?protection_details__icontains=a`, `?bank_account__startswith=0`: a filter on a
        # hidden field rebuilds its value prefix by prefix. Refused (the admin answers 400).
        if request is not None and lookup_reveals_hidden(request.user, self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)
