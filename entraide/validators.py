"""The rules of the portal's common values, written once: the CIN, phone numbers, clean text,
and uploaded documents. Models use them through `entraide.fields`; forms, imports and search
call the same functions.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# The national identity card (CIN/CNIE): one or two letters, then up to seven digits.
CIN_PATTERN = r"^[A-Z]{1,2}[0-9]{1,7}$"
CIN_MAX_LENGTH = 9
cin_validator = RegexValidator(
    CIN_PATTERN, _("A CIN is one or two letters followed by digits, for example AB123456.")
)

# A phone number as stored: 9 to 15 digits, optionally after +. People type it with spaces,
# dots or dashes; `normalise_phone` takes those out before the rule is checked.
PHONE_PATTERN = r"^\+?[0-9]{9,15}$"
PHONE_MAX_LENGTH = 16
phone_validator = RegexValidator(
    PHONE_PATTERN, _("Enter a phone number of 9 to 15 digits, optionally after +.")
)


def normalise_cin(value):
    """A CIN as stored: no spaces, capital letters."""
    return "".join(clean_text(value or "").split()).upper()


# A person's name is kept in both scripts side by side, as civil documents do: each form of it
# in its own script. Between the letters: spaces, hyphens and apostrophes (Aït-Ouahmane, N'Diaye).
NAME_PUNCTUATION = frozenset(" -'\u2010\u2019\u02bc")


@deconstructible
class NameScriptValidator:
    """A name written in one script ("ARABIC" or "LATIN", as Unicode names its letters), with
    its accents and harakat, spaces, hyphens and apostrophes; no digits, no other script."""

    messages = {
        "ARABIC": _("Write this name in Arabic letters."),
        "LATIN": _("Write this name in Latin letters."),
    }

    def __init__(self, script):
        self.script = script

    def __call__(self, value):
        for ch in value or "":
            if ch in NAME_PUNCTUATION or unicodedata.category(ch).startswith("M"):
                continue
            if unicodedata.category(ch).startswith("L") and unicodedata.name(ch, "").startswith(
                self.script
            ):
                continue
            raise ValidationError(self.messages[self.script], code="name_script")

    def __eq__(self, other):
        return isinstance(other, NameScriptValidator) and other.script == self.script


arabic_name = NameScriptValidator("ARABIC")
latin_name = NameScriptValidator("LATIN")

# The name fields of the portal's forms and the script each is written in.
NAME_SCRIPTS = {
    "first_name_ar": arabic_name,
    "last_name_ar": arabic_name,
    "first_name_lat": latin_name,
    "last_name_lat": latin_name,
}


def has_arabic_letters(value):
    """Whether a text is written in Arabic: it holds Arabic letters. A French text holds none,
    while an Arabic one may hold Latin acronyms, figures or a diploma's French name."""
    return any(unicodedata.name(ch, "").startswith("ARABIC LETTER") for ch in value or "")


def language_of_script(value):
    """The portal's language a single text belongs to by its script: "ar" for Arabic letters,
    "fr" otherwise (how texts kept in one language before they were kept in both are sorted)."""
    return "ar" if has_arabic_letters(value) else "fr"


def written_languages(instance, name):
    """The languages in which the translated field `name` (modeltranslation's `name_ar`,
    `name_fr`) of `instance` is written."""
    from django.conf import settings

    return [
        code
        for code, _label in settings.LANGUAGES
        if str(getattr(instance, f"{name}_{code}", None) or "").strip()
    ]


def check_name_scripts(form):
    """Give a form's name fields (those of NAME_SCRIPTS it has) their script's rule."""
    for name, validator in NAME_SCRIPTS.items():
        if name in form.fields:
            form.fields[name].validators.append(validator)


def normalise_phone(value):
    """A phone number as stored: its digits, after a + if it was typed with one."""
    value = clean_text(value or "").strip()
    digits = "".join(ch for ch in value if ch.isascii() and ch.isdigit())
    return f"+{digits}" if value.startswith("+") else digits


# Characters that change how text is shown without being text: bidirectional embeddings,
# overrides and isolates (U+202E shows a name reversed), zero-width characters, the byte-order
# mark, and every control character but the line breaks and tabs of a free text.
_INVISIBLE = {
    *range(0x200B, 0x2010),  # zero-width space, joiners, LRM/RLM
    *range(0x202A, 0x202F),  # LRE, RLE, PDF, LRO, RLO
    *range(0x2060, 0x2070),  # word joiner, invisible operators, LRI/RLI/FSI/PDI, deprecated
    0x061C,  # Arabic letter mark
    0xFEFF,  # byte-order mark, zero-width no-break space
    0x00AD,  # soft hyphen
}
_KEEP_IN_TEXT = {"\n", "\t"}


