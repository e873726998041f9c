"""`make security`: sqlmap against the doors through which what people type reaches SQL, on a
local server, and one table of what it found.

    python -m tests.security.run url        # (re)creates the database, prints its URL
    python -m tests.security.run [TARGET..] # seeds, serves, scans; all four targets by default

The targets: the signed-in people search (GET q, page), the person form (POST), the import
upload (multipart: the file's cells and its name) and the public application form of an open
competition (multipart, anonymous). They run against gunicorn (tests.security.wsgi) on a
database of its own, `entraide_security`, on the same server as the project's (the embedded
PostgreSQL unless DATABASE_URL is set), seeded by `seed_demo`; the staff targets sign in as
the demo social worker through the login form.

DEBUG is on: a database error would show in the page, which is what sqlmap's error-based
tests look for. Each form is posted once before its scan, so that every later request meets
the same state (the person or application already exists) and sqlmap compares like with like.
The CSRF token goes in the X-CSRFToken header, which Django reads on any POST, multipart
included (sqlmap's --csrf-token rewrites only url-encoded bodies); the session cookie with
--cookie and --drop-set-cookie.

Prints, per target and parameter, what sqlmap found or "no injection found", its warnings
(HTTP 500s, heuristic XSS hints), and the server's own count of 500s. Exits non-zero on an
injection or a 500. sqlmap's whole output is kept in .data/security/<target>.log.

Environment (defaults):
  SECURITY_PORT=8766
  SECURITY_LEVEL=1 SECURITY_RISK=1 SECURITY_TECHNIQUE=BEUST  sqlmap's --level, --risk and
                          --technique (Boolean, Error, Union, Stacked, Time)
  SECURITY_SMART=0        1: sqlmap's --smart (only parameters a heuristic flags)
"""

import collections
import http.client
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / ".data" / "security"
DATABASE = "entraide_security"
PORT = int(os.environ.get("SECURITY_PORT") or 8766)
LEVEL = os.environ.get("SECURITY_LEVEL") or "1"
RISK = os.environ.get("SECURITY_RISK") or "1"
TECHNIQUE = os.environ.get("SECURITY_TECHNIQUE") or "BEUST"
SMART = os.environ.get("SECURITY_SMART") == "1"
USERNAME, PASSWORD = "worker", "demo"  # seed_demo's social worker in Khouribga
PDF = b"%PDF-1.4\n%security scan\n"
CIN = "SQ123456"


def security_database_url(*, fresh=False):
    """The scan's database on the project's server; created when missing, and created anew
    when `fresh` (the Makefile's call: each scan starts from the same data, without the
    thousands of rows the last one left)."""
    import psycopg

    from demo.national import server_url

    parts = urlsplit(server_url())
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        if not exists.fetchone():
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return urlunsplit(parts._replace(path=f"/{DATABASE}"))


# The HTTP side ------------------------------------------------------------------------------


class Client:
    """A browser reduced to its cookies; one connection per request, no redirect followed."""

    def __init__(self):
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = {"Host": f"127.0.0.1:{PORT}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            page = response.read().decode(errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers.get("Location", ""), page

    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def csrf(self):
        """The token for the X-CSRFToken header: the cookie's secret, which Django accepts
        unmasked for as long as the cookie lives."""
        return self.cookies["csrftoken"]

    def sign_in(self):
        status, _, page = self.request("GET", "/fr/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"csrfmiddlewaretoken": token, "username": USERNAME, "password": PASSWORD}
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, location, _ = self.request("POST", "/fr/login/", urlencode(form), headers)
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"could not sign in as {USERNAME} (HTTP {status})")


def multipart(fields, files):
    """A multipart/form-data body (text, as sqlmap reads request files) and its content type.
    `files`: {field: (filename, content)}."""
    boundary = f"----security{uuid.uuid4().hex}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    parts += [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
        f"\r\nContent-Type: application/octet-stream\r\n\r\n{content}\r\n"
        for name, (filename, content) in files.items()
    ]
    return "".join(parts) + f"--{boundary}--\r\n", f"multipart/form-data; boundary={boundary}"


Target = collections.namedtuple("Target", "name path method body content_type client marks")


def request_file(target):
    """The raw request sqlmap reads with -r."""
    lines = [
        f"{target.method} {target.path} HTTP/1.1",
        f"Host: 127.0.0.1:{PORT}",
        f"Cookie: {target.client.cookie_header()}",
        f"X-CSRFToken: {target.client.csrf()}",
        f"Content-Type: {target.content_type}",
    ]
    path = OUT / f"{target.name}.request"
    path.write_bytes(("\r\n".join(lines) + "\r\n\r\n" + target.body).encode())
    return path


# The data and the targets -------------------------------------------------------------------


def setup_django():
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.security.settings"
    if not os.environ.get("DATABASE_URL", "").split("?")[0].endswith(f"/{DATABASE}"):
        os.environ["DATABASE_URL"] = security_database_url()
    import django

    django.setup()


