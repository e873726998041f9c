"""Finding people: search and likely duplicates, always within what the user may see."""

from __future__ import annotations

import copy
import datetime
import itertools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from entraide.prepared import ShapedQuery
from entraide.roles import Role
from entraide.search import Forms, Words, fold
from entraide.validators import CIN_PATTERN, normalise_cin, normalise_phone

from .models import Beneficiary, CaseFile, Consent, NumberAlias, Referral

if TYPE_CHECKING:
    from centres.models import Centre
    from entraide.models import User

FILE_NUMBER = re.compile(r"^[A-Z]{2,4}-\d{4}-\d{1,6}$", re.IGNORECASE)
CASE_NUMBER = re.compile(r"^[A-Z]{2,4}-\d{4}-\d{6}-\d+$", re.IGNORECASE)
PHONE = re.compile(r"^\+?[\d .-]{6,}$")


def search_beneficiaries(user: User, query: str | None) -> QuerySet[Beneficiary] | RankedSearch:
    """People matching a name (Arabic or Latin, partial, in any order), a file or case number,
    a CIN or a phone number. A name matches when its words all appear in the folded names
    (`exact`), or when each word's phonetic key appears in the names' keys (it "sounds
    like": another spelling, the other script); exact matches first, then by likeness
    (RankedSearch). The trigram indexes on both columns serve those `LIKE '%word%'`.
    A number, a CIN or a phone finds a QuerySet; a name, a RankedSearch (compiled once per
    shape of the search)."""
    people = Beneficiary.objects.visible_to(user).active()
    text = " ".join((query or "").split())
    if not text:
        return people.none()
    # A number the file or case had before a transfer finds it too.
    if CASE_NUMBER.match(text):
        return people.filter(with_case_numbered(text))
    if FILE_NUMBER.match(text):
        return people.filter(numbered(text))
    if re.match(CIN_PATTERN, normalise_cin(text)) and any(c.isdigit() for c in text):
        return people.filter(cin=normalise_cin(text))
    if PHONE.match(text):
        digits = normalise_phone(text).lstrip("+")
        # Moroccan numbers are written 06..., +2126... or 2126...: match on the last 9 digits
        # (an indexed column); a shorter fragment can only be a suffix.
        if len(digits) >= 9:
            return people.filter(phone_tail=digits[-9:])
        return people.filter(phone__endswith=digits)
    words = fold(text).split()
    people = people.alias(name_words=Words("search_name"), name_forms=Forms("name_key"))
    # Every word a whole name of the file, as written; every word in the names, a part of a
    # name will do (written_in_names).
    whole_words = Q(name_words__contains=words)
    written = written_in_names(words)
    # The same names by their sound, whatever the script or the spelling: each word's
    # phonetic key (entraide.search.NameKey) in the names' keys. An article or a Ben alone
    # has no key: it says nothing of the sound. The keys of the words as typed (folding
    # writes ة as ه, a consonant to the key), each word's own first, then its other
    # spellings' (name_keys).
    keys = query_keys(text.lower().split())
    # A key of one or two letters (Nadia "nd", Jettou "jt") would match a good part of the
    # country on its own: each word is looked for by its keys of three letters or more.
    strong = [[key for key in alts if len(key) >= 3] for alts in keys]
    # The whole name's sound, in the order typed, reversed or turned, in each way of reading it.
    readings = whole_name_keys(keys)
    if keys and all(strong):
        sounds = Q()
        for alternatives in strong:
            either = Q()
            for key in alternatives:
                either |= Q(name_key__contains=key)
            sounds &= either
    elif len(keys) >= 2 and any(len(form) >= 4 for form in readings):
        # A word with short keys only: the whole name's sound, within the names' keys (each
        # form a scan of the keys' trigram index: the first MAX_SOUNDS, the words' own keys
        # first; every form is looked for whole among the names' forms, same_sound below).
        sounds = Q()
        for form in [form for form in readings if len(form) >= 4][:MAX_SOUNDS]:
            sounds |= Q(name_key__contains=form)
    else:
        sounds = None
    if sounds is None and (len(words) == 1 or not any(len(f) >= 3 for f in readings)):
        return RankedSearch(people, [(written, [(written, True)])])  # as written, and only so
    if len(words) == 1:
        return RankedSearch(people, [(written, [(written, True)]), (sounds, [(sounds, False)])])
    # A full name: first the files whose names are these words, whole, as written; then, read
    # together, those whose whole name sounds the same in one of its forms (its Arabic or its
    # Latin names: the same name, written otherwise; however short its sound, since it is the
    # whole name's), those whose names hold the words as written, and those that sound like
    # each word (whose keys hold the whole name's key).
    same_sound = Q(name_forms__overlap=readings)
    likeness = same_sound if sounds is None else same_sound | sounds
    ranks = [(same_sound, False), (written, True)]
    if sounds is not None:
        ranks.append((sounds, False))
    if user.has_national_scope or getattr(user.unit, "numchild", 0) > 0:
        return RankedSearch(
            people, [(whole_words, [(whole_words, True)]), (written | likeness, ranks)], written
        )
    # A delegation's files (50,000 at most) hold a few hundred of a name's likenesses at
    # most: one query ranks them all, instead of a first query for the whole words and a
    # second for the rest when the first does not fill the page (most often, in a
    # delegation).
    return RankedSearch(people, [(written | likeness, [(whole_words, True), *ranks])], written)


