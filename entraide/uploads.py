"""Documents people upload (scans of IDs, signed conventions, inspection reports): checked by
extension, size and first bytes, so that a renamed executable is not stored as a PDF."""

from pathlib import Path

from django.utils.deconstruct import deconstructible


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
