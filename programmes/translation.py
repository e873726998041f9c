from modeltranslation.translator import TranslationOptions, register

from .models import Item, Programme


@register(Item)
class ItemTranslation(TranslationOptions):
    fields = ["name"]


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ["name", "description"]
