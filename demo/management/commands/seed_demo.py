"""Demo accounts (password "demo") for development and tests; refused in production settings."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.beneficiaries import seed_beneficiaries
from demo.centres import seed_centres
from demo.enrolments import seed_enrolments
from demo.partnerships import seed_partnerships
from demo.programmes import seed_aid, seed_catalogue
from demo.recruitment import seed_recruitment
from entraide.audit import acting_as
from entraide.models import User
from entraide.roles import Role
from partnerships.models import Association
from territory.models import OrgUnit

DEMO_PASSWORD = "demo"  # noqa: S105 - demo accounts exist only where DEMO_DATA_ALLOWED

# username, unit code, role, names in Arabic script, in Latin script, superuser
DEMO_ACCOUNTS = [
    ("admin", "EN", Role.ADMINISTRATOR, ("أمينة", "بناني"), ("Amina", "Bennani"), True),
    (
        "central",
        "EN-SDAS",
        Role.CENTRAL_OFFICER,
        ("كريم", "الإدريسي"),
        ("Karim", "El Idrissi"),
        False,
    ),
    ("inspector", "EN-INSP", Role.INSPECTOR, ("نادية", "العلوي"), ("Nadia", "Alaoui"), False),
    ("coordinator", "CR-MA-05", Role.COORDINATOR, ("يوسف", "التازي"), ("Youssef", "Tazi"), False),
    ("delegate", "DP-MA-KHO", Role.DELEGATE, ("فاطمة", "الزهراوي"), ("Fatima", "Zahraoui"), False),
    ("worker", "DP-MA-KHO", Role.SOCIAL_WORKER, ("سلمى", "برادة"), ("Salma", "Berrada"), False),
    (
        "manager",
        "DP-MA-KHO",
        Role.CENTRE_MANAGER,
        ("خديجة", "الوزاني"),
        ("Khadija", "Ouazzani"),
        False,
    ),
    ("worker2", "DP-MA-RAB", Role.SOCIAL_WORKER, ("هشام", "الناصري"), ("Hicham", "Naciri"), False),
    (
        "delegate2",
        "DP-MA-RAB",
        Role.DELEGATE,
        ("عبد الله", "بنجلون"),
        ("Abdellah", "Benjelloun"),
        False,
    ),
    # The staff of a partner association of Khouribga: its referrals, nothing else.
    ("partner", "DP-MA-KHO", Role.PARTNER_STAFF, ("حنان", "السباعي"), ("Hanane", "Sbai"), False),
    (
        "partnerships",
        "CR-MA-05",
        Role.PARTNERSHIP_OFFICER,
        ("رشيد", "العمراني"),
        ("Rachid", "Amrani"),
        False,
    ),
    (
        "recruitment",
        "EN-SDAG",
        Role.RECRUITMENT_OFFICER,
        ("مريم", "الشرايبي"),
        ("Meryem", "Chraibi"),
        False,
    ),
]


class Command(BaseCommand):
    help = "Create or refresh the demo accounts (development and tests only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["demo", "national"],
            default="demo",
            help="demo: a small set in seconds; national: the whole country (a few minutes)",
        )
        parser.add_argument(
            "--without-people",
            action="store_true",
            help="no demo people nor cases (the browser tests make their own)",
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="the same seed gives the same country"
        )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is not allowed with these settings (production).")
        units = {u.code: u for u in OrgUnit.objects.filter(code__in={a[1] for a in DEMO_ACCOUNTS})}
        missing = {a[1] for a in DEMO_ACCOUNTS} - set(units)
        if missing:
            raise CommandError(
                f"Run load_territory first: missing units {', '.join(sorted(missing))}"
            )
        created = 0
        with transaction.atomic(), acting_as(None, command="seed_demo"):
            for username, code, role, arabic, latin, superuser in DEMO_ACCOUNTS:
                user, was_created = User.objects.update_or_create(
                    username=username,
                    defaults={
                        "unit": units[code],
                        "role": role,
                        "first_name_ar": arabic[0],
                        "last_name_ar": arabic[1],
                        "first_name": latin[0],
                        "last_name": latin[1],
                        "email": f"{username}@demo.entraide.ma",
                        "is_superuser": superuser,
                        "is_staff": superuser,
                        "is_active": True,
                    },
                )
                if was_created or not user.check_password(DEMO_PASSWORD):
                    user.set_password(DEMO_PASSWORD)
                    user.save(update_fields=["password"])
                created += was_created
            centres = seed_centres(
                manager=User.objects.get(username="manager"),
                validator=User.objects.get(username="delegate"),
            )
            associations, conventions = seed_partnerships(
                officer=User.objects.get(username="partnerships"),
                delegate=User.objects.get(username="delegate"),
                inspector=User.objects.get(username="inspector"),
            )
            # The partner account works for the first association of Khouribga.
            first = Association.objects.filter(delegation=units["DP-MA-KHO"]).order_by("pk")
            if first.exists():
                first.first().staff.add(User.objects.get(username="partner"))
            seed_recruitment(officer=User.objects.get(username="recruitment"))
            # The programmes and their catalogue need nobody: the browser tests stand on them.
            items, programmes, budgets = seed_catalogue()
            people = sections = placed = waiting = 0
            aid = (0, 0, 0, 0, 0)
            if not options["without_people"]:
                workers = User.objects.filter(username__in=["worker", "worker2"])
                people = seed_beneficiaries(workers={u.username: u for u in workers})
        if not options["without_people"]:
            # The register of three centres: their sections and the demo people in them,
            # outside the context above, so that its history names each centre's keeper.
            with transaction.atomic():
                sections, placed, waiting = seed_enrolments()
            # Khouribga's aid: each service call in the name of the demo user who acts.
            with transaction.atomic():
                aid = seed_aid()
        self.stdout.write(f"demo accounts: {created} created, {len(DEMO_ACCOUNTS) - created} kept")
        self.stdout.write(f"demo centres: {centres}, with a year of monthly activity")
        self.stdout.write(
            f"demo partnerships: {associations} associations, {conventions} conventions"
        )
        self.stdout.write(f"demo people: {people}, each with a case at its stage")
        self.stdout.write(
            f"demo register: {sections} sections, {placed} people placed, {waiting} waiting"
        )
        self.stdout.write("demo competitions: one open for applications, one with its results")
        self.stdout.write(
            f"demo aid programmes: {programmes} programmes, {items} catalogue items, "
            f"{budgets} budgets this year"
        )
        requests, decided, delivered, households, kits = aid
        self.stdout.write(
            f"demo aid in Khouribga: {requests} requests, {decided} decided in committee, "
            f"{delivered} delivered; an emergency with {households} households, "
            f"{kits} kits of round 1"
        )
        if options["scale"] == "national":
            from demo import national

            self.stdout.write("The national data set (once; later runs keep it):")
            seconds = national.ensure_built(log=self.stdout.write, seed=options["seed"])
            self.stdout.write(f"national data set ready in {seconds:.0f} s")
        self.stdout.write(f"Sign in with any of these, password {DEMO_PASSWORD!r}:")
        for username, code, role, _arabic, _latin, _superuser in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<13} {role.value:<20} {units[code].name_fr}")
