"""Documents people upload (scans of IDs, signed conventions, inspection reports): checked by
extension, size and first bytes, so that a renamed executable is not stored as a PDF."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
MAX_SIZE = 10 * 1024 * 1024
_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def check_upload(upload, *, max_size=MAX_SIZE):
    """The content type of an acceptable PDF, JPEG or PNG upload; ValidationError otherwise."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError(_("Attach a PDF, JPEG or PNG file."))
    if upload.size > max_size:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": max_size // (1024 * 1024)}
        )
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(_SIGNATURES[suffix]):
        raise ValidationError(_("The file's content does not match its type."))
    return DOCUMENT_TYPES[suffix]


@deconstructible
class PrivatePath:
    """`upload_to` for documents: a random name under `folder/YYYY/MM/` in the private media
    tree, so that nothing in a path tells whose document it is or what it holds."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        import uuid

        from django.utils import timezone

        suffix = Path(filename).suffix.lower()
        return f"{self.folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other):
        return isinstance(other, PrivatePath) and other.folder == self.folder
