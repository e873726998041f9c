import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings.base")

application = get_wsgi_application()

# Before the first request: otherwise whoever asks for the process's first PDF waits for
# WeasyPrint to load (see entraide.pdf.warm_up).
from entraide.pdf import warm_up  # noqa: E402 - once the apps are loaded

warm_up()
