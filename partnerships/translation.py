from modeltranslation.translator import TranslationOptions, register

from .models import Association, Convention, FieldOfAction


@register([FieldOfAction, Association])
class NameTranslation(TranslationOptions):
    fields = ["name"]


@register(Convention)
class TitleTranslation(TranslationOptions):
    fields = ["title"]
