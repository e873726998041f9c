"""The portal's admin site: Django's, with a "view on site" shortcut that answers only for
records in the user's scope.

Django's `/admin/r/<content type>/<id>/` redirects to any record's page, whoever asks: the
redirect itself confirms that the record exists and its address names it (a person's file
number). Here the record is looked up with `visible_to`, and out of scope is a 404.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils.functional import SimpleLazyObject


def scoped_shortcut(request, content_type_id, object_id):
    from django.contrib.contenttypes.models import ContentType

    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except (ContentType.DoesNotExist, ValueError):
        raise Http404 from None
    if model is None or not hasattr(model, "get_absolute_url"):
        raise Http404
    queryset = model._default_manager.all()
    if hasattr(queryset, "visible_to"):
        queryset = queryset.visible_to(request.user)
    elif not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
        # Records that belong nowhere (reference data): for those who may read them.
        raise Http404
    try:
        obj = queryset.filter(pk=object_id).first()
    except (ValueError, TypeError, ValidationError):
        obj = None
    if obj is None:
        raise Http404
    return HttpResponseRedirect(obj.get_absolute_url())


class PortalAdminSite(admin.AdminSite):
    # The sidebar lists every model on every admin page: its permission checks were a third
    # of a change page's time, and the breadcrumbs and the index already lead everywhere.
    enable_nav_sidebar = False

    def each_context(self, request):
        # Every admin page's context lists every app and model the user may see, for the
        # sidebar (off): built only if a template asks for it.
        request._admin_apps_lazily = True
        try:
            return super().each_context(request)
        finally:
            request._admin_apps_lazily = False

    def get_app_list(self, request, app_label=None):
        if getattr(request, "_admin_apps_lazily", False):
            return SimpleLazyObject(lambda: admin.AdminSite.get_app_list(self, request, app_label))
        return super().get_app_list(request, app_label)

    def get_urls(self):
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    "r/<path:content_type_id>/<path:object_id>/",
                    self.admin_view(scoped_shortcut),
                    name="view_on_site",
                )
        return urls


class PortalAdminConfig(AdminConfig):
    default_site = "entraide.admin_site.PortalAdminSite"
