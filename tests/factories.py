import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from beneficiaries.models import Beneficiary, CaseFile
from centres.models import Centre, CentreType, MonthlyActivity, Service
from enrolments.models import Enrolment, Section, season_of
from entraide.models import User
from entraide.roles import Role
from partnerships.models import Association, Convention
from recruitment.models import Application, Competition, Grade, PostLine, Specialty
from territory.models import OrgUnit


def arabic_name(kind):
    """An Arabic first or last name from Faker's list, as a clerk would type it: the list holds
    a few forms the portal refuses as a name ("عجرمة (العجارمة)", with brackets), which would
    make a test fail at random."""
    fake = factory.Faker._get_faker(locale="ar_AA")
    while True:
        name = getattr(fake, kind)()
        if all(ch.isalpha() or ch in " '-" for ch in name):
            return name


def unit(code):
    """A unit of the reference tree (loaded once per test database by conftest)."""
    return OrgUnit.objects.get(code=code)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.ma")
    role = Role.SOCIAL_WORKER
    unit = factory.LazyFunction(lambda: unit("DP-MA-KHO"))
    password = factory.django.Password("correct horse battery")

    class Params:
        national = factory.Trait(
            role=Role.CENTRAL_OFFICER, unit=factory.LazyFunction(lambda: unit("EN-SDAS"))
        )
        inspector = factory.Trait(
            role=Role.INSPECTOR, unit=factory.LazyFunction(lambda: unit("EN-INSP"))
        )
        administrator = factory.Trait(
            role=Role.ADMINISTRATOR,
            unit=factory.LazyFunction(lambda: unit("EN")),
            is_staff=True,
            is_superuser=True,
        )
        delegate = factory.Trait(role=Role.DELEGATE)
        rabat = factory.Trait(unit=factory.LazyFunction(lambda: unit("DP-MA-RAB")))
        coordinator = factory.Trait(
            role=Role.COORDINATOR, unit=factory.LazyFunction(lambda: unit("CR-MA-05"))
        )
        # The name in Arabic script too (first_name and last_name are the Latin forms).
        arabic_names = factory.Trait(
            first_name_ar=factory.LazyFunction(lambda: arabic_name("first_name")),
            last_name_ar=factory.LazyFunction(lambda: arabic_name("last_name")),
        )


class CentreFactory(DjangoModelFactory):
    class Meta:
        model = Centre
        django_get_or_create = ["code"]
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"C-T-{n:04d}")
    name_ar = factory.Sequence(lambda n: f"مركز الإستماع رقم {n}")
    name_fr = factory.Sequence(lambda n: f"Centre d'écoute n° {n}")
    type = factory.LazyFunction(lambda: CentreType.objects.get(code="cas"))
    delegation = factory.LazyFunction(lambda: unit("DP-MA-KHO"))
    province = factory.LazyAttribute(lambda c: c.delegation.provinces.first())
    capacity = 100
    capacity_unit = "places"
    status = Centre.Status.OPEN

    class Params:
        rabat = factory.Trait(delegation=factory.LazyFunction(lambda: unit("DP-MA-RAB")))

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create:
            codes = extracted if extracted is not None else ["reception", "orientation"]
            self.services.set(Service.objects.filter(code__in=codes))


