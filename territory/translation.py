from modeltranslation.translator import TranslationOptions, register

from .models import OrgUnit, Province, Region


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar", "fr")


@register(Province)
class ProvinceTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar", "fr")


@register(OrgUnit)
class OrgUnitTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar", "fr")