# A part of a name found among the names' words (NameWord) when it has at least this many
# letters (a trigram: the lexicon's index needs one) and at most WORD_FORMS_MAX words hold it;
# otherwise in the names themselves, by their trigram index.
WORD_PART_MIN = 3
WORD_FORMS_MAX = 64
# The lexicon's words holding a part (a LIKE pattern), with the part's place in the query.
WORDS_HOLDING = "(SELECT %s, word FROM beneficiaries_nameword WHERE word LIKE %s LIMIT %s)"


def written_in_names(words: list[str]) -> Q:
    """People whose folded names hold each of `words` (folded, without spaces) as written, a
    part of a name will do: `search_name LIKE '%word%'` for each word. A word without a space
    lies within one word of the names, so the condition is the same as "a word of the names
    holds it": the few words of the country's names that hold it are read from the lexicon
    (NameWord, one query for all the words) and the files holding one of them from the
    whole-words index, an index entry per word, instead of the intersection of each of its
    trigrams' lists across the country (karima ziani: 0.9 ms instead of 4 to 6 of SQL on the
    bench). The word itself is always among them: a whole word is found whatever the lexicon
    holds. A short word, one held by many words, or one the lexicon holds in no word (a
    spelling that no name has: the planner would guess that an unknown word is common and walk
    every file, newest first), is looked for by the trigram index."""
    from django.db import connection

    looked_up = [(n, w) for n, w in enumerate(words) if len(w) >= WORD_PART_MIN]
    holders: dict[int, set[str]] = {n: set() for n, _word in looked_up}
    rows: dict[int, int] = dict.fromkeys(holders, 0)
    if looked_up:
        # One query, each word's pattern a constant the planner weighs (not a parameter of a
        # join: it would guess, and might read the lexicon whole for each word).
        params = []
        for n, word in looked_up:
            params += [n, f"%{connection.ops.prep_for_like_query(word)}%", WORD_FORMS_MAX + 1]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join([WORDS_HOLDING] * len(looked_up)), params)
            for n, word in cursor.fetchall():
                holders[n].add(word)
                rows[n] += 1
    written = Q()
    for n, word in enumerate(words):
        forms = holders.get(n)
        # More rows than WORD_FORMS_MAX: more words hold it (a word may be there twice, so
        # the words read may be fewer, not all of them).
        if not forms or rows[n] > WORD_FORMS_MAX:
            written &= Q(search_name__contains=word)
        else:
            written &= Q(name_words__overlap=sorted(forms | {word}))
    return written


