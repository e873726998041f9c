from modeltranslation.translator import TranslationOptions, register

from .models import Competition, Grade, Specialty


@register([Grade, Specialty])
class NameTranslation(TranslationOptions):
    fields = ["name"]


@register(Competition)
class NoticeTranslation(TranslationOptions):
    fields = ["title", "notice", "exam_place"]
