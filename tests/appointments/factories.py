import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from appointments.models import Appointment
from tests.factories import BeneficiaryFactory, UserFactory


def at(day, hour=10, minute=0):
    """That time of that day in Morocco."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def tomorrow_at(hour=10, minute=0):
    return at(timezone.localdate() + datetime.timedelta(days=1), hour, minute)


class AppointmentFactory(DjangoModelFactory):
    """An appointment written straight to the table (the services check the time is to come;
    tests need past ones too)."""

    class Meta:
        model = Appointment

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    worker = factory.SubFactory(UserFactory)
    booked_by = factory.LazyAttribute(lambda a: a.worker)
    starts_at = factory.LazyFunction(tomorrow_at)
    place = Appointment.Place.OFFICE

    class Params:
        missed = factory.Trait(
            state=Appointment.State.MISSED,
            starts_at=factory.LazyFunction(
                lambda: at(timezone.localdate() - datetime.timedelta(days=2))
            ),
        )