def seed():
    """The demo accounts and data (idempotent), the worker's lock-outs of earlier runs gone;
    what the forms need: an open competition and the ids its form and the person form take."""
    import io

    from axes.models import AccessAttempt
    from django.core.management import call_command

    from recruitment.models import Competition
    from territory.models import OrgUnit

    call_command("seed_demo", stdout=io.StringIO())
    AccessAttempt.objects.filter(username=USERNAME).delete()
    competition = Competition.objects.open_for_applications().order_by("deadline").first()
    if competition is None:
        raise SystemExit("seed_demo left no competition open for applications")
    line = competition.lines.first()
    delegation = OrgUnit.objects.get(code="DP-MA-KHO")
    return {
        "competition": competition.reference,
        "post_line": line.pk,
        "specialty": line.specialties.first().pk,
        "delegation": delegation.pk,
        "province": delegation.provinces.first().pk,
        "province_code": delegation.provinces.first().code,
    }


def targets(ids, staff, public):
    person = {
        "first_name_ar": "سلمى",
        "last_name_ar": "الأمين",
        "first_name_lat": "Salma",
        "last_name_lat": "Lamine",
        "sex": "F",
        "birth_date": "1990-01-01",
        "birth_year": "",
        "cin": CIN,
        "phone": "0612345678",
        "address": "12 rue Al Amal",
        "province": ids["province"],
        "commune": "Oued Zem",
        "marital_status": "single",
        "education": "primary",
        "delegation": ids["delegation"],
        "centre": "",
        "household-TOTAL_FORMS": "0",
        "household-INITIAL_FORMS": "0",
    }
    row = {
        "first_name_lat": "Salma*",
        "last_name_lat": "Lamine",
        "sex": "F",
        "birth_date": "1990-01-01",
        "cin": f"{CIN[:2]}654321*",
        "province_code": f"{ids['province_code']}*",
        "delegation_code": "DP-MA-KHO",
    }
    from beneficiaries.bulk import COLUMNS

    csv = ",".join(COLUMNS) + "\n" + ",".join(row.get(c, "") for c in COLUMNS) + "\n"
    upload, upload_type = multipart({}, {"file": ("people.csv", csv)})
    application = {
        "post_line": ids["post_line"],
        "cin": "SQ654321",
        "first_name_ar": "سلمى",
        "last_name_ar": "الأمين",
        "first_name_lat": "Salma",
        "last_name_lat": "Lamine",
        "sex": "F",
        "birth_date": "1995-06-14",
        "email": "salma@example.ma",
        "phone": "0661234567",
        "province": ids["province"],
        "diploma": "Master en finance",
        "specialty": ids["specialty"],
        "category": "",
    }
    documents = {"cin_copy": ("cin.pdf", PDF.decode()), "diploma_copy": ("d.pdf", PDF.decode())}
    apply_body, apply_type = multipart(application, documents)
    form = "application/x-www-form-urlencoded"
    return [
        Target("search", "/fr/beneficiaries/?q=salma&page=1", "GET", "", "", staff, []),
        Target("person", "/fr/beneficiaries/new/", "POST", urlencode(person), form, staff, []),
        Target(
            "import",
            "/fr/imports/beneficiaries/",
            "POST",
            upload,
            upload_type,
            staff,
            # The custom marks (*) in the file, in order: sqlmap names them MULTIPART #1*...
            ["file: first_name_lat", "file: cin", "file: province_code"],
        ),
        Target(
            "apply",
            f"/fr/concours/{ids['competition']}/apply/",
            "POST",
            apply_body,
            apply_type,
            public,
            [],
        ),
    ]


# The server ---------------------------------------------------------------------------------


def start_server(log):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.security.settings",
        "DEBUG": "1",
        "MEDIA_ROOT": str(OUT / "media"),
    }
    command = [sys.executable, "-m", "gunicorn", "tests.security.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{PORT}", "--workers", "2", "--timeout", "60"]
    command += ["--no-control-socket"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {server.returncode}); see {log.name}")
        try:
            if Client().request("GET", "/healthz")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer /healthz in 30 s; see {log.name}")


# sqlmap -------------------------------------------------------------------------------------