def _dropped(ch, multiline):
    if ord(ch) in _INVISIBLE:
        return True
    if multiline and ch in _KEEP_IN_TEXT:
        return False
    category = unicodedata.category(ch)
    # Cc: controls (NUL included); Cs: lone surrogates; Co/Cn: private use and unassigned.
    return category in ("Cc", "Cs", "Co", "Cn")


def clean_text(value, *, multiline=False):
    """A name or a free text as stored: Unicode NFC, without bidirectional overrides,
    zero-width or control characters (a free text keeps its line breaks, as \\n)."""
    if not isinstance(value, str) or not value:
        return value
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = unicodedata.normalize("NFC", value)
    if value.isascii() and value.isprintable():
        return value
    return "".join(ch for ch in value if not _dropped(ch, multiline))


# Documents people upload: checked by extension, size and first bytes, so that a renamed
# executable is not stored as a PDF.
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
MAX_UPLOAD_SIZE = 10 * 1024 * 1024
_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def check_upload(upload, *, max_size=MAX_UPLOAD_SIZE):
    """The content type of an acceptable upload (PDF, JPEG or PNG); ValidationError
    otherwise."""
    from pathlib import Path

    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError(_("Attach a PDF, JPEG or PNG file."), code="file_type")
    if upload.size is not None and upload.size > max_size:
        megabytes = max_size // (1024 * 1024)
        raise ValidationError(
            ngettext(
                "The file is larger than %(size)s MB.",
                "The file is larger than %(size)s MB.",
                megabytes,
            ),
            code="file_size",
            params={"size": megabytes},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8)
    upload.seek(position)
    if not head.startswith(_SIGNATURES[suffix]):
        raise ValidationError(_("The file's content does not match its type."), code="content")
    return DOCUMENT_TYPES[suffix]


@deconstructible
class DocumentValidator:
    """For a model's FileField: the same check as `check_upload`, on every path that validates
    the model (forms, the admin, imports). A file already stored is not checked again."""

    def __init__(self, max_mb=MAX_UPLOAD_SIZE // (1024 * 1024)):
        self.max_mb = max_mb

    def __call__(self, value):
        from django.db.models.fields.files import FieldFile

        if not value or (isinstance(value, FieldFile) and value._committed):
            return
        check_upload(value, max_size=self.max_mb * 1024 * 1024)

    def __eq__(self, other):
        return isinstance(other, DocumentValidator) and other.max_mb == self.max_mb


# Files of rows to import: a CSV text file or an XLSX workbook. Checked by name, size and first
# bytes before anything reads them (the admin reads a file whole before it counts its rows).
IMPORT_TYPES = (".csv", ".xlsx")
IMPORT_MAX_SIZE = 64 * 1024 * 1024
_ZIP_SIGNATURE = b"PK\x03\x04"  # an XLSX workbook is a zip archive
# Bytes no text file holds: the control characters but tab and the line breaks. Images,
# archives, executables and UTF-16 text all have some in their first bytes.
_NOT_TEXT = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NOT_TEXT_SIGNATURES = (b"%PDF", b"GIF8")
_SNIFFED = 64 * 1024


def check_import_file(upload, *, max_size=IMPORT_MAX_SIZE):
    """Refuse (ValidationError) a file to import that is not a .csv text file or an .xlsx
    workbook, that is larger than `max_size` bytes, or whose content is not what its name
    says (a PNG renamed .csv). Returns the file's suffix; the file is left at its start."""
    from pathlib import Path

    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in IMPORT_TYPES:
        raise ValidationError(_("Send a .csv or .xlsx file."), code="file_type")
    if upload.size is not None and upload.size > max_size:
        megabytes = max_size // (1024 * 1024)
        raise ValidationError(
            ngettext(
                "The file is larger than %(size)s MB.",
                "The file is larger than %(size)s MB.",
                megabytes,
            ),
            code="file_size",
            params={"size": megabytes},
        )
    upload.seek(0)
    head = upload.read(_SNIFFED)
    upload.seek(0)
    if suffix == ".xlsx":
        matches = head.startswith(_ZIP_SIGNATURE)
    else:
        text = head.translate(None, _NOT_TEXT) == head  # nothing deleted
        matches = text and not head.startswith(_NOT_TEXT_SIGNATURES)
    if not matches:
        raise ValidationError(_("The file's content does not match its type."), code="content")
    return suffix
