"""What awaits a social worker among appointments (entraide.awaiting): their missed
appointments not booked again, counted as the list they open (Appointment.objects.to_rebook)."""

from django.urls import reverse
from django.utils.translation import ngettext

from entraide.awaiting import Item, Urgency, register
from entraide.roles import Role

from .models import Appointment


@register
def awaiting(user):
    # A social worker's own list; those who oversee open the list from the agenda (one query
    # less on their home page, which counts its queries).
    if user.role != Role.SOCIAL_WORKER or not user.has_perm("appointments.view_appointment"):
        return []
    count = Appointment.objects.visible_to(user).to_rebook().of_worker(user).count()
    return [
        Item(
            key="appointments.to_rebook",
            label=ngettext(
                "missed appointment to book again", "missed appointments to book again", count
            ),
            count=count,
            url=reverse("appointments:to_rebook"),
            urgency=Urgency.DUE,
        )
    ]
