import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
application = get_wsgi_application()

# What is loaded now (settings, apps, models, the URLconf) lives as long as the process: the
# garbage collector need not walk it again at every full pass.
from django.urls import get_resolver  # noqa: E402 - needs the settings above

get_resolver().url_patterns  # noqa: B018 - load the URLconf before freezing
gc.freeze()
