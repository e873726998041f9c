from modeltranslation.translator import TranslationOptions, register

from .models import Association, Commitment, Convention, FieldOfAction


@register([FieldOfAction, Association])
class NameTranslation(TranslationOptions):
    fields = ["name"]


# A convention's title, its object and its commitments are signed in both languages.
@register(Convention)
class ConventionTranslation(TranslationOptions):
    fields = ["title", "object"]


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ["description"]
