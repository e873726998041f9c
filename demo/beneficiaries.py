"""A small, believable set of people and their cases for `seed_demo`: enough for the demo
workers of Khouribga and Rabat to find files to search, cases at every stage, follow-ups due
and overdue, services and referrals to the demo centres.

Deterministic (a fixed seed, dates counted back from today) and written once: when the demo
workers' delegations already hold demo files, they are kept as they are (a demo user may have
changed them since).
"""

import datetime
import random

from django.utils import timezone

from beneficiaries.models import (
    Assessment,
    Beneficiary,
    CaseFile,
    Consent,
    FollowUp,
    HouseholdMember,
    Note,
    PlanGoal,
    Referral,
    ServiceDelivery,
)
from beneficiaries.services import allocate_file_number_blocks, consent_record
from centres.models import Centre, Service, TargetGroup
from demo.national import FAMILIES, MEN, WOMEN
from entraide.audit import acting_as

PER_DELEGATION = 40
# Where each case stands, in this proportion: most still open somewhere along the way.
STAGES = ["open"] * 3 + ["assessed"] * 2 + ["plan"] * 2 + ["follow_up"] * 3 + ["closed"] * 2

# The story of a case, by the group the person belongs to: (target group, problems, risk,
# reception note, goal). Khouribga's workers write in Arabic, Rabat's in French.
STORIES = [
    (
        "women",
        ["violence", "family_conflict"],
        "high",
        (
            "حضرت السيدة إلى مركز الاستماع بعد خلاف عائلي حاد، وتطلب المساعدة والتوجيه.",
            "Reçue au centre d'écoute après un grave conflit familial ; demande aide et "
            "orientation.",
        ),
        ("إيجاد سكن مؤقت آمن", "Trouver un hébergement temporaire sûr"),
    ),
    (
        "women",
        ["poverty", "isolation"],
        "medium",
        (
            "أرملة بدون دخل قار، ترعى طفلين، تبحث عن تكوين مهني.",
            "Veuve sans revenu régulier, deux enfants à charge, cherche une formation.",
        ),
        ("التسجيل في تكوين في الخياطة", "S'inscrire à une formation en couture"),
    ),
    (
        "children",
        ["school_dropout", "poverty"],
        "medium",
        (
            "طفل انقطع عن الدراسة منذ سنة، أحالته المدرسة على المندوبية.",
            "Enfant déscolarisé depuis un an, signalé par l'école à la délégation.",
        ),
        ("العودة إلى الدراسة", "Reprendre la scolarité"),
    ),
    (
        "children",
        ["abandonment", "homelessness"],
        "critical",
        (
            "طفل في وضعية الشارع، تم رصده خلال جولة ميدانية ليلية.",
            "Enfant en situation de rue, repéré lors d'une maraude de nuit.",
        ),
        ("إيواء الطفل في وحدة لحماية الطفولة", "Placer l'enfant dans une unité de protection"),
    ),
    (
        "disability",
        ["disability", "health"],
        "medium",
        (
            "شخص في وضعية إعاقة حركية يطلب كرسيا متحركا وبطاقة الإعاقة.",
            "Personne en situation de handicap moteur ; demande un fauteuil et la carte.",
        ),
        ("الحصول على كرسي متحرك", "Obtenir un fauteuil roulant"),
    ),
    (
        "elderly",
        ["isolation", "health"],
        "high",
        (
            "مسن يعيش وحيدا بدون سند عائلي، حالته الصحية تتدهور.",
            "Personne âgée vivant seule, sans soutien familial, santé en déclin.",
        ),
        ("الإيواء في مؤسسة الرعاية الاجتماعية", "Accueil en établissement de protection sociale"),
    ),
]

# Khouribga's people live in Khouribga's province, Rabat's in Rabat's; their workers are the
# demo accounts of those delegations.
DELEGATIONS = [("worker", 0), ("worker2", 1)]


