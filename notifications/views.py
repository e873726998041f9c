"""A person's own notifications: their inbox and their choices. Nobody sees another's, whatever
their role: someone else's notification is a 404, as a missing one."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, get_language_from_path, ngettext, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from entraide.pagination import EstimatedCountPaginator

from .forms import PreferencesForm
from .models import Notification, Preference
from .services import notifications_mark_read, preferences_set

PAGE_SIZE = 25


@require_GET
def inbox(request):
    notifications = Notification.objects.for_user(request.user)
    page = EstimatedCountPaginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "query": ""})


@require_POST
def mark_all_read(request):
    count = notifications_mark_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s notification marked read.",
                "%(count)s notifications marked read.",
                count,
            )
            % {"count": count},
        )
    return redirect("notifications:inbox")


@require_GET
def open_notification(request, pk):
    """Mark the notification read and go where it leads (in the page's language)."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    notifications_mark_read(user=request.user, pks=[notification.pk])
    return redirect(_destination(request, notification.url))


def _destination(request, url):
    # Only a page of the portal itself: a notification never sends anyone elsewhere.
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        # Resolved in the language it was written in, reversed in the page's.
        language = get_language()
        with override(get_language_from_path(url)):
            return translate_url(url, language)
    return reverse("notifications:inbox")


def preferences(request):
    chosen = dict(Preference.objects.filter(user=request.user).values_list("kind", "channel"))
    form = PreferencesForm(request.POST or None, initial=chosen)
    if request.method == "POST" and form.is_valid():
        preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your notification choices are saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=422 if form.is_bound else 200,
    )
