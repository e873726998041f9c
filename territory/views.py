from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.shortcuts import render

from entraide.audit import record_access
from entraide.exports import csv_response, xlsx_response
from entraide.models import AccessEvent
from entraide.scoping import get_visible_or_404

from .models import OrgUnit


@permission_required("territory.view_orgunit", raise_exception=True)
def unit_tree(request):
    units = list(
        OrgUnit.objects.visible_to(request.user).only(
            "code", "name_ar", "name_fr", "kind", "depth", "path"
        )
    )
    # The user's own subtree may start below the root: indent relative to its top.
    top = min((u.depth for u in units), default=1)
    for unit in units:
        unit.level = unit.depth - top
    return render(request, "territory/tree.html", {"units": units})


@permission_required("territory.view_orgunit", raise_exception=True)
def unit_detail(request, code):
    unit = get_visible_or_404(OrgUnit, request.user, code=code)
    children = (
        OrgUnit.objects.get_children(unit)
        .visible_to(request.user)
        .annotate(staff_count=Count("staff"))
    )
    ancestors = OrgUnit.objects.get_ancestors(unit).visible_to(request.user)
    context = {
        "unit": unit,
        "children": children,
        "ancestors": ancestors,
        "provinces": unit.provinces.select_related("region"),
        "staff_count": unit.staff.count(),
    }
    return render(request, "territory/unit.html", context)


@permission_required("territory.view_orgunit", raise_exception=True)
def units_export(request, fmt):
    units = (
        OrgUnit.objects.visible_to(request.user)
        .select_related("region")
        .prefetch_related("provinces")
    )
    record_access(
        action=AccessEvent.Action.EXPORT,
        request=request,
        detail={"what": "territory.OrgUnit", "format": fmt},
    )
    rows = (
        (
            u.code,
            u.get_kind_display(),
            u.name_ar,
            u.name_fr,
            u.region.code if u.region else "",
            " ".join(p.code for p in u.provinces.all()),
        )
        for u in units
    )
    header = ["code", "kind", "name_ar", "name_fr", "region", "provinces"]
    if fmt == "xlsx":
        return xlsx_response("units.xlsx", header, rows, title="units")
    return csv_response("units.csv", header, rows)