def numbered(text: str) -> Q:
    """The files whose number is `text`, or was before a transfer (NumberAlias), as a condition
    on people that the unique indexes answer: the number in capitals, as every number is written
    (services.delegation_prefix, migration 0024), looked up on its own, then the file by its
    key. (An OR of the two across the former numbers' join read every file of the country,
    newest first: 0.7 s.)"""
    number = text.strip().upper()
    files = Beneficiary.objects.filter(file_number=number).order_by().values("pk")
    former = (
        NumberAlias.objects.filter(number=number, beneficiary__isnull=False)
        .order_by()
        .values("beneficiary_id")
    )
    return Q(pk__in=files.union(former, all=True))


def with_case_numbered(text: str) -> Q:
    """The people whose case has the number `text`, or had it before a transfer: as `numbered`
    (the OR across two joins took 2.5 s)."""
    number = text.strip().upper()
    cases = CaseFile.objects.filter(number=number).order_by().values("beneficiary_id")
    former = (
        NumberAlias.objects.filter(number=number, case__isnull=False)
        .order_by()
        .values("case__beneficiary_id")
    )
    return Q(pk__in=cases.union(former, all=True))


class RankedSearch:
    """The people a name search finds, in rank order, each rank newest first: those whose
    names are the words as written; then those whose whole name sounds the same (another
    spelling, the other script); then those whose names hold the words as written (a part
    of a name: Fouzi in Fouzia); then those whose names sound like each word.

    Read a slice (a page) at a time, by one query per group of ranks, the next only when a
    group does not fill the page. A common word written as on file (kadir: 10,000 files)
    walks the newest files and stops at the page's end, instead of reading and sorting every
    file that matches; the ranks after a full name's own (few files) are read together,
    ordered by rank. Each person found carries `exact`: whether its names hold the words as
    written (the page says the others "sound like" the query).

    A page's query is compiled once per shape of the search (SHAPES): building and compiling
    it with the ORM took 3 to 4 ms of Python for a full name, as long as PostgreSQL answers."""

    # Iterated whole (a test, a list), the first this many.
    MAX_ITERATED = 500

    def __init__(
        self,
        people: QuerySet[Beneficiary],
        groups: list[tuple[Q, list[tuple[Q, bool]]]],
        written: Q | None = None,
    ):
        """`groups`: (the files of the group, [(a rank's condition within the group, whether
        its files hold the words as written), ...]), the last rank taking the group's rest.
        `written`: the condition that the names hold the words as written, read for each
        file of a group whose ranks mix both (the page badges the others)."""
        self.people = people
        self.fields: tuple[str, ...] = ()
        # (exact of each rank of the group, [the group's files, each rank's condition but the
        # last's, written if its ranks mix both or None])
        self.plan = []
        before = Q()
        for within, ranks in groups:
            conditions = [within & ~before if before else within]
            if len(ranks) > 1:
                conditions += [condition for condition, _exact in ranks[:-1]]
            conditions.append(written if len(ranks) > 1 else None)
            self.plan.append(([exact for _condition, exact in ranks], conditions))
            before |= within

    def _rows(self, people: QuerySet[Beneficiary], conditions: list[Q | None]) -> QuerySet:
        """A group's files in rank order: `conditions` as in `plan` (or their stand-ins)."""
        within, *ranks, written = conditions
        rows = people.filter(within)
        if ranks:
            rank = Case(
                *(When(c, then=Value(n)) for n, c in enumerate(ranks)),
                default=Value(len(ranks)),
                output_field=IntegerField(),
            )
            rows = rows.annotate(rank=rank).order_by("rank", "-created_at", "-pk")
            if written is not None:
                rows = rows.annotate(exact=ExpressionWrapper(written, output_field=BooleanField()))
        else:
            rows = rows.order_by("-created_at", "-pk")
        return rows.only(*self.fields) if self.fields else rows

    @property
    def groups(self) -> list[tuple[list[bool], QuerySet[Beneficiary]]]:
        """Each group's files as a queryset, in rank order (to count, to explain)."""
        return [(exact, self._rows(self.people, conditions)) for exact, conditions in self.plan]

    def __getitem__(self, bounds: slice) -> list[Beneficiary]:
        if not isinstance(bounds, slice) or bounds.step not in (None, 1):
            raise TypeError("RankedSearch is read by slices")
        start, stop = bounds.start or 0, bounds.stop
        if stop is None or stop <= start:
            return []
        found: list[Beneficiary] = []
        before = 0  # the rows of the ranks already read
        for exact, conditions in self.plan:
            first = max(0, start - before)
            wanted = stop - before - first
            if wanted <= 0:
                break

            def page_of(people, conditions, first=first, wanted=wanted):
                rows = self._rows(people, conditions).select_related("delegation")
                return rows[first : first + wanted]

            page = SHAPES(page_of, self.people, conditions, key=(self.fields, first, wanted))
            for person in page:
                if not hasattr(person, "exact"):
                    person.exact = exact[getattr(person, "rank", 0)]
            found += page
            if len(page) == wanted:
                break
            # The rank ends within the slice (its size is then known) or before it (counted).
            if page or first == 0:
                before += first + len(page)
            else:
                before += self._rows(self.people, conditions).count()
        return found

    def only(self, *fields: str) -> RankedSearch:
        """The same search, reading only these fields of each person (QuerySet.only)."""
        ranked = copy.copy(self)
        ranked.fields = fields
        return ranked

    def __iter__(self):
        return iter(self[0 : self.MAX_ITERATED])

    def __bool__(self):
        return bool(self[0:1])