def seed_beneficiaries(*, workers, seed=2026):
    """Create the demo people of each demo delegation that has none yet; return how many demo
    people there are. `workers`: {username: User} of the demo accounts."""
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible on purpose
    today = timezone.localdate()
    groups = {g.code: g for g in TargetGroup.objects.all()}
    services = {s.code: s for s in Service.objects.all()}
    for username, language in DELEGATIONS:
        worker = workers[username]
        delegation = worker.unit
        if Beneficiary.objects.filter(delegation=delegation, created_by=worker).exists():
            continue
        centres = list(
            Centre.objects.filter(delegation=delegation)
            .order_by("code")
            .prefetch_related("services")
        )
        province = delegation.provinces.order_by("code").first()
        numbers = allocate_file_number_blocks({delegation: PER_DELEGATION})[delegation]
        with acting_as(worker, command="seed_demo"):
            for index, number in enumerate(numbers):
                story = STORIES[index % len(STORIES)]
                stage = STAGES[index % len(STAGES)]
                person = _person(rng, number, story, delegation, province, worker, groups, today)
                _case(rng, person, story, stage, worker, centres, services, language, today)
    demo_workers = [workers[username] for username, _language in DELEGATIONS]
    return Beneficiary.objects.filter(created_by__in=demo_workers).count()


def _person(rng, number, story, delegation, province, worker, groups, today):
    group = story[0]
    if group == "women":
        sex = "F"
    else:
        sex = rng.choice("FM")
    first_ar, first_lat = rng.choice(WOMEN if sex == "F" else MEN)
    last_ar, last_lat = rng.choice(FAMILIES)
    age = {
        "women": rng.randint(19, 55),
        "children": rng.randint(6, 16),
        "disability": rng.randint(8, 60),
        "elderly": rng.randint(66, 88),
    }[group]
    adult = age >= 18
    person = Beneficiary.objects.create(
        file_number=number,
        first_name_ar=first_ar,
        last_name_ar=last_ar,
        first_name_lat=first_lat,
        last_name_lat=last_lat,
        sex=sex,
        birth_year=today.year - age,
        # Seven digits: the national data set's numbers have six at most.
        cin=f"{rng.choice(['BH', 'BE', 'A', 'AB', 'BK'])}{rng.randint(1_000_000, 9_999_999)}"
        if adult
        else "",
        phone=f"06{rng.randint(10000000, 99999999)}" if adult and rng.random() < 0.8 else "",
        address=f"{rng.randint(1, 120)}, {rng.choice(['Hay Al Qods', 'Hay Salam', 'Al Fath'])}",
        province=province,
        commune=province.name_fr if province else "",
        marital_status=rng.choice(["single", "married", "divorced", "widowed"])
        if adult
        else "single",
        education=rng.choice(["none", "primary", "middle", "secondary"]),
        disability_type=rng.choice(["motor", "visual", "hearing"]) if group == "disability" else "",
        disability_degree=rng.choice(["moderate", "severe"]) if group == "disability" else "",
        delegation=delegation,
        created_by=worker,
    )
    person.target_groups.set([groups[group]])
    if group in ("women", "children"):
        HouseholdMember.objects.create(
            beneficiary=person,
            name=f"{rng.choice(WOMEN + MEN)[1]} {last_lat}",
            relation="child" if group == "women" else "parent",
            age=rng.randint(2, 12) if group == "women" else rng.randint(30, 50),
        )
    # Everyone consents to the processing of their data; most also to its sharing.
    purposes = [Consent.Purpose.PROCESSING]
    if rng.random() < 0.6:
        purposes.append(Consent.Purpose.SHARING)
    for purpose in purposes:
        consent_record(
            beneficiary=person,
            purpose=purpose,
            given=True,
            given_by=f"{first_lat} {last_lat}" if adult else "",
            actor=worker,
        )
    return person


