"""Aid programmes for `seed_demo`, in two parts.

`seed_catalogue` needs nobody: the catalogue of items (a wheelchair, crutches, a white cane, a
hearing aid, a food basket, an emergency kit), EN's five programmes with their eligibility
rules as data, and each demo delegation's budgets of last year and this one. It runs with
`--without-people` too: the browser tests stand on it.

`seed_aid` needs the demo people of Khouribga (DP-MA-KHO): the delegation's store (a donation
and its lots, two purchases), requests recorded by the demo worker from people's files, a
committee meeting of the demo delegate that decides most of them, entitlements delivered
against a signed receipt, and an emergency in Oued Zem and Boujniba with its households and
the kits of round 1.

Deterministic (dates counted back from today, never before the first of January: requests and
decisions are this year's cycle) and written once. The catalogue's entries are kept as an
administrator may have edited them; the people's part is written through the app's services
(programmes.requests, stock, donations, emergencies) and kept as it is once there, since a demo
user may have changed it since.
"""

import datetime
import struct
import zlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from beneficiaries.models import Beneficiary
from entraide.models import User
from programmes import donations, emergencies, stock
from programmes import requests as services
from programmes.models import (
    AidRequest,
    Budget,
    Donation,
    EligibilityRule,
    Emergency,
    Household,
    Item,
    KitDelivery,
    Lot,
    Programme,
)
from territory.models import OrgUnit

Criterion = EligibilityRule.Criterion

# code, Arabic name, French name, value of one (MAD)
ITEMS = [
    ("wheelchair", "كرسي متحرك", "Fauteuil roulant", 1800),
    ("crutches", "زوج عكازات", "Paire de béquilles", 250),
    ("white-cane", "عصا بيضاء", "Canne blanche", 150),
    ("hearing-aid", "جهاز مساعد على السمع", "Appareil auditif", 3500),
    ("food-basket", "قفة المواد الغذائية", "Panier alimentaire", 450),
    ("emergency-kit", "حقيبة الإغاثة الاستعجالية", "Kit de secours d'urgence", 600),
]

# code, kind, (Arabic name, French name), (Arabic description, French description), documents
# the applicant brings, rules [(criterion, value)], budgets of this year by delegation (MAD).
PROGRAMMES = [
    (
        "technical-aids",
        Programme.Kind.TECHNICAL_AIDS,
        (
            "المساعدات التقنية لفائدة الأشخاص في وضعية إعاقة",
            "Aides techniques aux personnes en situation de handicap",
        ),
        (
            "كراسي متحركة وعكازات وعصي بيضاء وأجهزة سمعية، تمنح بعد قرار لجنة المندوبية.",
            "Fauteuils roulants, béquilles, cannes blanches et appareils auditifs, accordés "
            "sur décision du comité de la délégation.",
        ),
        ["id", "medical"],
        [(Criterion.TARGET_GROUP, "disability"), (Criterion.INCOME_MAX, "3000")],
        {"DP-MA-KHO": 180000, "DP-MA-RAB": 240000},
    ),
    (
        "schooling",
        Programme.Kind.SCHOOLING,
        (
            "دعم تمدرس الأطفال في وضعية إعاقة",
            "Soutien à la scolarisation des enfants en situation de handicap",
        ),
        (
            "مساهمة في مصاريف التمدرس والمواكبة داخل الأقسام المدمجة والمراكز المتخصصة.",
            "Participation aux frais de scolarité et d'accompagnement en classes intégrées "
            "et en centres spécialisés.",
        ),
        ["disability", "medical"],
        [
            (Criterion.TARGET_GROUP, "disability"),
            (Criterion.DISABILITY_CARD, "yes"),
            (Criterion.AGE_MIN, "4"),
            (Criterion.AGE_MAX, "18"),
        ],
        {"DP-MA-KHO": 350000, "DP-MA-RAB": 420000},
    ),
    (
        "income",
        Programme.Kind.INCOME,
        ("الأنشطة المدرة للدخل", "Activités génératrices de revenus"),
        (
            "تمويل مشاريع صغيرة لفائدة الأشخاص والأسر في وضعية هشاشة: معدات وتكوين ومواكبة.",
            "Financement de petits projets de personnes et de familles vulnérables : "
            "équipement, formation et accompagnement.",
        ),
        ["id"],
        [(Criterion.AGE_MIN, "18"), (Criterion.INCOME_MAX, "2500")],
        {"DP-MA-KHO": 500000, "DP-MA-RAB": 450000},
    ),
    (
        "food-aid",
        Programme.Kind.FOOD_AID,
        (
            "الدعم الغذائي لفائدة منخرطي الفيدراليات الشريكة",
            "Aide alimentaire aux adhérents des fédérations partenaires",
        ),
        (
            "قفف غذائية توزع عبر الفيدراليات والجمعيات الشريكة على منخرطيها المعوزين.",
            "Paniers alimentaires distribués par les fédérations et associations partenaires "
            "à leurs adhérents démunis.",
        ),
        ["id"],
        [(Criterion.INCOME_MAX, "2000")],
        {"DP-MA-KHO": 220000, "DP-MA-RAB": 260000},
    ),
    (
        "emergency-relief",
        Programme.Kind.EMERGENCY,
        ("الإغاثة في حالات الطوارئ", "Secours d'urgence"),
        (
            "حقائب إغاثة للأسر المتضررة من الكوارث الطبيعية، توزع على دفعات.",
            "Kits de secours aux ménages sinistrés par une catastrophe naturelle, distribués "
            "par tournées.",
        ),
        [],
        [],
        {"DP-MA-KHO": 300000, "DP-MA-RAB": 200000},
    ),
]

