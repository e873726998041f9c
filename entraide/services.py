from django.db import transaction

from .audit import acting_as


def user_update_preferences(*, user, language, actor):
    with transaction.atomic(), acting_as(actor):
        user.language = language
        user.save(update_fields=["language"])
    return user