def sqlmap(target):
    command = [sys.executable, "-m", "sqlmap.sqlmap", "--batch", "--disable-coloring"]
    command += ["--flush-session", "--output-dir", str(OUT / "sqlmap")]
    command += ["--dbms", "PostgreSQL", "--level", LEVEL, "--risk", RISK]
    command += ["--technique", TECHNIQUE, "--timeout", "30", "--retries", "1"]
    # A form that answers a redirect to a valid value and the form again to any other makes
    # sqlmap's ORDER BY probe guess hundreds of UNION columns, then try each for minutes.
    command += ["--union-cols", "1-20"]
    command += ["--drop-set-cookie", "--skip", "household-TOTAL_FORMS,household-INITIAL_FORMS"]
    if SMART:
        command.append("--smart")
    if target.method == "GET":
        command += ["-u", f"http://127.0.0.1:{PORT}{target.path}"]
        command += ["--cookie", target.client.cookie_header()]
    else:
        command += ["-r", str(request_file(target))]
    started = time.monotonic()
    log = OUT / f"{target.name}.log"
    with open(log, "w") as out:  # written as it goes: `tail -f` it to follow the scan
        subprocess.run(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, check=False)
    return log.read_text(), time.monotonic() - started


# sqlmap's CRITICAL lines that report no failure: its verdict, and pages that differ between
# two requests (the CSP nonce, the CSRF token), which it then compares by their structure.
BENIGN_CRITICAL = ("do not appear to be injectable", "appears to be heavily dynamic")


def findings(target, output):
    """[(parameter, finding)] from sqlmap's output."""
    rows = []
    injectable = re.findall(
        r"^Parameter: (.+?) \((.+?)\)\n((?:    .*\n)+)", output, flags=re.MULTILINE
    )
    for name, place, block in injectable:
        kinds = ", ".join(re.findall(r"Type: (.+)", block))
        rows.append((label(target, name, place), f"INJECTABLE: {kinds}"))
    for name in re.findall(r"parameter '([^']+)' does not seem to be injectable", output):
        rows.append((label(target, name, ""), "no injection found"))
    for name in re.findall(r"parameter '([^']+)' might be vulnerable to cross-site", output):
        rows.append((label(target, name, ""), "heuristic XSS hint (payload reflected)"))
    for codes in re.findall(r"HTTP error codes detected during run:\n(.+)", output):
        rows.append(("(whole run)", f"HTTP errors: {codes.strip()}"))
    for message in re.findall(r"\[CRITICAL\] (.+)", output):
        if not any(benign in message for benign in BENIGN_CRITICAL):
            rows.append(("(whole run)", f"sqlmap: {message.strip()[:90]}"))
    if "[*] ending @" not in output:
        rows.append(("(whole run)", "sqlmap stopped before the end: see the log"))
    return rows or [("(none)", "sqlmap tested nothing: see the log")]


def label(target, name, place):
    match = re.match(r"MULTIPART #(\d+)\*", name) or re.match(r"#(\d+)\*", name)
    if match and target.marks:
        return target.marks[int(match.group(1)) - 1]
    return name.removeprefix("MULTIPART ")


def server_errors(log_path):
    """The paths the server answered with a 500, counted (django.request logs each one)."""
    text = log_path.read_text(errors="replace")
    return collections.Counter(re.findall(r"Internal Server Error: (\S+)", text))


def table(rows):
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def main(names):
    setup_django()
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "media").mkdir(parents=True)
    ids = seed()
    print(
        f"sqlmap {sqlmap_version()} against http://127.0.0.1:{PORT} "
        f"(level {LEVEL}, risk {RISK}, techniques {TECHNIQUE}{', smart' if SMART else ''})",
        flush=True,
    )
    with open(OUT / "server.log", "wb") as log:
        server = start_server(log)
        try:
            staff, public = Client(), Client()
            staff.sign_in()
            public.request("GET", f"/fr/concours/{ids['competition']}/apply/")
            rows = [("target", "URL", "parameter", "finding")]
            for target in targets(ids, staff, public):
                if names and target.name not in names:
                    continue
                if target.method == "POST":  # the state every later request meets
                    headers = {"Content-Type": target.content_type}
                    headers["X-CSRFToken"] = target.client.csrf()
                    body = target.body.replace("*", "").encode()
                    target.client.request("POST", target.path, body, headers)
                output, seconds = sqlmap(target)
                print(f"  {target.name}: {seconds:.0f} s", flush=True)
                path = target.path.split("?")[0]
                for parameter, finding in findings(target, output):
                    rows.append((target.name, f"{target.method} {path}", parameter, finding))
        finally:
            server.terminate()
            server.wait(timeout=30)
    errors = server_errors(OUT / "server.log")
    for path, count in sorted(errors.items()):
        rows.append(("server", path, "", f"HTTP 500 x{count} (see .data/security/server.log)"))
    if not errors:
        rows.append(("server", "", "", "no HTTP 500 in the server's log"))
    print()
    table(rows)
    print(f"\nsqlmap's output: {OUT}/<target>.log")
    bad = errors or any(r[3].startswith("INJECTABLE") for r in rows)
    return 1 if bad else 0


def sqlmap_version():
    from importlib.metadata import version

    return version("sqlmap")


if __name__ == "__main__":
    if sys.argv[1:] == ["url"]:
        print(security_database_url(fresh=True))
    else:
        sys.exit(main(sys.argv[1:]))