# Last year's budgets: this year's less a tenth.
LAST_YEAR = Decimal("0.9")


def seed_catalogue():
    """The items, the programmes with their rules and the demo delegations' budgets that are
    missing; those already there are kept as edited. Returns (items, programmes, budgets)."""
    year = timezone.localdate().year
    for position, (code, name_ar, name_fr, value) in enumerate(ITEMS, start=1):
        Item.objects.get_or_create(
            code=code,
            defaults={
                "name": name_ar,
                "name_ar": name_ar,
                "name_fr": name_fr,
                "position": position,
                "unit_value": Decimal(value),
            },
        )
    units = {u.code: u for u in OrgUnit.objects.filter(code__in={"DP-MA-KHO", "DP-MA-RAB"})}
    for code, kind, names, descriptions, documents, rules, budgets in PROGRAMMES:
        programme, created = Programme.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "name": names[0],
                "name_ar": names[0],
                "name_fr": names[1],
                "description": descriptions[0],
                "description_ar": descriptions[0],
                "description_fr": descriptions[1],
                "documents_required": documents,
            },
        )
        if created:
            EligibilityRule.objects.bulk_create(
                EligibilityRule(programme=programme, criterion=criterion, value=value)
                for criterion, value in rules
            )
        for unit_code, amount in budgets.items():
            if unit_code not in units:
                continue
            for budget_year, share in ((year - 1, LAST_YEAR), (year, Decimal(1))):
                Budget.objects.get_or_create(
                    programme=programme,
                    unit=units[unit_code],
                    year=budget_year,
                    defaults={"amount": (Decimal(amount) * share).quantize(Decimal("1"))},
                )
    return (
        Item.objects.filter(code__in=[row[0] for row in ITEMS]).count(),
        Programme.objects.filter(code__in=[row[0] for row in PROGRAMMES]).count(),
        Budget.objects.filter(unit__in=units.values(), year=year).count(),
    )


# What needs people ------------------------------------------------------------------------

DELEGATION = "DP-MA-KHO"

# The donation of wheelchairs, crutches and canes, and the lots it filled.
DONOR = "جمعية المحسنين للتضامن بخريبكة"
DONATION_LOTS = [("wheelchair", 8), ("crutches", 20), ("white-cane", 10)]
# Bought by the delegation: (item, units, reference of the purchase).
PURCHASES = [
    ("food-basket", 60, "سند الطلب رقم 14/{year}"),
    ("emergency-kit", 120, "الصفقة رقم 3/{year}"),
]

# The requests the demo worker records, by the target group of the person (the first, second...
# of the group's demo people, in the order of their file numbers): programme, need, declared
# monthly income, the committee's decision (None: awaits the next meeting), what it gives or
# its reason, and whether it was delivered.
APPROVED, REJECTED, WAITING = (
    AidRequest.Status.APPROVED,
    AidRequest.Status.REJECTED,
    AidRequest.Status.WAITING_BUDGET,
)
REQUESTS = [
    (
        ("disability", 0),
        "technical-aids",
        "شلل في الطرفين السفليين، تحتاج إلى كرسي متحرك للتنقل.",
        900,
        APPROVED,
        {"item": "wheelchair", "quantity": 1},
        True,
    ),
    (
        ("disability", 1),
        "technical-aids",
        "بتر في الساق اليسرى، يطلب زوج عكازات.",
        1800,
        APPROVED,
        {"item": "crutches", "quantity": 1},
        False,
    ),
    (
        ("disability", 2),
        "technical-aids",
        "ضعف سمع حاد، يطلب جهازا مساعدا على السمع.",
        1200,
        WAITING,
        "ميزانية السنة المخصصة للأجهزة السمعية مستنفدة؛ يعاد النظر في الطلب عند توفر الاعتماد.",
        False,
    ),
    (
        ("disability", 3),
        "technical-aids",
        "إعاقة حركية، يطلب كرسيا متحركا.",
        4200,
        REJECTED,
        "الدخل الشهري المصرح به يفوق السقف المحدد للبرنامج (3000 درهم).",
        False,
    ),
    (("disability", 4), "technical-aids", "إعاقة بصرية، تطلب عصا بيضاء.", 700, None, None, False),
    (
        ("women", 0),
        "income",
        "مشروع صغير للخياطة بالمنزل: آلة خياطة ومواد أولية.",
        1100,
        APPROVED,
        {"amount": Decimal("8000")},
        True,
    ),
    (
        ("women", 1),
        "technical-aids",
        "تطلب كرسيا متحركا لوالدتها المسنة.",
        1500,
        REJECTED,
        "الطلب يخص شخصا آخر غير صاحبة الملف؛ يسجل الطلب في ملف الأم.",
        False,
    ),
    (("women", 2), "income", "مشروع لتربية الدواجن.", 1300, None, None, False),
    (
        ("elderly", 0),
        "food-aid",
        "مسن يعيش وحيدا بدون دخل قار.",
        600,
        APPROVED,
        {"item": "food-basket", "quantity": 1},
        True,
    ),
    (("children", 0), "schooling", "طفل يحتاج إلى مواكبة داخل قسم مدمج.", 1600, None, None, False),
]

