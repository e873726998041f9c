from modeltranslation.translator import TranslationOptions, register

from .models import Competition, Grade, PostLine, Specialty


@register([Grade, Specialty])
class NameTranslation(TranslationOptions):
    fields = ["name"]


@register(Competition)
class NoticeTranslation(TranslationOptions):
    fields = ["title", "notice", "exam_place"]


# The diplomas required, as the notice states them in each language (with the notice itself,
# its conditions): a notice is published only with both (services.competition_change_status).
@register(PostLine)
class DiplomasTranslation(TranslationOptions):
    fields = ["diplomas"]
