"""The review queue of likely duplicates (duplicates.py): the pairs whose files the user's
delegation holds, best evidence first, and each pair side by side, to merge or to mark "not
the same person".

A pair across two delegations appears to both, each seeing its own file and, of the other,
only that it exists: what each may see is `visible_to`'s business, and the other file is
never loaded (a file loaded is a file read, entraide.reads). Its owner is asked for it by the
request of a file found elsewhere (transfer_views); once both files are in one delegation,
its delegate merges them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from entraide.jobs import check
from entraide.scoping import get_visible_or_404

from . import duplicates
from .models import Beneficiary, CaseFile, DuplicatePair, DuplicateScan
from .perms import can_oversee
from .transfer_views import offer_elsewhere
from .views import Page


def _may_review(user):
    # The delegates who decide, and the roles above who oversee them: a pair across two
    # delegations tells that a file like one's own lies elsewhere, which a worker's search
    # does not (they ask for a file they found by its CIN or its holder's full identity).
    if not (user.has_perm("beneficiaries.view_beneficiary") and can_oversee(user)):
        raise PermissionDenied


def _shown(user, pairs):
    """The files of `pairs` the user may see, loaded (and so recorded as read); the others
    stay ids."""
    ids = {pk for pair in pairs for pk in (pair.first_id, pair.second_id)}
    people = (
        Beneficiary.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related("delegation", "province")
    )
    return {person.pk: person for person in people}


@login_required
def duplicate_list(request):
    user = request.user
    _may_review(user)
    pairs = DuplicatePair.objects.visible_to(user).open().order_by("-score", "-found_at", "pk")
    page = Page(pairs, request.GET.get("page"))
    people = _shown(user, page)
    rows = [(pair, people.get(pair.first_id), people.get(pair.second_id)) for pair in page]
    # The last national scan: when it ran and how far it is (no one's data).
    scan = DuplicateScan.objects.order_by("-created_at", "-pk").first()
    context = {
        "page": page,
        "rows": rows,
        "scan": check(scan) if scan else None,
        "national": user.has_national_scope,
    }
    return render(request, "beneficiaries/duplicates.html", context)


@login_required
def duplicate_detail(request, pk):
    user = request.user
    _may_review(user)
    pair = get_visible_or_404(DuplicatePair.objects.select_related("decided_by"), user, pk=pk)
    people = _shown(user, [pair])
    first, second = people.get(pair.first_id), people.get(pair.second_id)
    both = first is not None and second is not None
    may_merge = user.has_perm("beneficiaries.merge_beneficiary")
    if request.method == "POST":
        if not may_merge:
            raise PermissionDenied
        if pair.status != DuplicatePair.Status.OPEN:
            # A second click, or another delegate faster.
            messages.info(request, _("This pair has already been decided."))
            return redirect("beneficiaries:duplicates")
        return _decide(request, pair, first, second)
    # A decision is taken on two files one can see: across two delegations, after a transfer.
    may_decide = may_merge and both and pair.status == DuplicatePair.Status.OPEN
    for person in (first, second):
        if person is not None:
            person.open_cases = (
                CaseFile.objects.filter(beneficiary=person)
                .exclude(status=CaseFile.Status.CLOSED)
                .count()
            )
    elsewhere = None
    if (
        may_merge
        and not both
        and pair.status == DuplicatePair.Status.OPEN
        and user.has_perm("beneficiaries.add_beneficiary")
        and user.unit is not None
    ):
        other_pk = pair.second_id if first is not None else pair.first_id
        mine = first or second
        elsewhere = offer_elsewhere(
            request, other_pk, _("Likely duplicate of %(number)s") % {"number": mine.file_number}
        )
    context = {
        "pair": pair,
        "sides": [first, second],
        "both": both,
        "may_merge": may_decide and first.delegation_id == second.delegation_id,
        "may_decide": may_decide,
        "elsewhere": elsewhere,
    }
    return render(request, "beneficiaries/duplicate.html", context)


def _decide(request, pair, first, second):
    user = request.user
    answer = request.POST.get("answer", "")
    try:
        if answer == "distinct":
            duplicates.pair_distinct(pair=pair, actor=user)
            messages.success(
                request, _("Marked as two different people: this pair will not be proposed again.")
            )
            return redirect("beneficiaries:duplicates")
        keep = {"keep-first": first, "keep-second": second}.get(answer)
        if keep is None:
            raise ValidationError(_("Choose an answer."))
        if not request.POST.get("confirm"):
            raise ValidationError(_("Confirm that the two files are the same person."))
        kept = duplicates.pair_merge(pair=pair, keep=keep, actor=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(pair)
    merged = second if keep == first else first
    messages.success(
        request,
        _("File %(duplicate)s has been merged into this one.") % {"duplicate": merged.file_number},
    )
    return redirect(kept)
