from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from .audit import acting_as

if TYPE_CHECKING:
    from .models import User


def user_update_preferences(*, user: User, language: str, actor: User) -> User:
    with transaction.atomic(), acting_as(actor):
        user.language = language
        user.save(update_fields=["language"])
    return user
