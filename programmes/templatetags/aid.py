"""The aid a person asked for, on their file: beneficiaries' page loads this tag by name and
knows nothing of the programmes app (its code imports none of it)."""

from django import template

from programmes.models import AidRequest

register = template.Library()


@register.inclusion_tag("programmes/person_aid.html", takes_context=True)
def person_aid(context, person):
    """The person's requests the user may see, newest first, with the programme and what was
    handed over: two queries (the requests, their entitlements)."""
    user = context["request"].user
    rows = []
    if user.has_perm("programmes.view_aidrequest"):
        rows = list(
            AidRequest.objects.visible_to(user)
            .filter(person=person)
            .select_related("programme", "person")
            .prefetch_related("entitlements__item")
            .order_by("-requested_on", "-pk")
        )
    return {"rows": rows, "person": person, "perms": context.get("perms")}