MEMBERS = (
    "فاطمة الزهراوي، المندوبة الإقليمية، رئيسة اللجنة\n"
    "سلمى برادة، مساعدة اجتماعية\n"
    "ممثل السلطة المحلية\n"
    "ممثل جمعية النور للأشخاص في وضعية إعاقة"
)

# The emergency: its title, its communes, and the households registered, with the kit of
# round 1 handed to the first ones. A household whose head has a file (the CIN of the first
# demo elderly person of Khouribga) is linked to it.
EMERGENCY_TITLE = "فيضانات وادي زم وبوجنيبة"
COMMUNES = ["وادي زم", "بوجنيبة"]
# head's name, commune, members, CIN, phone, douar, needs, kit of round 1
HOUSEHOLDS = [
    ("محمد أيت الحاج", "وادي زم", 6, "BE612345", "0661234501", "حي السلام", "خيمة وأغطية", True),
    ("فاطنة الكبيري", "وادي زم", 4, "BE623456", "", "دوار أولاد عزيز", "أغطية ومواد غذائية", True),
    ("عبد القادر المرابط", "وادي زم", 7, "", "0662345602", "حي الفتح", "مواد غذائية", True),
    ("حليمة بوعزة", "بوجنيبة", 3, "BE634567", "", "دوار الصفصاف", "أغطية", True),
    ("الحسين العمراني", "بوجنيبة", 5, "", "0663456703", "", "خيمة", False),
    ("ربيعة الصديقي", "بوجنيبة", 2, "BE645678", "", "حي النصر", "أدوية", False),
]


def receipt_png(label="receipt"):
    """A small PNG as a scanned receipt would be (a white page with a grey band where the
    signature is), made with the standard library only: a demo receipt that opens."""
    width, height = 120, 160
    rows = []
    for y in range(height):
        shade = 0x90 if 110 <= y < 118 else 0xFF
        rows.append(b"\x00" + bytes([shade]) * width)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    content = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Title\x00" + label.encode("latin-1", "replace"))
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(f"{label}.png", content, content_type="image/png")


def seed_aid():
    """Khouribga's store, requests, committee meeting, deliveries and emergency, each written
    once. Returns (requests, decided, delivered, households, kits)."""
    today = timezone.localdate()
    # This year's cycle: nothing dated before its first day.
    first_day = today.replace(month=1, day=1)

    def ago(days):
        return max(today - datetime.timedelta(days=days), first_day)

    kho = OrgUnit.objects.get(code=DELEGATION)
    users = {u.username: u for u in User.objects.filter(username__in=["worker", "delegate"])}
    worker, delegate = users["worker"], users["delegate"]
    items = {i.code: i for i in Item.objects.filter(code__in=[row[0] for row in ITEMS])}
    programmes = {p.code: p for p in Programme.objects.filter(code__in=[r[0] for r in PROGRAMMES])}

    _store(kho, delegate, items, programmes, ago)
    _requests(kho, worker, delegate, items, programmes, ago)
    _emergency(kho, worker, delegate, items, programmes, ago)

    requests = AidRequest.objects.filter(delegation=kho, recorded_by=worker)
    emergency = Emergency.objects.filter(delegation=kho, title=EMERGENCY_TITLE)
    return (
        requests.count(),
        requests.exclude(status=AidRequest.Status.RECORDED).count(),
        requests.filter(entitlements__delivered_at__isnull=False).distinct().count(),
        Household.objects.filter(emergency__in=emergency).count(),
        KitDelivery.objects.filter(household__emergency__in=emergency, round=1).count(),
    )


