"""The file an administrator imports waits between its preview and its confirmation in the
private media storage, shared by the app servers: removed once imported, at once when refused,
and by reap_jobs when its preview was never confirmed; a confirmation names only such a file."""

import datetime
import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from centres.models import Centre
from entraide.imports import HELD_FOLDER, remove_stale_held_files

pytestmark = pytest.mark.django_db

HEADER = "code,name_ar,name_fr,type_code,delegation_code,province_code,status,latitude,longitude\n"
GOOD = "C-HELD-1,مركز واحد,Centre un,cas,DP-MA-KHO,MA-KHO,open,32.88,-6.90\n"
# A letter O typed for a zero: the row is refused.
BAD = "C-HELD-2,مركز اثنان,Centre deux,cas,DP-MA-KHO,MA-KHO,open,3O.52,-6.91\n"


def upload(text, name="centres.csv"):
    handle = io.BytesIO(text.encode("utf-8"))
    handle.name = name
    return handle


def held_files():
    folder = Path(settings.MEDIA_ROOT) / HELD_FOLDER
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture(autouse=True)
def empty_folder():
    for path in held_files():
        path.unlink()


def test_a_refused_file_is_not_kept(client_for, administrator):
    response = client_for(administrator).post(
        reverse("admin:centres_centre_import"),
        {"import_file": upload(HEADER + GOOD + BAD), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    assert not response.context.get("confirm_form")
    assert held_files() == []


def test_a_previewed_file_waits_in_the_private_storage_until_it_is_imported(
    client_for, administrator
):
    client = client_for(administrator)
    response = client.post(
        reverse("admin:centres_centre_import"),
        {"import_file": upload(HEADER + GOOD), "format": "0", "resource": "0"},
    )
    confirm = response.context["confirm_form"].initial
    [held] = held_files()
    assert held.name == confirm["import_file_name"]
    assert str(held).startswith(str(settings.MEDIA_ROOT))
    assert "C-HELD-1" in held.read_text(encoding="utf-8")

    client.post(reverse("admin:centres_centre_process_import"), confirm)
    assert Centre.objects.filter(code="C-HELD-1").exists()
    assert held_files() == []


def test_a_confirmation_naming_another_file_is_refused(client_for, administrator):
    client = client_for(administrator)
    response = client.post(
        reverse("admin:centres_centre_import"),
        {"import_file": upload(HEADER + GOOD), "format": "0", "resource": "0"},
    )
    confirm = {**response.context["confirm_form"].initial, "import_file_name": "../secret.pdf"}
    response = client.post(reverse("admin:centres_centre_process_import"), confirm)
    assert response.status_code == 400
    assert not Centre.objects.filter(code="C-HELD-1").exists()


def test_reap_jobs_removes_the_previews_left_unconfirmed(client_for, administrator):
    client_for(administrator).post(
        reverse("admin:centres_centre_import"),
        {"import_file": upload(HEADER + GOOD), "format": "0", "resource": "0"},
    )
    [held] = held_files()
    assert remove_stale_held_files() == 0  # a preview of a moment ago waits for its answer
    seven_hours_ago = (timezone.now() - datetime.timedelta(hours=7)).timestamp()
    os.utime(held, (seven_hours_ago, seven_hours_ago))
    out = io.StringIO()
    call_command("reap_jobs", stdout=out)
    assert "import previews left unconfirmed: 1 files removed" in out.getvalue()
    assert held_files() == []
