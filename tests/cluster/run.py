"""`make cluster`: the production of README.md, on this machine's loopback, with the real parts.

    python -m tests.cluster.run          (make cluster; Ctrl-C stops what it started)

- two PostgreSQL servers, a primary and a hot standby streaming from it (pg_basebackup), the
  primary archiving its WAL (for `make backup` and `make restore-drill`);
- two gunicorn app servers with the production settings (entraide.settings.base), behind
  nginx (Debian's package), which routes around one that stops answering;
- two task workers (`manage.py db_worker`), and `manage.py reap_jobs` every few seconds (as
  cron would, every few minutes, in production).

The portal names both database servers in its configuration, as libpq allows:
DATABASE_URL asks for the one that accepts writes (`target_session_attrs=read-write`) and
DATABASE_REPLICA_URL prefers a standby (`prefer-standby`). A failover (the standby promoted)
then needs no new configuration and no restart: the next connections go to the new primary.

The data are the national data set of `make bench` (580,000 people), copied once from the
embedded PostgreSQL by a base backup into .data/cluster/ (a few minutes the first time, the
national data set built first if need be); later runs start what is there.

Environment (defaults): CLUSTER_PORT=8300 (nginx; the app servers on the next two ports),
CLUSTER_DB_PORT=55432 (the two PostgreSQL servers on it and the next), CLUSTER_APP_WORKERS=2,
CLUSTER_APP_THREADS=4 (gunicorn's gthread workers and threads of each app server).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.cluster.pg import Server, owned

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / ".data" / "cluster"
ARCHIVE = HOME / "wal-archive"
BACKUPS = HOME / "backups"
STATE = HOME / "state.json"
DATABASE = "entraide_bench"

PORT = int(os.environ.get("CLUSTER_PORT") or 8300)
DB_PORT = int(os.environ.get("CLUSTER_DB_PORT") or 55432)
APP_WORKERS = int(os.environ.get("CLUSTER_APP_WORKERS") or 2)
APP_THREADS = int(os.environ.get("CLUSTER_APP_THREADS") or 4)
REAP_EVERY = 5.0  # seconds between two `reap_jobs`


def log(message: str) -> None:
    print(f"[cluster {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Process:
    """A program of the cluster, in a process group of its own (a kill takes its children,
    gunicorn's workers for example), its output in a log file."""

    def __init__(self, name: str, command: list[str], env: dict | None = None):
        self.name = name
        self.command = command
        self.env = env
        self.popen: subprocess.Popen | None = None
        self.log = HOME / "logs" / f"{name}.log"
        # Kept down on purpose (a fault): the supervisor leaves it alone.
        self.held = False

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = self.log.open("a")
        self.popen = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        out.close()

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal(self, sig: int) -> None:
        if self.alive:
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        """SIGKILL, as a machine lost or the kernel's out-of-memory killer: no clean-up."""
        self.signal(signal.SIGKILL)
        if self.popen is not None:
            self.popen.wait()

    def stop(self, timeout: float = 15) -> None:
        self.signal(signal.SIGTERM)
        if self.popen is None:
            return
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()


def database_urls(servers: list[Server]) -> tuple[str, str]:
    """DATABASE_URL (the server that accepts writes) and DATABASE_REPLICA_URL (a standby if
    there is one), each naming both servers."""
    hosts = ",".join(f"127.0.0.1:{server.port}" for server in servers)
    base = f"postgres://postgres@{hosts}/{DATABASE}?connect_timeout=3"
    return (
        f"{base}&target_session_attrs=read-write",
        f"{base}&target_session_attrs=prefer-standby",
    )


class Cluster:
    def __init__(self):
        self.servers = [
            Server(HOME / "pg-a", DB_PORT, "pg-a"),
            Server(HOME / "pg-b", DB_PORT + 1, "pg-b"),
        ]
        self.apps: list[Process] = []
        self.workers: list[Process] = []
        self.nginx: Process | None = None
        self.reaper: Process | None = None
        self.secret_key = secrets.token_urlsafe(50)

    # -- PostgreSQL ----------------------------------------------------------------------

    @property
    def primary(self) -> Server:
        name = json.loads(STATE.read_text())["primary"] if STATE.exists() else "pg-a"
        return next(s for s in self.servers if s.name == name)

    @property
    def standby(self) -> Server:
        return next(s for s in self.servers if s is not self.primary)

    def set_primary(self, server: Server) -> None:
        STATE.write_text(json.dumps({"primary": server.name}))

    def archive_settings(self) -> dict:
        """Every server archives its WAL once it is the primary (for the backups). A segment
        already in the archive with the same bytes counts as archived: a standby made by a
        base backup holds segments its primary archived, and once promoted it offers them
        again (refused, they would stop its archiving for good: the first failover of
        `make cluster-faults` followed by `make restore-drill` found it). A different file
        under the same name is refused. Copied under a temporary name, then renamed, so the
        archive never holds half a segment."""
        target = f"{ARCHIVE}/%f"
        return {
            "archive_mode": "on",
            "archive_command": (
                f"'cmp -s %p {target} || (test ! -f {target} && cp %p {target}.part "
                f"&& mv {target}.part {target})'"
            ),
        }

    def primary_settings(self) -> dict:
        """Synchronous replication: a commit is acknowledged once the standby has it on disk,
        so that a failover loses no acknowledged write. The price: while the standby is down
        the primary's commits wait for it (README.md says what to do then)."""
        return {**self.archive_settings(), "synchronous_standby_names": "'*'"}

    def ensure_databases(self) -> None:
        """Start the primary and its standby, making them the first time (copies of the
        embedded server, which holds the national data set)."""
        owned(HOME)
        owned(ARCHIVE)
        owned(BACKUPS)
        primary = self.primary
        if not primary.exists:
            self.copy_embedded_server(primary)
        if not primary.running:
            primary.start()
        log(f"PostgreSQL primary {primary.name} on 127.0.0.1:{primary.port}")
        self.ensure_standby()

    def copy_embedded_server(self, primary: Server) -> None:
        from entraide import embedded_db

        info = embedded_db._postmaster()
        if info is None:
            raise SystemExit("the embedded PostgreSQL is not running: run through `make cluster`")
        log(f"copying the embedded PostgreSQL ({DATABASE}) into {primary.data} (once)...")
        started = time.monotonic()
        primary.base_backup_of(info.get_uri(database="postgres"), standby=False)
        primary.configure(**self.primary_settings())
        log(f"  copied in {time.monotonic() - started:.0f} s")
        self.set_primary(primary)

    def ensure_standby(self) -> None:
        """A standby of the current primary: started if there is one, made by a base backup
        otherwise (or when it is not the primary's: a former primary after a failover)."""
        primary, standby = self.primary, self.standby
        fresh = standby.exists and (standby.data / "standby.signal").exists()
        if fresh and not standby.running:
            try:
                standby.start(timeout=120)
            except subprocess.CalledProcessError:
                fresh = False
        if fresh and self.streaming(standby):
            log(f"PostgreSQL standby {standby.name} on 127.0.0.1:{standby.port}, streaming")
            self.synchronous()
            return
        standby.stop("immediate")
        log(f"making the standby {standby.name} by a base backup of {primary.name}...")
        started = time.monotonic()
        standby.base_backup_of(primary.url(), standby=True)
        standby.configure(**self.archive_settings())
        standby.start()
        log(
            f"PostgreSQL standby {standby.name} on 127.0.0.1:{standby.port}, streaming "
            f"(made in {time.monotonic() - started:.0f} s)"
        )
        self.synchronous()

    def synchronous(self) -> None:
        """The primary waits for its standby again (a promoted standby committed alone)."""
        self.primary.configure(**self.primary_settings())
        self.primary.sql("SELECT pg_reload_conf()")

    def streaming(self, standby: Server, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                row = standby.sql("SELECT status FROM pg_stat_wal_receiver")
            except Exception:  # noqa: BLE001 - still starting
                row = None
            if row and row[0] == "streaming":
                return True
            time.sleep(0.5)
        return False

    # -- the portal ----------------------------------------------------------------------

    def env(self, **extra: str) -> dict:
        """The production settings as `make load` runs them (tests.load.run.production_env),
        behind the proxy, on both database servers, one secret key for every process."""
        from tests.load.run import production_env

        database_url, replica_url = database_urls(self.servers)
        return {
            **production_env(database_url, ROOT / ".data" / "load-static"),
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_REPLICA_URL": replica_url,
            "MEDIA_ROOT": str(HOME / "media"),
            "TRUSTED_PROXY_COUNT": "1",
            "TRUSTED_PROXIES": "127.0.0.1",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }

    def app(self, n: int) -> Process:
        port = PORT + 1 + n
        command = [sys.executable, "-m", "gunicorn", "entraide.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{port}", "--worker-class", "gthread"]
        command += ["--workers", str(APP_WORKERS), "--threads", str(APP_THREADS)]
        command += ["--timeout", "60", "--graceful-timeout", "5", "--no-control-socket"]
        return Process(f"app-{n + 1}", command, self.env())

    def worker(self, n: int) -> Process:
        # Each worker names its connections, so that its jobs are found in pg_stat_activity.
        database_url, replica_url = database_urls(self.servers)
        env = self.env(DATABASE_URL=f"{database_url}&application_name=worker-{n + 1}")
        command = [sys.executable, "manage.py", "db_worker"]
        return Process(f"worker-{n + 1}", command, env)

    def start_portal(self) -> None:
        from tests.load.run import collect_static

        # Once per release, from one machine, before the app servers start (README.md).
        for step in (["migrate", "--no-input", "-v0"], ["createcachetable"]):
            subprocess.run(
                [sys.executable, "manage.py", *step], cwd=ROOT, env=self.env(), check=True
            )
        collect_static(self.env())
        (HOME / "media").mkdir(exist_ok=True)
        self.apps = [self.app(n) for n in range(2)]
        self.workers = [self.worker(n) for n in range(2)]
        for process in [*self.apps, *self.workers]:
            process.start()
        for n, app in enumerate(self.apps):
            self.wait_healthy(PORT + 1 + n, app)
        self.start_nginx()
        self.wait_healthy(PORT, self.nginx)
        reap = [sys.executable, "-c", REAPER, str(REAP_EVERY)]
        self.reaper = Process("reap-jobs", reap, self.env())
        self.reaper.start()

    def restart_app(self, n: int) -> None:
        self.apps[n] = self.app(n)
        self.apps[n].start()
        self.wait_healthy(PORT + 1 + n, self.apps[n])

    def restart_worker(self, n: int) -> None:
        self.workers[n] = self.worker(n)
        self.workers[n].start()

    def wait_healthy(self, port: int, process: Process, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not process.alive:
                raise SystemExit(f"{process.name} stopped; see {process.log}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"{process.name} did not answer /healthz in {timeout:.0f} s")

    def start_nginx(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise SystemExit("nginx is missing: run scripts/system-packages cluster (as root)")
        folder = HOME / "nginx"
        for sub in ("temp", "logs"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
            (folder / sub).chmod(0o777)  # nginx's workers may run as nobody
        conf = folder / "nginx.conf"
        conf.write_text(NGINX.format(folder=folder, port=PORT, a=PORT + 1, b=PORT + 2))
        self.nginx = Process("nginx", [nginx, "-p", str(folder), "-c", str(conf)])
        self.nginx.start()

    def supervise(self) -> None:
        """As systemd would: a program of the cluster that stopped is started again (unless
        a fault keeps it down)."""
        for n, app in enumerate(self.apps):
            if not app.alive and not app.held:
                log(f"{app.name} stopped: starting it again")
                self.restart_app(n)
        for n, worker in enumerate(self.workers):
            if not worker.alive and not worker.held:
                log(f"{worker.name} stopped: starting it again")
                self.restart_worker(n)

    def stop_portal(self) -> None:
        for process in [self.reaper, self.nginx, *self.apps, *self.workers]:
            if process is not None:
                process.held = True
                process.stop()

    def stop(self) -> None:
        self.stop_portal()
        for server in self.servers:
            server.stop()

    def addresses(self) -> str:
        database_url, replica_url = database_urls(self.servers)
        lines = [
            f"portal (nginx)     http://127.0.0.1:{PORT}/",
            *(f"{a.name:<18} http://127.0.0.1:{PORT + 1 + n}/" for n, a in enumerate(self.apps)),
            f"task workers       {', '.join(w.name for w in self.workers)} (manage.py db_worker)",
            f"PostgreSQL primary {self.primary.name} 127.0.0.1:{self.primary.port}",
            f"PostgreSQL standby {self.standby.name} 127.0.0.1:{self.standby.port} (hot standby)",
            f"DATABASE_URL         {database_url}",
            f"DATABASE_REPLICA_URL {replica_url}",
            f"logs               {HOME / 'logs'}",
        ]
        return "\n".join(lines)


# `manage.py reap_jobs` in a loop, as cron would run it.
REAPER = """
import sys, time, django, logging
django.setup()
from entraide.jobs import reap_all
while True:
    try:
        reaped = reap_all()
        if any(reaped.values()):
            print('reaped', reaped, flush=True)
    except Exception as error:
        print('reap_jobs failed:', error, flush=True)
        from django.db import connections
        connections.close_all()
    time.sleep(float(sys.argv[1]))
"""

NGINX = """
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/logs/error.log warn;
events {{ worker_connections 2048; }}
http {{
    access_log off;
    client_body_temp_path {folder}/temp/body;
    proxy_temp_path {folder}/temp/proxy;
    fastcgi_temp_path {folder}/temp/fastcgi;
    uwsgi_temp_path {folder}/temp/uwsgi;
    scgi_temp_path {folder}/temp/scgi;
    client_max_body_size 25m;
    upstream portal {{
        # An app server that fails is left aside for a few seconds, then tried again.
        server 127.0.0.1:{a} max_fails=1 fail_timeout=3s;
        server 127.0.0.1:{b} max_fails=1 fail_timeout=3s;
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://portal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # A request that could not reach an app server goes to the other one; a form
            # sent (POST) is passed on only if the first server never received it. Not on a
            # 503: the app says so when the database does not answer (entraide.unavailable),
            # which the other server shares; counted as a failure, it marked both servers down
            # and nginx answered its own bare 502 page, not the portal's, for seconds after.
            proxy_next_upstream error timeout http_502;
            proxy_connect_timeout 2s;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


def setup_django(cluster: Cluster) -> None:
    """This process's own Django, on the cluster's databases (the development settings): to
    find the static files, prepare accounts, check what was written."""
    import django

    os.environ["DATABASE_URL"], os.environ["DATABASE_REPLICA_URL"] = database_urls(cluster.servers)
    os.environ["MEDIA_ROOT"] = str(HOME / "media")  # the app servers' and workers' own
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings.dev")
    os.environ.setdefault("DEBUG", "0")
    django.setup()


def main() -> int:
    cluster = Cluster()
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        cluster.ensure_databases()
        setup_django(cluster)
        cluster.start_portal()
        print("\n" + cluster.addresses() + "\n\nCtrl-C stops everything it started.", flush=True)
        while not stopping:
            cluster.supervise()
            time.sleep(1)
    finally:
        log("stopping...")
        cluster.stop()
        log("stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
