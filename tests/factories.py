import factory
from factory.django import DjangoModelFactory

from entraide.models import User
from entraide.roles import Role
from territory.models import OrgUnit


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
