import http.server
import json
import threading

import pytest
from django.db import connection

from tests.conftest import load_reference_data


@pytest.fixture
def reference_data_put_back(django_db_setup, django_db_blocker):
    """A transactional test ends by emptying every table: put back what the migrations wrote
    and the reference data, for the tests after it (as tests/beneficiaries/test_faults.py)."""
    yield
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
        load_reference_data()


@pytest.fixture
def committed_db(reference_data_put_back, transactional_db, django_db_serialized_rollback):
    """Writes are committed at once, so that another connection (another worker) sees them."""


class FakeGateway:
    """An SMS gateway on loopback: it records what it receives (`requests`: the path, the
    headers and the JSON body of each) and answers 200, or 500 to the next `fail_next(n)`."""

    def __init__(self):
        self.requests = []
        self.failures = 0
        self.lock = threading.Lock()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"

    def fail_next(self, count):
        with self.lock:
            self.failures = count

    def _handler(self):
        gateway = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with gateway.lock:
                    gateway.requests.append(
                        {
                            "path": self.path,
                            "headers": dict(self.headers),
                            "json": json.loads(body.decode()),
                        }
                    )
                    failing = gateway.failures > 0
                    if failing:
                        gateway.failures -= 1
                status = 500 if failing else 200
                answer = b'{"error": "down"}' if failing else b'{"id": "gw-1"}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format, *args):  # quiet: no line per request in the output
                pass

        return Handler


@pytest.fixture
def sms_gateway(settings):
    """A fake SMS gateway on 127.0.0.1, and the settings that send to it through the HTTP
    backend (token "test-token")."""
    gateway = FakeGateway()
    thread = threading.Thread(target=gateway.server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "notifications.sms.HttpBackend"
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_GATEWAY_TOKEN = "test-token"
    settings.SMS_GATEWAY_TIMEOUT = 5
    yield gateway
    gateway.server.shutdown()
    gateway.server.server_close()
    thread.join()
