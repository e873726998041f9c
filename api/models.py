"""The JSON API's tokens.

A token is issued to a named system or person (the RSU, an association's software, the
ministry's consolidation) and acts for one account (a system gets an account of its own) within
one unit, the account's or one under it: the API sees exactly what a user of that unit with the
account's role sees in the portal, through the same `visible_to`. Its scopes say which parts of
the API it opens; each scope also needs the permission the portal's pages need.

The key is shown once, when it is issued: the database keeps its first characters in clear (to
find it) and the SHA-256 of the whole key. A key holds 256 random bits, so a fast hash is
enough: nobody can try keys one by one against it.
"""

import copy
import datetime
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.fields import CleanCharField
from entraide.scoping import ScopedQuerySet
from territory.models import OrgUnit

# How a key looks: "en_" + the prefix kept in clear + "_" + the secret.
KEY_FORMAT = re.compile(r"^en_(?P<prefix>[0-9a-f]{10})_(?P<secret>[A-Za-z0-9_-]{43})$")
DEFAULT_DAYS = 90


def default_expiry():
    return timezone.now() + datetime.timedelta(days=DEFAULT_DAYS)


def hash_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


def new_key():
    """(prefix, key) of a new random key."""
    prefix = secrets.token_hex(5)
    return prefix, f"en_{prefix}_{secrets.token_urlsafe(32)}"


class ApiTokenQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)

    def by_key(self, key):
        """The token whose key this is, else None: found by its prefix, the hash compared in
        constant time."""
        match = KEY_FORMAT.match(key or "")
        if match is None:
            return None
        token = self.select_related("user__unit", "unit").filter(prefix=match["prefix"]).first()
        if token is None or not hmac.compare_digest(token.key_hash, hash_key(key)):
            return None
        return token


class Scope(models.TextChoices):
    READ_PEOPLE = "read_people", _("look people up by CIN or RSU identifier")
    READ_REFERRALS = "read_referrals", _("read the referrals received")
    WRITE_REFERRALS = "write_referrals", _("answer the referrals received")
    READ_FIGURES = "read_figures", _("read the figures of units")


class ApiToken(models.Model):
    Scope = Scope

    # What each scope needs of the account, as the portal's pages ask it.
    PERMISSIONS = {
        Scope.READ_PEOPLE: "beneficiaries.view_beneficiary",
        Scope.READ_REFERRALS: "beneficiaries.answer_referral",
        Scope.WRITE_REFERRALS: "beneficiaries.answer_referral",
        Scope.READ_FIGURES: "territory.view_orgunit",
    }

    name = CleanCharField(
        _("issued to"),
        max_length=120,
        help_text=_("The system or the person that uses the token, as the audit trail names it."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("acts for the account"),
        help_text=_("The token reads and writes as this account (a system gets its own)."),
    )
    unit = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("The account's unit or a unit under it: the token sees only what lies there."),
    )
    scopes = ArrayField(
        models.CharField(max_length=20, choices=Scope.choices),
        verbose_name=_("scopes"),
        default=list,
    )
    prefix = models.CharField(_("key prefix"), max_length=10, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), default=default_expiry)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scopes__len__gt=0) & models.Q(scopes__contained_by=Scope.values),
                name="apitoken_known_scopes",
                violation_error_message=_("Choose at least one scope."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    def clean(self):
        errors = {}
        user = self.user if self.user_id else None
        if user is not None:
            if not user.is_active:
                errors["user"] = _("This account is disabled.")
            elif user.unit_id is None:
                errors["user"] = _("This account has no unit.")
            elif self.unit_id is not None:
                if not OrgUnit.objects.under(user.unit).filter(pk=self.unit_id).exists():
                    errors["unit"] = _("Choose the account's unit or a unit under it.")
                elif user.has_national_scope and self.unit_id != user.unit_id:
                    # A national role sees the country wherever its unit sits: a narrower
                    # unit would not narrow what the token sees.
                    errors["unit"] = _(
                        "This account's role sees the whole country: issue the token for the "
                        "account's own unit, or to an account of the narrower unit."
                    )
            lacking = [
                str(self.Scope(scope).label)
                for scope in self.scopes or []
                if scope in self.PERMISSIONS and not user.has_perm(self.PERMISSIONS[scope])
            ]
            if lacking:
                errors["scopes"] = _("The account's role does not allow: %(scopes)s.") % {
                    "scopes": ", ".join(lacking)
                }
        if self.expires_at and self.expires_at <= timezone.now() and self._state.adding:
            errors["expires_at"] = _("The expiry must be in the future.")
        if errors:
            raise ValidationError(errors)

    @property
    def status(self):
        if self.revoked_at is not None:
            return _("revoked")
        if self.expires_at <= timezone.now():
            return _("expired")
        return _("active")

    def refusal(self, now=None):
        """Why the token cannot be used now (an error code of api.errors), or None."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return "token_revoked"
        if self.expires_at <= now:
            return "token_expired"
        user = self.user
        if not user.is_active:
            return "account_disabled"
        if user.unit_id is None or not self.unit.path.startswith(user.unit.path):
            # The account moved to another unit since: the token no longer fits it.
            return "token_invalid"
        return None

    def acting_user(self):
        """The account as the API sees it: the same account with the token's unit, for
        `visible_to` and the services. A copy, never saved."""
        actor = copy.copy(self.user)  # Model.__getstate__ copies its state and caches
        actor.unit = self.unit
        actor.save = actor.delete = _never_saved
        actor.api_token = self
        return actor


def _never_saved(*args, **kwargs):
    raise RuntimeError("The API's acting user is a copy of an account: it is never saved.")
