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


class HeldUploads:
    """Documents accepted while the rest of their form was refused, kept so that the person
    sending the form again does not attach them again (and cannot lose them).

    Each is stored in the private media tree under `held/`; the form carries a signed token
    naming them, `scope` (what the form is for) in its salt: a token is good only for the form
    it came from, for a day, and names only files this mechanism stored. What is never sent
    again is deleted by `purge` (run daily with the other purges)."""

    FOLDER = "held"
    MAX_AGE = 24 * 3600

    def __init__(self, token, *, scope):
        self.salt = f"entraide.uploads.held:{scope}"
        self.files = self._read(token)

    def _read(self, token):
        from django.core import signing

        if not token:
            return {}
        try:
            files = signing.loads(token, salt=self.salt, max_age=self.MAX_AGE)
        except signing.BadSignature:
            return {}
        if not isinstance(files, dict):
            return {}
        return {
            field: held
            for field, held in files.items()
            if isinstance(held, dict)
            and str(held.get("path", "")).startswith(f"{self.FOLDER}/")
            and ".." not in held["path"]
            and held.get("name")
        }

    @property
    def storage(self):
        from django.core.files.storage import default_storage

        return default_storage

    def hold(self, field, upload):
        """Keep an accepted upload for `field`, in place of the one held before."""
        self.release(field)
        upload.seek(0)
        path = self.storage.save(PrivatePath(self.FOLDER)(None, upload.name), upload)
        self.files[field] = {"path": path, "name": upload.name}

    def get(self, field):
        """The file held for `field`, named as it was uploaded; None if none (or it is gone)."""
        held = self.files.get(field)
        if held is None:
            return None
        if not self.storage.exists(held["path"]):
            del self.files[field]
            return None
        from django.core.files.uploadedfile import SimpleUploadedFile

        # Read whole (a few MB at most, as the form allows): nothing is left open.
        with self.storage.open(held["path"], "rb") as stored:
            return SimpleUploadedFile(held["name"], stored.read())

    def names(self):
        return {field: held["name"] for field, held in self.files.items()}

    def token(self):
        from django.core import signing

        return signing.dumps(self.files, salt=self.salt) if self.files else ""

    def release(self, *fields):
        """Forget and delete the files held for `fields` (all of them by default)."""
        for field in fields or list(self.files):
            held = self.files.pop(field, None)
            if held is not None:
                self.storage.delete(held["path"])

    @classmethod
    def purge(cls, *, before):
        """Delete the held files stored before `before` (an aware datetime); how many."""
        from django.core.files.storage import default_storage

        count = 0
        folders = [cls.FOLDER]
        while folders:
            folder = folders.pop()
            if not default_storage.exists(folder):
                continue
            subfolders, files = default_storage.listdir(folder)
            folders += [f"{folder}/{name}" for name in subfolders]
            for name in files:
                path = f"{folder}/{name}"
                if default_storage.get_modified_time(path) < before:
                    default_storage.delete(path)
                    count += 1
        return count
