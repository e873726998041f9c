"""The words of the people's names, as the search's lexicon (models.NameWord): the table, the
triggers that keep it current on every write (imports included), and the words of the files
already there."""

import django.contrib.postgres.indexes
from django.db import migrations, models

# An insert (one person, or an import's one INSERT ... SELECT of a batch) adds its words once,
# for the whole statement; an update only when it changes a name (the row's folded names).
TRIGGERS = """
CREATE FUNCTION beneficiaries_name_words_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO beneficiaries_nameword (word)
    SELECT DISTINCT w FROM added, unnest(string_to_array(added.search_name, ' ')) AS w
    WHERE w <> '' AND NOT EXISTS (SELECT 1 FROM beneficiaries_nameword n WHERE n.word = w);
    RETURN NULL;
END $$;

CREATE FUNCTION beneficiaries_name_words_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO beneficiaries_nameword (word)
    SELECT DISTINCT w FROM unnest(string_to_array(NEW.search_name, ' ')) AS w
    WHERE w <> '' AND NOT EXISTS (SELECT 1 FROM beneficiaries_nameword n WHERE n.word = w);
    RETURN NULL;
END $$;

CREATE TRIGGER beneficiary_name_words_inserted AFTER INSERT ON beneficiaries_beneficiary
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION beneficiaries_name_words_inserted();

CREATE TRIGGER beneficiary_name_words_renamed AFTER UPDATE ON beneficiaries_beneficiary
    FOR EACH ROW WHEN (OLD.search_name IS DISTINCT FROM NEW.search_name)
    EXECUTE FUNCTION beneficiaries_name_words_renamed();

INSERT INTO beneficiaries_nameword (word)
SELECT DISTINCT w FROM beneficiaries_beneficiary, unnest(string_to_array(search_name, ' ')) AS w
WHERE w <> '';
"""

UNDO = """
DROP TRIGGER beneficiary_name_words_renamed ON beneficiaries_beneficiary;
DROP TRIGGER beneficiary_name_words_inserted ON beneficiaries_beneficiary;
DROP FUNCTION beneficiaries_name_words_renamed();
DROP FUNCTION beneficiaries_name_words_inserted();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0024_numbers_in_capitals"),
    ]

    operations = [
        migrations.CreateModel(
            name="NameWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.TextField(verbose_name="word")),
            ],
            options={
                "verbose_name": "name word",
                "verbose_name_plural": "name words",
                "indexes": [
                    models.Index(fields=["word"], name="name_word_idx"),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["word"], name="name_word_trgm", opclasses=["gin_trgm_ops"]
                    ),
                ],
            },
        ),
        migrations.RunSQL(TRIGGERS, reverse_sql=UNDO),
    ]
