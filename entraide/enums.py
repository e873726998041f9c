"""Choices shared by several apps: the kernel's, so that no app imports another for them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sex(models.TextChoices):
    # One person's sex (in Arabic, أنثى, not the plural إناث of a table's column).
    FEMALE = "F", pgettext_lazy("a person's sex", "female")
    MALE = "M", pgettext_lazy("a person's sex", "male")


# The people of each sex, as a table or a report counts them ("female": إناث in Arabic).
SEX_GROUPS = {Sex.FEMALE: _("female"), Sex.MALE: _("male")}
