"""Likely duplicates across the country: the scan that finds them, and the decisions on them.

A person whose file was opened twice (in two centres, by two delegations, once in Arabic and
once in Latin script) is found by the sound of their names: each file's stored key per script
(Beneficiary.name_key, "Arabic key|Latin key") blocks the files into groups that sound alike.
Within a group, two files of the same sex are a candidate pair when something more than the
name says they are one person:

- in a group of at most COMMON_NAME_FILES files (a rare name): born within two years, or on
  the same phone line;
- in a larger group (two Mohamed Alaoui born the same year are not one person): the same date
  of birth, or the same phone line.

Each pair gets its evidence and a score, and waits in the review queue of the delegations
that hold its files (DuplicatePair). A pair decided "not the same person" is remembered: the
scan never proposes it again. A full scan also drops the open pairs it no longer finds (a
birth date corrected since).

The scan runs in PostgreSQL, in parts (by a hash of the key) so that its progress shows; a
national scan of 580,000 files takes seconds (`make bench`). After an import, the same scan
runs on the imported files only (`new_ids`).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.audit import acting_as
from entraide.models import User
from notifications.models import Kind
from notifications.services import notify

from .models import Beneficiary, DuplicatePair
from .selectors import COMMON_NAME_FILES

logger = logging.getLogger(__name__)

# The scan's parts: each is one statement, and its progress one step.
PARTS = 16
# A key of fewer consonants says too little of a name to pair two files on (Ali: "l").
SHORTEST_KEY = 4

# What each piece of evidence adds to a pair's score (out of 100).
WEIGHTS = {
    DuplicatePair.Evidence.SOUND: 40,
    DuplicatePair.Evidence.BIRTH_DATE: 45,
    DuplicatePair.Evidence.BIRTH_YEAR: 25,
    DuplicatePair.Evidence.NEAR_YEAR: 10,
    DuplicatePair.Evidence.PHONE: 35,
    DuplicatePair.Evidence.COMMON: -15,
}


@dataclass
class ScanResult:
    people: int = 0
    pairs_found: int = 0
    pairs_new: int = 0
    # Delegation id -> new pairs whose file it holds.
    new_by_delegation: Counter | None = None


# An import of more files than this is compared by reading every group (as a full scan does):
# reading the groups of 10,000 new files one by one is slower than reading them all.
RESTRICTED_AT_MOST = 1_000


def _keys_sql(restricted: bool) -> str:
    # One row per file and distinct key of its names (a file written in both scripts whose
    # forms agree has one); merged and anonymised files are no one's duplicates. `is_new`:
    # a file of the import the scan follows (all false in a full scan).
    people = "beneficiaries_beneficiary"
    where = "b.merged_into_id IS NULL AND b.anonymised_at IS NULL"
    keys = "CROSS JOIN LATERAL unnest(string_to_array(b.name_key, '|')) AS k(key)"
    wanted = ""
    if restricted:
        # Only the groups of the new files' keys: the files that sound like them.
        wanted = f"""AND k.key IN (
            SELECT DISTINCT n.key FROM {people} nb
            CROSS JOIN LATERAL unnest(string_to_array(nb.name_key, '|')) AS n(key)
            WHERE nb.id = ANY(%(new)s))"""  # noqa: S608 - our own names
    return f"""
        CREATE TEMP TABLE dup_keys ON COMMIT DROP AS
        SELECT DISTINCT b.id, k.key, b.sex, b.birth_date,
               coalesce(b.birth_year, extract(year FROM b.birth_date)::int) AS year,
               nullif(b.phone_tail, '') AS phone,
               coalesce(b.id = ANY(%(new)s::bigint[]), false) AS is_new
        FROM {people} b {keys}
        WHERE {where} AND length(k.key) >= {SHORTEST_KEY} {wanted}
    """  # noqa: S608 - our own names


# The pairs of one part: in rare names' groups, any two files born within two years or on the
# same line; in common names' groups, only those born the same day or on the same line.
PAIRS_SQL = """
    INSERT INTO dup_found (a, b, same_date, same_year, near_year, same_phone, common)
    SELECT a, b, bool_or(same_date), bool_or(same_year), bool_or(near_year),
           bool_or(same_phone), bool_and(common)
    FROM (
        SELECT x.id AS a, y.id AS b, x.birth_date = y.birth_date AS same_date,
               approximate AND x.year = y.year AS same_year,
               approximate AND abs(x.year - y.year) <= 2 AS near_year,
               x.phone = y.phone AS same_phone, false AS common, x.is_new OR y.is_new AS new
        FROM dup_keys x
        JOIN dup_sizes s ON s.key = x.key AND s.n <= %(small)s
        JOIN dup_keys y ON y.key = x.key AND y.id > x.id AND y.sex = x.sex
        -- A year is evidence when a birth is known by its year only: two known dates that
        -- differ are two births.
        CROSS JOIN LATERAL (SELECT x.birth_date IS NULL OR y.birth_date IS NULL) AS ap(approximate)
        WHERE s.part = %(part)s
          AND ((approximate AND abs(x.year - y.year) <= 2) OR x.birth_date = y.birth_date
               OR x.phone = y.phone)
        UNION ALL
        SELECT x.id, y.id, true, true, true, x.phone = y.phone, true, x.is_new OR y.is_new
        FROM dup_keys x
        JOIN dup_sizes s ON s.key = x.key AND s.n > %(small)s
        JOIN dup_keys y ON y.key = x.key AND y.birth_date = x.birth_date AND y.id > x.id
                       AND y.sex = x.sex
        WHERE s.part = %(part)s
        UNION ALL
        SELECT x.id, y.id, x.birth_date = y.birth_date,
               (x.birth_date IS NULL OR y.birth_date IS NULL) AND x.year = y.year,
               (x.birth_date IS NULL OR y.birth_date IS NULL) AND abs(x.year - y.year) <= 2,
               true, true, x.is_new OR y.is_new
        FROM dup_keys x
        JOIN dup_sizes s ON s.key = x.key AND s.n > %(small)s
        JOIN dup_keys y ON y.key = x.key AND y.phone = x.phone AND y.id > x.id
                       AND y.sex = x.sex
        WHERE s.part = %(part)s
    ) candidates
    WHERE new OR NOT %(only_new)s
    GROUP BY a, b
    ON CONFLICT (a, b) DO UPDATE SET
        same_date = dup_found.same_date OR EXCLUDED.same_date,
        same_year = dup_found.same_year OR EXCLUDED.same_year,
        near_year = dup_found.near_year OR EXCLUDED.near_year,
        same_phone = dup_found.same_phone OR EXCLUDED.same_phone,
        common = dup_found.common AND EXCLUDED.common