def _case(rng, person, story, stage, worker, centres, services, language, today):
    _group, problems, risk, reception, goal = story
    opened = today - datetime.timedelta(days=rng.randint(20, 330))
    status_order = ["open", "assessed", "plan", "follow_up", "closed"]
    reached = status_order.index(stage)
    case = CaseFile.objects.create(
        number=f"{person.file_number}-1",
        beneficiary=person,
        delegation=person.delegation,
        channel=rng.choice(["walk_in", "walk_in", "referral", "outreach", "hotline"]),
        problems=problems,
        risk=risk,
        worker=worker,
        status=stage,
        closure_reason="goals_met" if stage == "closed" else "",
        opened_on=opened,
        closed_on=min(opened + datetime.timedelta(days=90), today) if stage == "closed" else None,
        created_by=worker,
    )

    def on(days):
        return min(opened + datetime.timedelta(days=days), today)

    entry = {"case": case, "author": worker}
    Note.objects.create(**entry, date=opened, kind=Note.Kind.RECEPTION, text=reception[language])
    listening = (
        ("جلسة إنصات: عبّر المستفيد عن حاجياته وتم شرح الخدمات المتاحة.")
        if language == 0
        else "Séance d'écoute : la personne a exprimé ses besoins ; services disponibles présentés."
    )
    Note.objects.create(**entry, date=on(3), kind=Note.Kind.LISTENING, text=listening)
    if reached >= 1:
        Assessment.objects.create(
            **entry,
            date=on(10),
            housing=rng.randint(0, 4),
            health=rng.randint(0, 4),
            income=rng.randint(0, 3),
            education=rng.randint(0, 4),
            protection=rng.randint(1, 4),
            family_ties=rng.randint(0, 4),
            summary="تقييم أولي للوضعية."
            if language == 0
            else "Première évaluation de la situation.",
        )
    if reached >= 2:
        PlanGoal.objects.create(
            **entry,
            date=on(15),
            goal=goal[language],
            responsible=worker.get_full_name(),
            due_date=on(75),
            progress=100 if stage == "closed" else rng.choice([0, 25, 50]),
            state="done" if stage == "closed" else rng.choice(["planned", "in_progress"]),
        )
        centre = rng.choice(centres) if centres else None
        if centre is not None:
            offered = list(centre.services.all()) or [services["orientation"]]
            ServiceDelivery.objects.create(
                **entry, date=on(20), service=rng.choice(offered), centre=centre, quantity=1
            )
            _referral(rng, entry, stage, risk, goal[language], centres, today, on)
    if reached >= 3:
        # Some follow-ups are due soon, some overdue: the worker's home page lists them.
        next_date = today + datetime.timedelta(days=rng.randint(-10, 20))
        FollowUp.objects.create(
            **entry,
            date=on(40),
            notes="زيارة منزلية للمتابعة." if language == 0 else "Visite à domicile de suivi.",
            next_date=None if stage == "closed" else next_date,
            done=stage == "closed",
        )
    CaseFile.objects.filter(pk=case.pk).update(
        last_activity_at=timezone.make_aware(datetime.datetime.combine(on(40), datetime.time(10)))
    )
    return case


# Where the demo's referrals to centres stand: some still awaiting an answer (a few of them
# past their deadline), some accepted, refused or the service done, so that the referring
# worker's lists, the delegate's and the inbox of the centre's manager each show every state.
REFERRAL_STATES = ["sent", "sent-recent", "accepted", "refused", "completed"]


def _referral(rng, entry, stage, risk, reason, centres, today, on):
    """A referral of the case to a centre of its delegation: the centres a manager answers
    for first (the demo manager's inbox), answered by that manager where it was."""
    managed = [c for c in centres if c.managers.exists()]
    centre = rng.choice(managed) if managed and rng.random() < 0.6 else rng.choice(centres)
    # In turn, by the file's number: every state in every delegation, whatever the draw.
    turn = int(entry["case"].beneficiary.file_number.rsplit("-", 1)[-1])
    state = "completed" if stage == "closed" else REFERRAL_STATES[turn % len(REFERRAL_STATES)]
    date = on(18)
    if state == "sent-recent":
        # Sent in the last few days: within its deadline still.
        state, date = "sent", max(entry["case"].opened_on, today - datetime.timedelta(days=2))
    offered = list(centre.services.all())
    referral = Referral(
        **entry,
        date=date,
        target_kind=Referral.TargetKind.CENTRE,
        centre=centre,
        service=rng.choice(offered) if offered else None,
        urgency=Referral.Urgency.URGENT if risk == "critical" else Referral.Urgency.NORMAL,
        reason=reason,
        state=state,
    )
    referral.start_clock()
    if state != "sent":
        answered = referral.sent_at + datetime.timedelta(hours=rng.randint(2, 240))
        referral.answered_at = min(answered, timezone.now())
        referral.answered_on = timezone.localdate(referral.answered_at)
        referral.answered_by = centre.managers.first()
    if state == "refused":
        referral.refusal_reason = rng.choice(
            [
                Referral.RefusalReason.NO_PLACE,
                Referral.RefusalReason.OUTSIDE_TARGET_GROUP,
                Referral.RefusalReason.PERSON_DECLINED,
            ]
        )
    if state == "completed":
        referral.completed_on = min(referral.answered_on + datetime.timedelta(days=10), today)
    referral.save()
    return referral
