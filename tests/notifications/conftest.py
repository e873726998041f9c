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
