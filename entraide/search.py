"""Text folding for search, the same in Python and in PostgreSQL.

People type names the way they write them: with or without Arabic diacritics and tatweel,
any alef form, ى for ي and ه for ة, Latin names with or without accents and capitals. Both
the stored text and the query are folded the same way, so equality and `LIKE` work on the
folded forms and an index on the stored form serves the query.

The database side uses only `lower()` and `translate()`, which PostgreSQL marks immutable, so
the folded form can be a stored generated column (and indexed).
"""

from django.db import models
from django.db.models.functions import Lower

# Letters folded to one form: each character of FOLD_FROM becomes the one at the same place
# in FOLD_TO.
_FOLD_PAIRS = (
    ("أإآٱ", "اااا"),  # alef with hamza or madda, alef wasla -> bare alef
    ("ى", "ي"),  # alef maqsura -> yaa
    ("ة", "ه"),  # taa marbuta -> haa
    ("ؤئ", "وي"),  # hamza on waw and yaa -> the bare letter
    ("ÀÁÂÃÄÅàáâãäå", "aaaaaaaaaaaa"),
    ("Çç", "cc"),
    ("ÈÉÊËèéêë", "eeeeeeee"),
    ("ÌÍÎÏìíîï", "iiiiiiii"),
    ("Ññ", "nn"),
    ("ÒÓÔÕÖòóôõö", "oooooooooo"),
    ("ÙÚÛÜùúûü", "uuuuuuuu"),
    ("ÝŸýÿ", "yyyy"),
)
FOLD_FROM = "".join(source for source, _target in _FOLD_PAIRS)
FOLD_TO = "".join(target for _source, target in _FOLD_PAIRS)
# Dropped: Arabic harakat, tanwin, shadda, sukun, superscript alef, and the tatweel.
DROP = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"

_TABLE = str.maketrans(FOLD_FROM, FOLD_TO, DROP)


def fold(text):
    """The search form of a text, as `Folded` computes it in the database."""
    if not text:
        return ""
    return " ".join(text.lower().translate(_TABLE).split())


class Folded(models.Func):
    """`fold()` in SQL: translate(lower(expression), FOLD_FROM || DROP, FOLD_TO)."""

    function = "translate"
    output_field = models.TextField()

    def __init__(self, expression, **extra):
        super().__init__(
            Lower(expression),
            models.Value(FOLD_FROM + DROP),
            models.Value(FOLD_TO),
            **extra,
        )


def folded_column(*fields):
    """A stored generated column holding the folded text of `fields`, separated by spaces:
    PostgreSQL keeps it current on every write, imports and bulk updates included."""
    from django.db.models.functions import Concat

    parts = []
    for name in fields:
        if parts:
            parts.append(models.Value(" "))
        parts.append(name)
    return models.GeneratedField(
        expression=Folded(Concat(*parts, output_field=models.TextField())),
        output_field=models.TextField(),
        db_persist=True,
    )


class NameKey(models.Func):
    """The phonetic key of a name in either script: entraide_name_key(), a PostgreSQL
    function (entraide/migrations/0014_name_key_variants.py), its words' keys separated by
    spaces."""

    function = "entraide_name_key"
    output_field = models.TextField()


def name_key_column(*groups):
    """A stored generated column holding the phonetic key of each group of fields (a name in
    one script: its first and last names), kept current by PostgreSQL. Within a group the
    words' keys run together ("Fatima Zahra" and "Fatimazahra" meet); the groups are joined
    by KEY_SEPARATOR, which no key holds: a key searched for never spans two scripts, and the
    duplicate scan reads each script's key on its own (`string_to_array`)."""
    from django.db.models.functions import Concat, Replace

    keys = []
    for fields in groups:
        parts = []
        for name in fields:
            if parts:
                parts.append(models.Value(" "))
            parts.append(name)
        words = Concat(*parts, output_field=models.TextField()) if len(parts) > 1 else parts[0]
        keys.append(Replace(NameKey(words), models.Value(" "), output_field=models.TextField()))
    joined = [keys[0]]
    for key in keys[1:]:
        joined += [models.Value(KEY_SEPARATOR), key]
    expression = Concat(*joined, output_field=models.TextField()) if len(keys) > 1 else keys[0]
    return models.GeneratedField(
        expression=expression, output_field=models.TextField(), db_persist=True
    )


# Between the keys of a name's forms in a stored key column (name_key_column).
KEY_SEPARATOR = "|"


class Words(models.Func):
    """The words of a folded column (folded_column): `string_to_array(column, ' ')`. With a GIN
    index on the same expression, "every one of these words, whole" is one index lookup,
    however many names hold them as a part (kadir in Kadiri)."""

    function = "string_to_array"

    def __init__(self, expression, **extra):
        from django.contrib.postgres.fields import ArrayField

        super().__init__(
            expression,
            models.Value(" "),
            output_field=ArrayField(models.TextField()),
            **extra,
        )


class Forms(models.Func):
    """The keys of a name key column (name_key_column), one per form of the name:
    `string_to_array(column, KEY_SEPARATOR)`. With a GIN index on the same expression, "a form
    of the name has exactly this key" is one index lookup."""

    function = "string_to_array"

    def __init__(self, expression, **extra):
        from django.contrib.postgres.fields import ArrayField

        super().__init__(
            expression,
            models.Value(KEY_SEPARATOR),
            output_field=ArrayField(models.TextField()),
            **extra,
        )
