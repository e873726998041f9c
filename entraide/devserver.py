"""`make run`: the development server and a task worker; Ctrl-C stops both and the embedded
PostgreSQL (when DATABASE_URL is unset)."""

import os
import signal
import subprocess
import sys

from entraide import embedded_db


def main():
    python = sys.executable
    # Jobs left running by a worker stopped the hard way (a closed terminal) are marked failed.
    subprocess.run([python, "manage.py", "reap_jobs"], check=False)  # noqa: S603
    processes = [
        subprocess.Popen([python, "manage.py", "runserver", "127.0.0.1:8000"]),  # noqa: S603
        subprocess.Popen([python, "manage.py", "db_worker"]),  # noqa: S603
    ]
    print("Entraide portal: http://127.0.0.1:8000/  (Ctrl-C stops everything)", flush=True)
    try:
        while all(p.poll() is None for p in processes):
            try:
                processes[0].wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        if not os.environ.get("DATABASE_URL"):
            embedded_db.stop()
            print("stopped the embedded PostgreSQL", flush=True)


if __name__ == "__main__":
    main()