def _store(kho, delegate, items, programmes, ago):
    """The donation and its lots; the delegation's purchases."""
    year = ago(0).year
    if not Donation.objects.filter(delegation=kho, donor=DONOR).exists():
        value = sum(items[code].unit_value * units for code, units in DONATION_LOTS)
        received = ago(45)
        donation = donations.donation_record(
            delegation=kho,
            donor=DONOR,
            kind=Donation.Kind.IN_KIND,
            amount=value,
            programme=programmes["technical-aids"],
            received_on=received,
            note="هبة عينية: كراسي متحركة وعكازات وعصي بيضاء.",
            actor=delegate,
        )
        for code, units in DONATION_LOTS:
            stock.lot_in(
                delegation=kho,
                item=items[code],
                quantity=units,
                donation=donation,
                received_on=received,
                actor=delegate,
            )
    for code, units, reference in PURCHASES:
        purchase = reference.format(year=year)
        if Lot.objects.filter(delegation=kho, item=items[code], purchase=purchase).exists():
            continue
        stock.lot_in(
            delegation=kho,
            item=items[code],
            quantity=units,
            purchase=purchase,
            received_on=ago(30),
            actor=delegate,
        )


def _people(kho, worker):
    """Khouribga's demo people by target group, each group in the order of file numbers."""
    people = {}
    rows = (
        Beneficiary.objects.filter(delegation=kho, created_by=worker)
        .active()
        .prefetch_related("target_groups")
        .order_by("file_number")
    )
    for person in rows:
        for group in person.target_groups.all():
            people.setdefault(group.code, []).append(person)
    return people


def _requests(kho, worker, delegate, items, programmes, ago):
    """The worker's requests, the committee's meeting that decides them, the deliveries."""
    if AidRequest.objects.filter(delegation=kho, recorded_by=worker).exists():
        return
    people = _people(kho, worker)
    recorded = []
    for index, (who, code, need, income, decision, given, delivered) in enumerate(REQUESTS):
        group, rank = who
        if len(people.get(group, [])) <= rank:
            continue
        aid_request = services.request_record(
            programme=programmes[code],
            person=people[group][rank],
            actor=worker,
            need=need,
            monthly_income=Decimal(income),
        )
        # Recorded over the last weeks, not all today (the service dates a request today).
        AidRequest.objects.filter(pk=aid_request.pk).update(requested_on=ago(40 - 3 * index))
        recorded.append((aid_request, decision, given, delivered))
    if not any(decision for _r, decision, _g, _d in recorded):
        return
    meeting = services.meeting_open(delegation=kho, held_on=ago(5), members=MEMBERS, actor=delegate)
    for aid_request, decision, given, delivered in recorded:
        if decision is None:
            continue
        entitlement = reason = None
        if decision == APPROVED:
            entitlement = dict(given)
            if "item" in entitlement:
                entitlement["item"] = items[entitlement["item"]]
        else:
            reason = given
        services.decide(
            request=aid_request,
            meeting=meeting,
            decision=decision,
            reason=reason or "",
            entitlement=entitlement,
            actor=delegate,
        )
        if delivered:
            for granted in aid_request.entitlements.all():
                services.deliver(
                    entitlement=granted,
                    actor=worker,
                    receipt_file=receipt_png(f"receipt-{aid_request.person.file_number}"),
                )


def _emergency(kho, worker, delegate, items, programmes, ago):
    """The floods of Oued Zem and Boujniba: households registered, kits of round 1."""
    if Emergency.objects.filter(delegation=kho, title=EMERGENCY_TITLE).exists():
        return
    emergency = emergencies.emergency_create(
        title=EMERGENCY_TITLE,
        delegation=kho,
        province=kho.provinces.order_by("code").first(),
        communes=COMMUNES,
        started_on=ago(3),
        kit=items["emergency-kit"],
        programme=programmes["emergency-relief"],
        actor=delegate,
    )
    # One head of household has a file: the first elderly demo person with a CIN.
    known = (
        Beneficiary.objects.filter(delegation=kho, created_by=worker, target_groups__code="elderly")
        .exclude(cin="")
        .order_by("file_number")
        .first()
    )
    for index, row in enumerate(HOUSEHOLDS):
        head_name, commune, members, cin, phone, douar, needs, kit = row
        if index == 0 and known is not None:
            head_name, cin = known.names[0] or head_name, known.cin
        household = emergencies.household_register(
            emergency=emergency,
            head_name=head_name,
            commune=commune,
            members=members,
            cin=cin,
            phone=phone,
            douar=douar,
            needs=needs,
            # Each household of the list is another: none is asked to be confirmed.
            confirmed=True,
            actor=worker,
        )
        if kit:
            emergencies.kit_give(household=household, round=1, actor=worker)
