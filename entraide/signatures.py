"""Signatures: who wrote a record (a note's author, who recorded a consent, uploaded a
document, created a file or validated a month). They are set from the acting user on every
path that writes (services, the admin's save_model, imports), never typed by anyone: a
signature one can choose signs nothing.
"""

# The names the portal gives signature fields; a test walks every admin and Resource with them.
SIGNATURE_FIELDS = (
    "author",
    "recorded_by",
    "uploaded_by",
    "created_by",
    "submitted_by",
    "validated_by",
)


class SignedAdminMixin:
    """For a ModelAdmin: `signature_field` is shown, never edited, and is the signed-in user
    on adding."""

    signature_field = "created_by"

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if self.signature_field in readonly else [*readonly, self.signature_field]

    def save_model(self, request, obj, form, change):
        if not change:
            setattr(obj, self.signature_field, request.user)
        super().save_model(request, obj, form, change)