"""


def _score_sql() -> tuple[str, str]:
    w = {str(code): weight for code, weight in WEIGHTS.items()}
    score = f"""least(100, greatest(0,
        {w["sound"]}
        + CASE WHEN same_date THEN {w["birth_date"]} WHEN same_year THEN {w["birth_year"]}
               WHEN near_year THEN {w["near_year"]} ELSE 0 END
        + CASE WHEN same_phone THEN {w["phone"]} ELSE 0 END
        + CASE WHEN common THEN {w["common"]} ELSE 0 END))"""
    evidence = """array_remove(ARRAY[
        'sound',
        CASE WHEN same_date THEN 'birth_date' WHEN same_year THEN 'birth_year'
             WHEN near_year THEN 'near_year' END,
        CASE WHEN same_phone THEN 'phone' END,
        CASE WHEN common THEN 'common' END]::varchar[], NULL)"""
    return score, evidence


def scan(
    *,
    new_ids: Iterable[int] | None = None,
    progress: Callable[..., None] | None = None,
) -> ScanResult:
    """Find the likely duplicates among the country's files (or between `new_ids` and the
    rest), store them as DuplicatePairs, and return what was found. `progress(parts_done=,
    parts_total=, people=)` is told of each part done."""
    new = sorted(set(new_ids)) if new_ids is not None else None
    if new is not None and not new:
        return ScanResult(new_by_delegation=Counter())
    score, evidence = _score_sql()
    result = ScanResult()
    with transaction.atomic(), connection.cursor() as cursor:
        # Dropped with the transaction; a scan run twice in one (a test) starts afresh.
        cursor.execute("DROP TABLE IF EXISTS dup_keys, dup_sizes, dup_found")
        restricted = new is not None and len(new) <= RESTRICTED_AT_MOST
        cursor.execute(_keys_sql(restricted), {"new": new})
        cursor.execute("CREATE INDEX ON dup_keys (key)")
        cursor.execute("ANALYZE dup_keys")
        cursor.execute("SELECT count(DISTINCT id) FROM dup_keys")
        [result.people] = cursor.fetchone()
        cursor.execute(
            """CREATE TEMP TABLE dup_sizes ON COMMIT DROP AS
               SELECT key, count(*) AS n, abs(hashtext(key)) %% %(parts)s AS part
               FROM dup_keys GROUP BY key""",
            {"parts": PARTS},
        )
        cursor.execute("CREATE INDEX ON dup_sizes (part)")
        cursor.execute("ANALYZE dup_sizes")
        cursor.execute(
            """CREATE TEMP TABLE dup_found (
                   a bigint, b bigint, same_date boolean, same_year boolean,
                   near_year boolean, same_phone boolean, common boolean,
                   PRIMARY KEY (a, b)) ON COMMIT DROP"""
        )
        if progress:
            progress(parts_done=0, parts_total=PARTS, people=result.people)
        for part in range(PARTS):
            cursor.execute(
                PAIRS_SQL,
                {"part": part, "small": COMMON_NAME_FILES, "only_new": new is not None},
            )
            if progress:
                progress(parts_done=part + 1, parts_total=PARTS, people=result.people)
        cursor.execute("SELECT count(*) FROM dup_found")
        [result.pairs_found] = cursor.fetchone()
        # New pairs are stored, open ones brought up to date; a decided pair stays decided.
        cursor.execute(
            f"""INSERT INTO beneficiaries_duplicatepair
                    (first_id, second_id, score, evidence, status, found_at)
                SELECT a, b, {score}, {evidence}, 'open', now() FROM dup_found
                ON CONFLICT (first_id, second_id) DO UPDATE
                SET score = EXCLUDED.score, evidence = EXCLUDED.evidence
                WHERE beneficiaries_duplicatepair.status = 'open'
                  AND (beneficiaries_duplicatepair.score, beneficiaries_duplicatepair.evidence)
                      IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.evidence)
                RETURNING xmax = 0, first_delegation_id, second_delegation_id"""  # noqa: S608
        )
        # The delegations of the new pairs' files (set by the pair's trigger).
        inserted = [(a, b) for fresh, a, b in cursor.fetchall() if fresh]
        result.pairs_new = len(inserted)
        if new is None:
            # What a full scan no longer finds of the files it read is no longer likely (a
            # pair of files imported meanwhile, found by their import's scan, stays).
            cursor.execute(
                """DELETE FROM beneficiaries_duplicatepair p
                   WHERE p.status = 'open'
                     AND EXISTS (SELECT 1 FROM dup_keys k WHERE k.id = p.first_id)
                     AND EXISTS (SELECT 1 FROM dup_keys k WHERE k.id = p.second_id)
                     AND NOT EXISTS (SELECT 1 FROM dup_found f
                                     WHERE f.a = p.first_id AND f.b = p.second_id)"""
            )
        result.new_by_delegation = Counter(
            delegation for pair in inserted for delegation in set(pair) - {None}
        )
    return result


def tell_owners(result: ScanResult, *, key: str) -> None:
    """Tell each delegation's delegates how many new pairs await them (one notification per
    delegation and scan)."""
    for delegation_id, count in sorted((result.new_by_delegation or {}).items()):
        delegates = list(User.objects.delegates_of(delegation_id))
        if delegates:
            notify(
                recipients=delegates,
                kind=Kind.DUPLICATES_FOUND,
                url=reverse("beneficiaries:duplicates"),
                about=str(count),
                key=f"duplicates:{key}:{delegation_id}",
            )


# Decisions ----------------------------------------------------------------------------------------


def _lock(pair: DuplicatePair, actor: User) -> DuplicatePair:
    """Lock the pair's two files, then the pair (the order of a merge from the person's page:
    no deadlock between the two), and check that it awaits a decision that `actor` may take:
    on two files they can both see. A pair across two delegations is decided once a transfer
    has brought both files into one."""
    ids = [pair.first_id, pair.second_id]
    if Beneficiary.objects.visible_to(actor).filter(pk__in=ids).count() != 2:
        raise ValidationError(
            _(
                "One of these files is held by another delegation: ask for its transfer "
                "first, then decide."
            )
        )
    list(Beneficiary.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    locked = DuplicatePair.objects.select_for_update().filter(pk=pair.pk).first()
    if locked is None or locked.status != DuplicatePair.Status.OPEN:
        raise ValidationError(_("This pair has already been decided."))
    return locked


def pair_merge(*, pair: DuplicatePair, keep: Beneficiary, actor: User) -> Beneficiary:
    """Merge the pair's two files (services.beneficiary_merge: same delegation, both in the
    actor's scope), keeping `keep`; the merge decides the pair "merged" (pairs_merged)."""
    from .services import beneficiary_merge

    if keep.pk not in (pair.first_id, pair.second_id):
        raise ValidationError(_("Keep one of the pair's two files."))
    duplicate_id = pair.second_id if keep.pk == pair.first_id else pair.first_id
    with transaction.atomic():
        _lock(pair, actor)
        return beneficiary_merge(
            keep=keep, duplicate=Beneficiary.objects.get(pk=duplicate_id), actor=actor
        )


def pair_distinct(*, pair: DuplicatePair, actor: User) -> DuplicatePair:
    """The two files are not one person: remembered, the scan never proposes them again."""
    with transaction.atomic(), acting_as(actor):
        locked = _lock(pair, actor)
        _decide(locked, DuplicatePair.Status.DISTINCT, actor)
    return locked


def _decide(pair: DuplicatePair, status: str, actor: User) -> None:
    pair.status = status
    pair.decided_by = actor
    pair.decided_at = timezone.now()
    pair.save(update_fields=["status", "decided_by", "decided_at"])


def pairs_merged(*, keep: Beneficiary, duplicate: Beneficiary, actor: User | None) -> None:
    """Two files merged by any path (the person's page, the queue): their pair, if the scan
    had found it, is decided "merged"."""
    first, second = sorted([keep.pk, duplicate.pk])
    DuplicatePair.objects.filter(
        Q(first_id=first, second_id=second), status=DuplicatePair.Status.OPEN
    ).update(
        status=DuplicatePair.Status.MERGED,
        decided_by=actor,
        decided_at=timezone.now(),
    )