# The pages of name searches, compiled once per shape (entraide.prepared).
SHAPES = ShapedQuery()


# Files across the country sharing a name's key beyond which the name counts as common.
COMMON_NAME_FILES = 50


def is_common_name(key: str) -> bool:
    """Whether more than COMMON_NAME_FILES files in the country bear a name of this key (read
    no further than that): the groups of the duplicate scan (duplicates.py), counted alike."""
    sharing = (
        Beneficiary.objects.active()
        .alias(name_forms=Forms("name_key"))
        .filter(name_forms__contains=[key])
        .order_by()
    )
    return sharing.values("pk")[: COMMON_NAME_FILES + 1].count() > COMMON_NAME_FILES


ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")


def name_key_of(names: Iterable[str]) -> list[str]:
    """The phonetic keys of a person's names, one per script they are written in (the Arabic
    words' key, the Latin words' key, each run together), as Beneficiary.name_key holds
    them."""
    from django.db import connection

    words = " ".join(n for n in names if n).split()
    forms = [
        " ".join(w for w in words if ARABIC_LETTER.search(w)),
        " ".join(w for w in words if not ARABIC_LETTER.search(w)),
    ]
    forms = [form for form in forms if form]
    if not forms:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT replace(entraide_name_key(f), ' ', '') FROM unnest(%s::text[]) AS f", [forms]
        )
        return [key for (key,) in cursor.fetchall() if key]


# The keys of the words searched lately, in this process: the function is immutable (a new
# one comes with a migration, and a restart), and people search the same names all day.
_KEYS: dict[str, str] = {}
KEYS_KEPT = 20_000


