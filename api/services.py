"""Issuing and revoking API tokens: the only writes of the app, each in the audit trail."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from entraide.audit import acting_as
from entraide.models import User

from .models import ApiToken, hash_key, new_key


def token_issue(*, token: ApiToken, actor: User) -> str:
    """Save the new `token` (its name, account, unit, scopes and expiry set, checked by
    `full_clean`) with a new key; return the key, which is kept nowhere: shown once, it
    cannot be shown again."""
    token.created_by = actor
    for _attempt in range(5):
        prefix, key = new_key()
        token.prefix, token.key_hash = prefix, hash_key(key)
        try:
            with transaction.atomic(), acting_as(actor, api_token=token.name):
                token.save()
        except IntegrityError:
            # Two keys with the same prefix (one chance in a million per token): another.
            if ApiToken.objects.filter(prefix=prefix).exists():
                continue
            raise
        return key
    raise RuntimeError("No free key prefix after five draws.")


def token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke `token`: every call with its key is refused from now on (401)."""
    with transaction.atomic(), acting_as(actor, api_token=token.name):
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated:
            token.refresh_from_db(fields=["revoked_at"])
    return token
