"""The catalogues EN's centres start from: target groups, centre types, services.

`manage.py load_centre_reference` creates the entries that are missing and leaves existing
ones alone: administrators rename, reorder and extend them in the admin. The services whose
referrals cannot wait a week come with their own deadlines (`URGENT_SERVICES`), created by
`load()` (`manage.py load_catalogues`) on the same terms.
"""

from .models import CapacityUnit, CentreType

# code, Arabic name, French name
TARGET_GROUPS = [
    ("women", "النساء والفتيات في وضعية صعبة", "Femmes et filles en situation difficile"),
    ("children", "الأطفال في وضعية صعبة", "Enfants en situation difficile"),
    ("disability", "الأشخاص في وضعية إعاقة", "Personnes en situation de handicap"),
    ("elderly", "الأشخاص المسنون بدون سند", "Personnes âgées sans soutien"),
]

F = CentreType.Family
U = CapacityUnit
# code, family, capacity unit, Arabic name, French name, parent code
CENTRE_TYPES = [
    (
        "cas",
        F.SOCIAL_ASSISTANCE,
        U.PLACES,
        "مركز المساعدة الاجتماعية",
        "Centre d'assistance sociale",
        "",
    ),
    (
        "coaph",
        F.SOCIAL_ASSISTANCE,
        U.PLACES,
        "مركز توجيه ومساعدة الأشخاص في وضعية إعاقة",
        "Centre d'orientation et d'assistance des personnes en situation de handicap",
        "",
    ),
    (
        "upe",
        F.SOCIAL_ASSISTANCE,
        U.CHILDREN,
        "وحدة حماية الطفولة",
        "Unité de protection de l'enfance",
        "",
    ),
    (
        "emf",
        F.SOCIAL_ASSISTANCE,
        U.PLACES,
        "الفضاء متعدد الوظائف للمرأة في وضعية صعبة",
        "Espace multifonctionnel pour les femmes en situation difficile",
        "",
    ),
    (
        "cef",
        F.SOCIAL_INSERTION,
        U.TRAINEES,
        "مركز التربية والتكوين",
        "Centre d'éducation et de formation",
        "",
    ),
    (
        "cfa",
        F.SOCIAL_INSERTION,
        U.TRAINEES,
        "مركز التكوين بالتدرج المهني",
        "Centre de formation par apprentissage",
        "",
    ),
    (
        "eps",
        F.SOCIAL_ASSISTANCE,
        U.BEDS,
        "مؤسسة الرعاية الاجتماعية",
        "Établissement de protection sociale",
        "",
    ),
    (
        "eps-schooling",
        F.SOCIAL_ASSISTANCE,
        U.BEDS,
        "مؤسسة الرعاية الاجتماعية لدعم التمدرس",
        "Établissement de protection sociale : soutien à la scolarisation",
        "eps",
    ),
    (
        "eps-children",
        F.SOCIAL_ASSISTANCE,
        U.BEDS,
        "مؤسسة الرعاية الاجتماعية للأطفال في وضعية صعبة",
        "Établissement de protection sociale : enfants en situation difficile",
        "eps",
    ),
    (
        "eps-women",
        F.SOCIAL_ASSISTANCE,
        U.BEDS,
        "مؤسسة الرعاية الاجتماعية للنساء في وضعية صعبة",
        "Établissement de protection sociale : femmes en situation difficile",
        "eps",
    ),
    (
        "eps-disability",
        F.SOCIAL_ASSISTANCE,
        U.BEDS,
        "مؤسسة الرعاية الاجتماعية للأشخاص في وضعية إعاقة",
        "Établissement de protection sociale : personnes en situation de handicap",
        "eps",
    ),
    (
        "eps-elderly",
        F.SOCIAL_ASSISTANCE,
        U.BEDS,
        "مؤسسة الرعاية الاجتماعية للأشخاص المسنين",
        "Établissement de protection sociale : personnes âgées",
        "eps",
    ),
    ("kindergarten", F.SOCIAL_ANIMATION, U.CHILDREN, "روض الأطفال", "Jardin d'enfants", ""),
    ("literacy", F.SOCIAL_ANIMATION, U.PLACES, "فضاء محو الأمية", "Espace d'alphabétisation", ""),
    ("dar-mouwaten", F.SOCIAL_ANIMATION, U.PLACES, "دار المواطن", "Dar Al Mouwaten", ""),
    (
        "cph",
        F.SOCIAL_ASSISTANCE,
        U.PLACES,
        "مركز الأشخاص في وضعية إعاقة",
        "Centre pour personnes en situation de handicap",
        "",
    ),
    (
        "csm",
        F.SOCIAL_ANIMATION,
        U.PLACES,
        "المركب الاجتماعي متعدد الاختصاصات",
        "Complexe social multifonctionnel",
        "",
    ),
    (
        "partner",
        F.SOCIAL_ASSISTANCE,
        U.PLACES,
        "فضاء أو مركز جمعية شريكة",
        "Centre ou espace d'une association partenaire",
        "",
    ),
]

# code, Arabic name, French name
SERVICES = [
    ("reception", "الاستقبال والإنصات", "Accueil et écoute"),
    ("orientation", "التوجيه", "Orientation"),
    ("follow-up", "المواكبة الفردية", "Suivi individuel"),
    ("mediation", "الوساطة الاجتماعية والأسرية", "Médiation sociale et familiale"),
    ("preschool", "التعليم الأولي", "Préscolaire"),
    ("literacy", "محو الأمية", "Alphabétisation"),
    (
        "training-crafts",
        "التكوين المهني: الصناعة التقليدية",
        "Formation professionnelle : artisanat",
    ),
    ("training-hospitality", "التكوين المهني: الفندقة", "Formation professionnelle : hôtellerie"),
    (
        "training-catering",
        "التكوين المهني: الطبخ والإطعام",
        "Formation professionnelle : restauration",
    ),
    ("training-it", "التكوين المهني: المعلوميات", "Formation professionnelle : informatique"),
    ("training-building", "التكوين المهني: البناء", "Formation professionnelle : bâtiment"),
    ("sewing", "الخياطة والطرز", "Couture et broderie"),
    ("accommodation", "الإيواء", "Hébergement"),
    ("meals", "الإطعام والمساعدة الغذائية", "Restauration et aide alimentaire"),
    ("rehabilitation", "إعادة التأهيل والمساعدات التقنية", "Rééducation et aides techniques"),
    ("schooling", "دعم التمدرس", "Soutien à la scolarisation"),
]

# Services whose referrals are answered sooner than the catalogue's defaults (a week, a day
# when urgent: centres.models.RESPONSE_DAYS): a child at risk is answered within 24 hours,
# within 12 when the worker marks the referral urgent.
# code, Arabic name, French name, urgent response (hours), response (days)
URGENT_SERVICES = [
    (
        "child-protection",
        "حماية الأطفال في وضعية صعبة",
        "Protection des enfants en situation difficile",
        12,
        1,
    ),
]


def load(service=None):
    """Create the missing services of `URGENT_SERVICES` with their deadlines; those
    administrators edited stay as they are. Returns how many were created."""
    if service is None:
        from .models import Service as service
    created = 0
    for position, (code, name_ar, name_fr, hours, days) in enumerate(
        URGENT_SERVICES, start=len(SERVICES)
    ):
        created += service.objects.get_or_create(
            code=code,
            defaults={
                "name": name_ar,
                "name_ar": name_ar,
                "name_fr": name_fr,
                "position": position,
                "urgent_response_hours": hours,
                "response_days": days,
            },
        )[1]
    return created