# The other ways Moroccan documents write a Latin word's sounds, tried beside the word as
# typed (a query's alternatives only: the keys files store do not change). Each rule is a
# (pattern, replacement) of re.sub, applied to the word and to what earlier rules made of it.
SPELLINGS = [
    # An article glued to the name (Elidrissi, Alaoui): an Arabic file drops its article;
    # a Latin one may keep it as a bare L (Lkhatib). The search reads an article typed apart
    # glued to its name (query_keys), so El Khatib is read so too.
    (re.compile(r"^(?:el|al)(?=[a-z]{4,}$)"), ""),
    (re.compile(r"^(?:el|al)(?=[a-z]{4,}$)"), "l"),
    # Before the h of a short name, the article is as often the name's own L (Lhaj, الحاج).
    (re.compile(r"^(?:el|al)(?=h[a-z]{2,3}$)"), ""),
    # An article glued as a bare L, before a vowel (Lamrani, Laenser: العمراني, العنصر) or a
    # consonant (Lhoussine, Lmokhtar: الحسين, المختار), as often as an L of the name's own
    # (Lahcen, Lmnawar): both are tried.
    (re.compile(r"^l(?=[a-z]{4,}$)"), ""),
    # A taa marbuta written "ah" (Fatimah, Khadijah: فاطمة, خديجة), as the key reads "a".
    (re.compile(r"(?<=[^aeiouy])ah$"), "a"),
    # A "th" that is t then h (Thami: التهامي), where elsewhere it is ث (Othmane).
    (re.compile(r"th"), "tah"),
    # A g before a, o, u or a consonant written for غ (Goumri: الغومري), where it is more
    # often ڭ (Guennoun).
    (re.compile(r"g(?=[aou]|[^aeiouyh]|$)"), "gh"),
    # A common swap: Medhi for Mehdi (المهدي).
    (re.compile(r"dh"), "hd"),
    # A خ written with its first letter alone, or as heard: Kadija, Kalid, Hadija (خديجة).
    (re.compile(r"^[kh](?=[aeiouy])"), "kh"),
    # A ش written the German way: Aischa (عائشة).
    (re.compile(r"sch"), "ch"),
    # An article glued as a bare L before the h of a short name: Lhaj, Lhou (الحاج).
    (re.compile(r"^l(?=h[a-z]{2,3}$)"), ""),
    # An article glued between Ait, Ben, Ould, Sidi or Moulay and the name: Aitelhaj (آيت الحاج),
    # read as two words (the t of Ait and the h of Haj are not a "th").
    (re.compile(r"^(ait|ben|bin|ould|oulad|sidi|moulay)(?:el|al)(?=[a-z]{3,}$)"), r"\1 "),
    # The L of Abd el- that is the name's own first letter too, written once or twice:
    # Abdelatif, Abdeltif, Abdellatif (عبد اللطيف).
    (re.compile(r"^abdel(?=[^l])"), "abdell"),
    (re.compile(r"^abdell"), "abdel"),
]
# Alternatives of a word beyond this many are not tried (a long name matching every rule).
MAX_SPELLINGS = 6


# An article typed apart from its name (the key reads it as a word of its own, and drops it).
ARTICLES = {"el", "al", "l"}


def query_keys(words: list[str]) -> list[list[str]]:
    """The keys of each word of a query (name_keys), an article typed apart read with its name
    (El Khatib), as the name alone (the key drops the article: الخطيب) and glued to it, as
    files often write it (Elkhatib, Lkhatib: SPELLINGS). Words with no key (an article at the
    end) are left out."""
    named: list[tuple[str, str | None]] = []  # (the word, glued to its article: the name alone)
    for word in words:
        if named and named[-1][0] in ARTICLES and not ARABIC_LETTER.search(word):
            named[-1] = (named[-1][0] + word, word)
        else:
            named.append((word, None))
    found = name_keys([w for w, _name in named] + [name for _w, name in named if name])
    keys = []
    for word, name in named:
        alternatives = found.get(word, [])
        if name:
            alternatives = list(dict.fromkeys(found.get(name, []) + alternatives))
        if alternatives:
            keys.append(alternatives)
    return keys


def spellings(word: str) -> list[str]:
    """`word` as typed, then its other spellings (SPELLINGS) that a file may hold the sound
    of. An Arabic word has no other: its letters are its sounds."""
    found = [word]
    if ARABIC_LETTER.search(word):
        return found
    for pattern, replacement in SPELLINGS:
        for written in list(found):
            other = pattern.sub(replacement, written)
            if other != written and other not in found:
                found.append(other)
    return found[:MAX_SPELLINGS]


# A whole name is read in at most this many ways (combinations of its words' spellings), and
# its sound looked for in at most MAX_FORMS orders of them.
MAX_READINGS = 8
MAX_FORMS = 16
# A whole name's sound looked for within longer names in at most this many forms.
MAX_SOUNDS = 4


def whole_name_keys(keys: list[list[str]], *, backwards: bool = True) -> list[str]:
    """The keys of a whole name whose words have these keys (each word's own first, then its
    other spellings'): run together in the order typed, then reversed, then turned (a name of
    two words typed after the given name: Ait Lhaj Souad is Souad Ait Lhaj), for each way of
    reading the words, the words' own keys first, MAX_FORMS at most. Ghita Laraki: "gtlrk",
    "lrkgt", then "gtrk" (Laraki read as L- and Araki: غيثة العراقي) and "rkgt". `backwards`
    False: in the order typed only."""
    forms: list[str] = []
    for reading in itertools.islice(itertools.product(*keys), MAX_READINGS):
        if backwards:
            turned = (reading[n:] + reading[:n] for n in range(1, len(reading)))
            ways = [reading, reading[::-1], *turned]
        else:
            ways = [reading]
        for form in ("".join(way) for way in ways):
            if form not in forms:
                forms.append(form)
    return forms[:MAX_FORMS]


