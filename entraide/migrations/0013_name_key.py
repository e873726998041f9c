"""The phonetic key of names, from either script (entraide.search.NameKey): one definition,
in PostgreSQL, so that a stored generated column keeps it current on every write and a query
computes its own key the same way.

Moroccan, French-style conventions: each letter to a consonant class (ch/sh = ش, kh = خ,
gh/rh = غ, j/dj/g before e or i = ج, q/k/c = ق or ك, ...), vowels, w, y, alef, waw, yaa, ain,
hamza and taa marbuta carry none; the article (El, Al, Ed-, Es-, ال) is dropped; Ben, Bin,
Ibn and Abd are glued to the next word; doubled letters count once; hyphens, apostrophes and
spaces separate words. "Mohammed", "Mohamad" and "محمد" all give "mhmd"."""

from django.db import migrations

NAME_KEY = r"""
CREATE OR REPLACE FUNCTION entraide_name_key(value text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
    w text;
    k text;
    rest text;
    glue text := '';
    keys text[] := '{}';
BEGIN
    value := lower(value);
    -- Arabic harakat, shadda, sukun, superscript alef and tatweel; Latin accents.
    value := translate(value, E'\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640', '');
    value := translate(value, 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿ', 'aaaaaaceeeeiiiinooooouuuuyy');
    -- Hyphens, apostrophes and anything else between words are spaces.
    value := regexp_replace(value, E'[^a-z\u0621-\u064a\u067e\u06a4\u06a9\u06ad\u06af ]+', ' ', 'g');
    FOREACH w IN ARRAY regexp_split_to_array(btrim(value), ' +') LOOP
        CONTINUE WHEN w = '';
        -- The article on its own: El Idrissi, Ed-Dahbi, Es-Saadi.
        CONTINUE WHEN w IN ('el', 'al', 'ell', 'ed', 'es', 'et', 'en', 'ez', 'er', 'ad', 'as',
                            'az', 'ar', 'at', 'an', 'ال');
        -- Ben, Bin, Ibn, Abd are glued to the next word: Ben Ali = Benali, Abd El Aziz = Abdelaziz.
        IF w IN ('ben', 'bin', 'ibn', 'bnou', 'بن', 'ابن') THEN
            glue := glue || 'bn';
            CONTINUE;
        END IF;
        IF w IN ('abd', 'abdel', 'abdal', 'abdoul', 'abdul', 'abdou', 'abde', 'عبد') THEN
            glue := glue || 'bd';
            CONTINUE;
        END IF;
        IF w ~ E'^[\u0621-\u06ff]' THEN
            -- Arabic: the article, then each letter to its Latin consonant class; alef, waw,
            -- yaa, ain, hamza and taa marbuta carry no consonant of the key.
            IF w LIKE 'عبد%' AND length(w) > 4 THEN
                glue := glue || 'bd';
                w := substr(w, 4);
            END IF;
            IF w LIKE 'ال%' AND length(w) > 3 THEN
                w := substr(w, 3);
            END IF;
            k := translate(w, 'بپتثجحخدذرزسشصضطظغڭگفڤقكکلمنهعةوىيءأإآؤئا',
                              'bbttjhxddrzscsdtzgggffkkklmnh');
        ELSE
            -- Latin, French-style: digraphs first, then vowels (and w, y) out.
            IF w ~ '^abd(el|al|oul|ul|ou|e|a)' AND length(w) > 6 THEN
                glue := glue || 'bd';
                w := regexp_replace(w, '^abd(el|al|oul|ul|ou|e|a)', '');
            END IF;
            k := w;
            -- (Capitals hold a digraph's class while the single letters are read.)
            k := regexp_replace(k, 'x', 'ks', 'g');
            k := regexp_replace(k, 'kh', 'X', 'g');
            k := regexp_replace(k, '(ch|sh)', 'C', 'g');
            k := regexp_replace(k, '(gh|rh)', 'G', 'g');
            k := regexp_replace(k, 'th', 't', 'g');
            k := regexp_replace(k, 'dh', 'd', 'g');
            k := regexp_replace(k, 'dj', 'j', 'g');
            k := regexp_replace(k, 'ph', 'f', 'g');
            k := regexp_replace(k, '(ck|qu|q)', 'k', 'g');
            k := regexp_replace(k, 'gu([ei])', 'G\1', 'g');
            k := regexp_replace(k, 'g([ei])', 'j\1', 'g');
            k := regexp_replace(k, 'c([eiy])', 's\1', 'g');
            k := translate(k, 'cpvXCG', 'kbfxcg');
            k := regexp_replace(k, 'at$', 'a');
            k := regexp_replace(k, '[aeiouwy]', '', 'g');
        END IF;
        -- Doubled letters count once: Bennani = Benani.
        k := regexp_replace(glue || k, '(.)\1+', '\1', 'g');
        glue := '';
        IF k <> '' THEN
            keys := keys || k;
        END IF;
    END LOOP;
    IF glue <> '' THEN
        keys := keys || glue;
    END IF;
    RETURN array_to_string(keys, ' ');
END;
$fn$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("entraide", "0012_alter_user_role_alter_userevent_role"),
    ]

    operations = [
        migrations.RunSQL(NAME_KEY, reverse_sql="DROP FUNCTION IF EXISTS entraide_name_key(text)"),
    ]