class MonthlyActivityFactory(DjangoModelFactory):
    class Meta:
        model = MonthlyActivity

    centre = factory.SubFactory(CentreFactory)
    month = factory.LazyFunction(
        lambda: (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    )
    people_served = 40
    new_entries = 5
    exits = 2
    sessions_held = 12


def next_file_number(delegation):
    from beneficiaries.services import allocate_file_numbers

    return allocate_file_numbers(delegation)[0]


class BeneficiaryFactory(DjangoModelFactory):
    class Meta:
        model = Beneficiary
        skip_postgeneration_save = True

    first_name_ar = factory.LazyFunction(lambda: arabic_name("first_name"))
    last_name_ar = factory.LazyFunction(lambda: arabic_name("last_name"))
    first_name_lat = factory.Faker("first_name", locale="fr_FR")
    last_name_lat = factory.Faker("last_name", locale="fr_FR")
    sex = "F"
    birth_date = datetime.date(1990, 5, 17)
    delegation = factory.LazyFunction(lambda: unit("DP-MA-KHO"))
    province = factory.LazyAttribute(lambda b: b.delegation.provinces.first())
    file_number = factory.LazyAttribute(lambda b: next_file_number(b.delegation))

    class Params:
        rabat = factory.Trait(delegation=factory.LazyFunction(lambda: unit("DP-MA-RAB")))


class CaseFileFactory(DjangoModelFactory):
    class Meta:
        model = CaseFile

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    delegation = factory.LazyAttribute(lambda c: c.beneficiary.delegation)
    number = factory.Sequence(lambda n: f"T-CASE-{n:05d}")
    channel = CaseFile.Channel.WALK_IN
    problems = factory.LazyFunction(lambda: ["violence"])
    risk = CaseFile.Risk.MEDIUM


class AssociationFactory(DjangoModelFactory):
    class Meta:
        model = Association
        skip_postgeneration_save = True

    name_ar = factory.Sequence(lambda n: f"جمعية الأمل للتنمية رقم {n}")
    name_fr = factory.Sequence(lambda n: f"Association Al Amal pour le développement n° {n}")
    registration_number = factory.Sequence(lambda n: f"KHO/{n:05d}")
    registration_date = datetime.date(2015, 3, 2)
    delegation = factory.LazyFunction(lambda: unit("DP-MA-KHO"))
    province = factory.LazyAttribute(lambda a: a.delegation.provinces.first())
    president = "Fatima Zahra Bennani"
    bank_name = "Al Barid Bank"
    bank_account = "350810000000000123456789"

    class Params:
        rabat = factory.Trait(delegation=factory.LazyFunction(lambda: unit("DP-MA-RAB")))


class ConventionFactory(DjangoModelFactory):
    class Meta:
        model = Convention
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CONV-KHO-{n:04d}")
    title_ar = factory.Sequence(lambda n: f"اتفاقية شراكة رقم {n}")
    title_fr = factory.Sequence(lambda n: f"Convention de partenariat n° {n}")
    kind = Convention.Kind.PROJECT
    signing_unit = factory.LazyFunction(lambda: unit("DP-MA-KHO"))
    object_ar = "مواكبة النساء في وضعية صعبة"
    object_fr = "Accompagnement des femmes en situation difficile"
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2030, 12, 31)
    en_contribution = Decimal("500000.00")
    partners_contribution = Decimal("120000.00")

    class Params:
        rabat = factory.Trait(signing_unit=factory.LazyFunction(lambda: unit("DP-MA-RAB")))
        in_force = factory.Trait(
            status=Convention.Status.IN_FORCE, signed_on=datetime.date(2025, 12, 20)
        )

    @factory.post_generation
    def associations(self, create, extracted, **kwargs):
        if create:
            if extracted is None:
                delegation = self.signing_unit if self.signing_unit.kind == "delegation" else None
                extracted = [AssociationFactory(delegation=delegation or unit("DP-MA-KHO"))]
            self.associations.set(extracted)


class CompetitionFactory(DjangoModelFactory):
    """A competition open for applications until next week, with one post line."""

    class Meta:
        model = Competition
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CONC-2026-{n:03d}")
    title_ar = factory.Sequence(lambda n: f"مباراة توظيف متصرفين رقم {n}")
    title_fr = factory.Sequence(lambda n: f"Concours de recrutement d'administrateurs n° {n}")
    notice_ar = "تعلن مؤسسة التعاون الوطني عن تنظيم مباراة لتوظيف متصرفين من الدرجة الثانية."
    notice_fr = "L'Entraide Nationale organise un concours de recrutement d'administrateurs."
    year = 2026
    unit = factory.LazyFunction(lambda: unit("EN-SDAG"))
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    status = Competition.Status.PUBLISHED

    @factory.post_generation
    def lines(self, create, extracted, **kwargs):
        if create and extracted is None:
            line = PostLine.objects.create(
                competition=self,
                grade=Grade.objects.get(code="administrator-2"),
                posts=kwargs.get("posts", 2),
                diplomas_ar="الإجازة أو دبلوم معادل لها",
                diplomas_fr="Licence ou diplôme équivalent",
                min_age=18,
                max_age=45,
            )
            line.specialties.set(
                Specialty.objects.filter(code__in=["financial-management", "audit"])
            )


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    competition = factory.SubFactory(CompetitionFactory)
    post_line = factory.LazyAttribute(lambda a: a.competition.lines.first())
    cin = factory.Sequence(lambda n: f"AB{100000 + n}")
    first_name_ar = factory.LazyFunction(lambda: arabic_name("first_name"))
    last_name_ar = factory.LazyFunction(lambda: arabic_name("last_name"))
    first_name_lat = factory.Faker("first_name", locale="fr_FR")
    last_name_lat = factory.Faker("last_name", locale="fr_FR")
    sex = "F"
    birth_date = datetime.date(1996, 4, 2)
    email = factory.LazyAttribute(lambda a: f"{a.cin.lower()}@example.ma")
    phone = "0612345678"
    province = factory.LazyFunction(lambda: unit("DP-MA-KHO").provinces.first())
    diploma = "Licence en économie"
    specialty = factory.LazyFunction(lambda: Specialty.objects.get(code="financial-management"))


class SectionFactory(DjangoModelFactory):
    """A section of this season, in the centre's delegation (KHO unless told)."""

    class Meta:
        model = Section
        skip_postgeneration_save = True

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Couture {n}")
    kind = Section.Kind.TRAINING
    starts_on = factory.LazyFunction(lambda: season_of(timezone.localdate())[0])
    ends_on = factory.LazyFunction(lambda: season_of(timezone.localdate())[1])
    places = 20
    delivers_certificate = True


class EnrolmentFactory(DjangoModelFactory):
    """A person waiting for a place (admitted with status=admitted and admitted_on)."""

    class Meta:
        model = Enrolment

    section = factory.SubFactory(SectionFactory)
    person = factory.SubFactory(
        BeneficiaryFactory, delegation=factory.SelfAttribute("..section.centre.delegation")
    )
    status = Enrolment.Status.WAITING
    requested_on = factory.LazyFunction(timezone.localdate)