def name_keys(words: Iterable[str]) -> dict[str, list[str]]:
    """Each word's phonetic keys, as PostgreSQL computes them (entraide.search.NameKey): its
    own first, then those of its other spellings (spellings), each once, short ones
    included (the caller says where a short key would find too much)."""
    from django.db import connection

    words = [w for w in words if w]
    if not words:
        return {}
    variants = {w: spellings(w) for w in words}
    keys = {}
    unknown = sorted({v for vs in variants.values() for v in vs} - _KEYS.keys())
    if unknown:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w, replace(entraide_name_key(w), ' ', '') FROM unnest(%s::text[]) AS w",
                [unknown],
            )
            found = dict(cursor.fetchall())
        if len(_KEYS) + len(found) > KEYS_KEPT:
            _KEYS.clear()
        _KEYS.update(found)
        keys.update(found)
    # (Another thread may have emptied the cache meanwhile: those read now are in `keys`.)
    keys.update({v: _KEYS.get(v) for vs in variants.values() for v in vs if v not in keys})
    # The word's own key first (its spelling as typed comes first), each key once.
    return {
        w: [k for k in dict.fromkeys(keys.get(v) for v in vs) if k] for w, vs in variants.items()
    }


def cins_on_file(
    user: User | None, cins: Iterable[str], *, exclude_pk: int | None = None
) -> dict[str, str | None]:
    """The CINs of `cins` that a file already holds: {cin: file number} for the files the
    user may see, {cin: None} for those outside their scope, whose number, delegation and
    very existence they may not learn. `user` None: the server itself, which sees all."""
    cins = {c for c in cins if c}
    if not cins:
        return {}
    # `cin <> ''` lets PostgreSQL use the partial unique index on CIN.
    holders = Beneficiary.objects.filter(cin__in=cins).exclude(cin="").order_by()
    if exclude_pk is not None:
        holders = holders.exclude(pk=exclude_pk)
    rows = dict(holders.values_list("pk", "cin"))
    if not rows:
        return {}
    scope = Beneficiary.objects.all() if user is None else Beneficiary.objects.visible_to(user)
    visible = dict(scope.filter(pk__in=rows).order_by().values_list("pk", "file_number"))
    return {cin: visible.get(pk) for pk, cin in rows.items()}


def name_key_readings(names: Iterable[str]) -> list[str]:
    """The keys of a person's names as the file will store them (name_key_of: one per
    script), then those of its Latin words' other spellings (spellings) run together, which
    a file of the same person may hold: Fatimah Lamrani is also read as فاطمة العمراني."""
    keys = name_key_of(names)
    latin = [w.lower() for w in " ".join(n for n in names if n).split()]
    latin = [w for w in latin if not ARABIC_LETTER.search(w)]
    if latin:
        found = name_keys(latin)
        for form in whole_name_keys([found[w] for w in latin if found.get(w)], backwards=False):
            if form not in keys:
                keys.append(form)
    return keys


def file_elsewhere(
    user: User,
    *,
    cin: str = "",
    names: Iterable[str] = (),
    birth_date: datetime.date | None = None,
) -> int | None:
    """The id of a file outside `user`'s scope that is the same person: the same CIN, or the
    same names (folded: spelling of hamza, vowels and case aside) and the same birth date.
    For the server's eyes only: the page says that a file exists elsewhere, nothing of it."""
    # Each candidate (a CIN's file, the few born that day) checked against the user's scope
    # by its own row: excluding the scope's ids first read all of a delegation's 50,000.
    others = Beneficiary.objects.active().exclude(
        Exists(Beneficiary.objects.visible_to(user).filter(pk=OuterRef("pk")))
    )
    cin = normalise_cin(cin)
    if cin:
        found = others.filter(cin=cin).values_list("pk", flat=True).first()
        if found:
            return found
    names = list(names)
    words = fold(" ".join(n for n in names if n)).split()
    if len(words) >= 2 and birth_date:
        same = others.filter(birth_date=birth_date)
        written = Q()
        for word in words:
            written &= Q(search_name__contains=word)
        # The same names as written, or as they sound (the other script, another spelling).
        sound = Q(pk__in=[])
        for key in name_key_readings(names):
            if len(key) >= 4:
                sound |= Q(name_key__contains=key)
        return same.filter(written | sound).values_list("pk", flat=True).first()
    return None


