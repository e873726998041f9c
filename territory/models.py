from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from entraide.fields import CleanCharField
from entraide.scoping import ScopedQuerySet


class Region(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    name = CleanCharField(_("name"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Province(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        PREFECTURE = "prefecture", _("prefecture")

    code = models.CharField(_("code"), max_length=8, unique=True)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="provinces", verbose_name=_("region")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = CleanCharField(_("name"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province or prefecture")
        verbose_name_plural = _("provinces and prefectures")

    def __str__(self):
        return self.name


class OrgUnitQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    scope_field = ""

    def under(self, unit):
        """The unit and every unit below it: one prefix match on the indexed materialised
        path. The one place that says what "under a unit" means."""
        return self.filter(path__startswith=unit.path)

    def delegations(self):
        return self.filter(kind=OrgUnit.Kind.DELEGATION)


class OrgUnitManager(MP_NodeManager.from_queryset(OrgUnitQuerySet)):
    def get_queryset(self):
        return OrgUnitQuerySet(self.model, using=self._db).order_by("path")


class OrgUnit(MP_Node):
    """One node of EN's organisation: the direction, central units, coordinations, delegations.

    The materialised `path` (django-treebeard) makes "everything under this unit" one indexed
    prefix query, which is what scoping asks for on every page.
    """

    class Kind(models.TextChoices):
        DIRECTION = "direction", _("direction")
        SUB_DIRECTORATE = "sub_directorate", _("sub-directorate")
        DIVISION = "division", _("division")
        SERVICE = "service", pgettext_lazy("organisational unit", "service")
        INSPECTORATE = "inspectorate", _("inspectorate")
        INSPECTION_TEAM = "inspection_team", _("inspection team")
        COORDINATION = "coordination", _("regional coordination")
        DELEGATION = "delegation", _("provincial delegation")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = CleanCharField(_("name"), max_length=200)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinations",
        verbose_name=_("region covered"),
    )
    provinces = models.ManyToManyField(
        Province, blank=True, related_name="delegations", verbose_name=_("provinces covered")
    )
    is_active = models.BooleanField(_("active"), default=True)

    node_order_by = ["code"]
    objects = OrgUnitManager()

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        indexes = [
            models.Index(
                fields=["path"], name="orgunit_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="coordination") | models.Q(region__isnull=False),
                name="orgunit_coordination_has_region",
                violation_error_message=_("A regional coordination must cover a region."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("territory:unit", args=[self.code])
