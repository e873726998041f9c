import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from notifications.models import Kind, Notification
from tests.factories import UserFactory


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = Kind.CASE_ASSIGNED
    about = factory.Sequence(lambda n: f"KHO-2026-{n:06d}-1")
    url = "/ar/profile/"

    class Params:
        read = factory.Trait(read_at=factory.LazyFunction(timezone.now))