def likely_duplicates(
    user: User,
    *,
    cin: str = "",
    names: Iterable[str] = (),
    birth_date: datetime.date | None = None,
    birth_year: int | None = None,
    phone: str = "",
) -> QuerySet[Beneficiary]:
    """Files the user may see that are probably the same person: the same CIN, or a similar
    name with the same birth date (or year) or phone."""
    people = Beneficiary.objects.visible_to(user).active()
    conditions = Q()
    cin = normalise_cin(cin)
    if cin:
        conditions |= Q(cin=cin)
    names = list(names)
    name = fold(" ".join(n for n in names if n))
    same_birth_or_phone = Q()
    if birth_date:
        same_birth_or_phone |= Q(birth_date=birth_date) | Q(birth_year=birth_date.year)
    if birth_year:
        same_birth_or_phone |= Q(birth_year=birth_year) | Q(birth_date__year=birth_year)
    phone = normalise_phone(phone).lstrip("+")
    if phone:
        same_birth_or_phone |= Q(phone_tail=phone[-9:]) if len(phone) >= 9 else Q(phone=phone)
    if name and same_birth_or_phone:
        similar = people.annotate(similarity=TrigramSimilarity("search_name", Value(name)))
        name_match = similar.filter(same_birth_or_phone, similarity__gte=0.3)
        ids = set(name_match.values_list("pk", flat=True)[:20])
        # The same name by its sound (another spelling, the other script), born within two
        # years or on the same line.
        for key in name_key_readings(names):
            if len(key) < 4:
                continue
            near = Q()
            # A common name (two Mohamed Alaoui born the same year are not one person) needs
            # more evidence than a rare one: the same birth date or line, not a near year.
            if is_common_name(key):
                if birth_date:
                    near |= Q(birth_date=birth_date)
            else:
                years = [d.year for d in (birth_date,) if d] + ([birth_year] if birth_year else [])
                for year in years:
                    near |= Q(birth_date__year__range=(year - 2, year + 2))
                    near |= Q(birth_year__range=(year - 2, year + 2))
            if phone:
                near |= Q(phone_tail=phone[-9:]) if len(phone) >= 9 else Q(phone=phone)
            if near:
                sounds = people.filter(near, name_key__contains=key)
                ids |= set(sounds.values_list("pk", flat=True)[:20])
        if ids:
            conditions |= Q(pk__in=ids)
    if not conditions:
        return people.none()
    return people.filter(conditions).select_related("delegation")[:20]


def work_items(user: User, limit: int = 100) -> dict[str, Any]:
    """The social worker's day: my open cases, follow-ups due within a week (or overdue),
    and my referrals still waiting for an answer."""
    from django.utils import timezone

    from .models import CaseFile, FollowUp

    today = timezone.localdate()
    cases = (
        CaseFile.objects.visible_to(user)
        .open()
        .filter(worker=user)
        .select_related("beneficiary")
        .order_by("-last_activity_at")
    )
    follow_ups = (
        FollowUp.objects.visible_to(user)
        .filter(case__worker=user, done=False, next_date__lte=today + datetime.timedelta(days=7))
        .exclude(case__status=CaseFile.Status.CLOSED)
        .select_related("case__beneficiary")
        .order_by("next_date")
    )
    # By their deadline: the overdue ones first.
    referrals = (
        Referral.objects.visible_to(user)
        .filter(case__worker=user, state=Referral.State.SENT)
        .select_related("case__beneficiary", "centre")
        .order_by(F("due_at").asc(nulls_last=True), "date", "pk")
    )
    return {
        "today": today,
        "cases": cases[:limit],
        "follow_ups": follow_ups[:limit],
        "referrals": referrals[:limit],
    }


