from modeltranslation.translator import TranslationOptions, register

from .models import Centre, CentreType, Service, TargetGroup


@register([TargetGroup, Service, CentreType, Centre])
class NameTranslation(TranslationOptions):
    fields = ["name"]