def saved_by(record: Model) -> tuple[User | None, datetime.datetime | None]:
    """Who saved `record` (a person's file or a case) as it now stands, and when: the audit
    trail's first copy of its current version. (None, None) when the trail has none, as for
    rows loaded by SQL."""
    from django.apps import apps

    from entraide.models import User

    events = apps.get_model(record._meta.app_label, f"{type(record).__name__}Event")
    event = (
        events.objects.filter(pgh_obj_id=record.pk, version=record.version)
        .select_related("pgh_context")
        .order_by("pgh_id")
        .first()
    )
    if event is None:
        return None, None
    user_id = event.pgh_context.metadata.get("user") if event.pgh_context else None
    return User.objects.filter(pk=user_id).first() if user_id else None, event.pgh_created_at


# The receiving side of referrals ---------------------------------------------------------------


def received_referrals(user: User) -> QuerySet[Referral]:
    """The referrals sent to the centres `user` answers for (Referral.objects.received_by),
    with what their pages show, and `sharing`, the person's latest answer on sharing
    (share() reads it, so that a list asks no more per row)."""
    sharing = (
        Consent.objects.filter(
            beneficiary=OuterRef("case__beneficiary"), purpose=Consent.Purpose.SHARING
        )
        .order_by("-recorded_at", "-pk")
        .values("given")[:1]
    )
    return (
        Referral.objects.received_by(user)
        .select_related(
            "case__beneficiary__province",
            "case__delegation",
            "centre",
            "association",
            "service",
            "author",
            "answered_by",
        )
        .annotate(sharing=Subquery(sharing))
    )


def centres_answered_by(user: User) -> QuerySet[Centre]:
    """The centres whose referrals `user` answers: those they manage, or those the
    association they work for runs (the administrator: those that received any)."""
    from centres.models import Centre
    from partnerships.models import centres_run_by_staff_of

    if user.is_superuser:
        received = Referral.objects.received_by(user).values("centre")
        return Centre.objects.filter(pk__in=received).order_by("code")
    if user.role == Role.PARTNER_STAFF:
        return Centre.objects.filter(pk__in=centres_run_by_staff_of(user).values("pk")).order_by(
            "code"
        )
    return Centre.objects.filter(managers=user).order_by("code")


# The parts of a person a receiver is shown, each by the fields it shows (entraide.protection
# says which the user may read).
SHARED = {
    "name": ("first_name_ar", "last_name_ar", "first_name_lat", "last_name_lat"),
    "age": ("birth_date", "birth_year"),
    "phone": ("phone",),
    "address": ("address", "commune"),
}


def share(user: User, referral: Referral) -> dict[str, Any]:
    """What `user`, the receiver of `referral`, may read of who it is about, as
    `referral.shared`: their sex and province, and "name", "age", "phone" and "address", each
    present only when the person's consent to sharing allows it (beneficiaries.perms.IDENTITY,
    enforced by entraide.protection); "withheld", whether any was left out. The template
    never reads the person itself."""
    from entraide.protection import hidden_fields

    person = referral.case.beneficiary
    if hasattr(referral, "sharing"):
        person.__dict__.setdefault("_consents", {})[Consent.Purpose.SHARING] = bool(
            referral.sharing
        )
    hidden = set(hidden_fields(user, Beneficiary, person))
    readable = {part for part, fields in SHARED.items() if not hidden.intersection(fields)}
    shared: dict[str, Any] = {
        "sex": person.get_sex_display(),
        "province": person.province,
        "withheld": len(readable) < len(SHARED),
    }
    if "name" in readable:
        shared["name"] = person
    if "age" in readable and person.age is not None:
        shared["age"] = person.age
    if "phone" in readable and person.phone:
        shared["phone"] = person.phone
    if "address" in readable and (person.address or person.commune):
        shared["address"] = ", ".join(p for p in (person.address, person.commune) if p)
    referral.shared = shared
    return shared
