"""Settings for Leeromgeving, read from `LMS_*` environment variables.

Every variable has a default that runs on a laptop with nothing installed
(SQLite, a filesystem broker, e-mail to the console). With `LMS_DEBUG=0` the
secrets and hosts become required and the secure defaults switch on.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("LMS_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("LMS_DEBUG", True)
PRODUCTION = not DEBUG

SECRET_KEY = env_str(
    "LMS_SECRET_KEY",
    "django-insecure-development-only-key-do-not-use-in-production",
    required=PRODUCTION,
)
ALLOWED_HOSTS = env_list("LMS_ALLOWED_HOSTS", ["127.0.0.1", "localhost"], required=PRODUCTION)
LMS_BASE_URL = env_str("LMS_BASE_URL", "http://127.0.0.1:8000", required=PRODUCTION).rstrip("/")
# Contact in /.well-known/security.txt; empty means mailto:security@ the host of LMS_BASE_URL.
LMS_SECURITY_CONTACT = env_str("LMS_SECURITY_CONTACT", "")
# Years after someone was last here (course ended, last login) before they are proposed for
# erasure; an administrator approves or dismisses each proposal (lms.privacy.retention).
LMS_PRIVACY_RETENTION_YEARS = env_int("LMS_PRIVACY_RETENTION_YEARS", 2)
CSRF_TRUSTED_ORIGINS = [LMS_BASE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "polymorphic",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core.outbox",
    "courses",
    "assessments",
    "certificates",
    "lms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every page (lms.security).
    "lms.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check reads the body: a view's own upload caps, a too-large body refused.
    "core.uploads.UploadLimitsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in: the verified state from the session, then the code page while due.
    "django_otp.middleware.OTPMiddleware",
    "lms.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lms.context_processors.navigation",
            ],
        },
    },
]
if PRODUCTION:
    TEMPLATES[0]["APP_DIRS"] = False
    TEMPLATES[0]["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.cached.Loader",
            [
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ],
        )
    ]

# A kept connection is tested (SELECT 1) before the first query of each request, so a
# database restart, fail-over or cut backend costs a reconnect instead of a request's 500.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("LMS_DATABASE_URL", f"sqlite:///{VAR_DIR / 'lms.sqlite3'}"),
        conn_max_age=env_int("LMS_DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, worker and beat read while one of them writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# PostgreSQL binds parameters on the server and prepares a statement run five times on a
# connection (psycopg 3 through Django's own options): the lookups every page makes are then
# planned once per connection. bench/grading.py measured this against a cursor of our own that
# prepared only the hot statements: as fast (exam start p95 291 ms, ours 299 ms, none 373 ms).
# A threshold of 0 would also prepare migrations' multi-statement SQL, which PostgreSQL
# refuses. Turn off behind a pooler that does not keep prepared statements per client.
PREPARED_STATEMENT_OPTIONS = {"server_side_binding": True, "prepare_threshold": 5}
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql") and env_bool(
    "LMS_DATABASE_PREPARED_STATEMENTS", True
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(PREPARED_STATEMENT_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "lms.auth.UsernameOrEmailBackend"]
# Login throttling (django-axes, failures kept in the database so an outage of the cache does
# not lift it): after LMS_LOGIN_FAILURE_LIMIT wrong passwords within LMS_LOGIN_LOCK_MINUTES,
# for one account (from anywhere) or from one client (for any account), logging in is refused
# until that many minutes pass without another try. An unknown account is counted and locked
# like a real one, so the answer never tells whether it exists. An administrator lifts a lock
# by deleting the "Toegangspoging" in the admin (or `manage.py axes_reset_username NAME`).
# Two-factor sign-in (lms.twofactor): required for administrators (by default in production)
# and, when set, for trainers; anyone may turn it on in their settings.
LMS_2FA_ADMINS = env_bool("LMS_2FA_ADMINS", PRODUCTION)
LMS_2FA_TRAINERS = env_bool("LMS_2FA_TRAINERS", False)
OTP_TOTP_ISSUER = "Leeromgeving"
AXES_FAILURE_LIMIT = env_int("LMS_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LMS_LOGIN_LOCK_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "lms.auth.login_throttle_key"
AXES_CLIENT_IP_CALLABLE = "lms.auth.login_client_address"
AXES_LOCKOUT_CALLABLE = "lms.auth.login_locked_out"
# A good login does not wipe the count: it would also wipe its client's count, so an attacker
# with an account of their own could log in between guesses at another's.
AXES_RESET_ON_SUCCESS = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "lms:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise looks here even in development
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads live outside any public URL: they are only served by views that check permission.
MEDIA_ROOT = Path(env_str("LMS_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/files-are-not-served-publicly/"
FILE_UPLOAD_PERMISSIONS = 0o640
# Uploads are capped while they arrive (core.uploads): a file above LMS_UPLOAD_MAX_FILE_MB is
# dropped at that size, a body above LMS_UPLOAD_MAX_REQUEST_MB is not read at all. An
# assignment's hand-in page uses the assignment's own file size and number instead.
LMS_UPLOAD_MAX_FILE_MB = env_int("LMS_UPLOAD_MAX_FILE_MB", 10)
LMS_UPLOAD_MAX_REQUEST_MB = env_int("LMS_UPLOAD_MAX_REQUEST_MB", 25)
DATA_UPLOAD_MAX_NUMBER_FILES = 20
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440  # Django's default: the form's fields other than files
FILE_UPLOAD_HANDLERS = [
    "core.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# E-mail: console by default, SMTP with LMS_EMAIL_URL=smtp://user:pass@host:587?tls=1
_email_url = env_str("LMS_EMAIL_URL", "console://")
from .email_url import parse_email_url  # noqa: E402

globals().update(parse_email_url(_email_url))
DEFAULT_FROM_EMAIL = env_str("LMS_DEFAULT_FROM_EMAIL", "Leeromgeving <noreply@leeromgeving.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: a broker that needs no server by default (kombu's filesystem transport).
_broker_dir = VAR_DIR / "broker"
CELERY_BROKER_URL = env_str("LMS_BROKER_URL", "filesystem://localhost//")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("LMS_BROKER_VISIBILITY_TIMEOUT", 3600),
        # How long an idle worker's poll of Redis blocks (kombu's default is 1 s): a queue it
        # starts consuming (`add_consumer`) is read only when the current poll returns.
        "polling_interval": 0.1,
    }
CELERY_TASK_IGNORE_RESULT = True
# Celery closes the database connection before and after every task unless this is set: a new
# PostgreSQL backend per task. Kept instead, and checked around each task as Django checks it
# around a request (lms.celery: an errored or older-than-CONN_MAX_AGE connection is closed).
CELERY_DB_REUSE_MAX = env_int("LMS_CELERY_DB_REUSE_MAX", 1000)
CELERY_RESULT_BACKEND = None
# A grading task grades up to this many waiting attempts (its own included) in one
# transaction (default and meaning in assessments/conf.py).
LMS_GRADING_BATCH = env_int("LMS_GRADING_BATCH", 50)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("LMS_CELERY_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "assessments.*": {"queue": "grading"},
    "lms.notifications.*": {"queue": "notifications"},
    "certificates.*": {"queue": "certificates"},
}
# A publish waits at most about a second when the broker is away; the sweeps catch up later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Every task of ours retries transient database errors with backoff and jitter and has time
# limits (core.tasks: defaults of 60 s soft, 90 s hard, LMS_TASK_* to change them). These get
# longer (seconds): batches, bulk approvals and the periodic jobs over every learner.
_LONG = {"soft_time_limit": 120, "time_limit": 180}
_LONGEST = {"soft_time_limit": 300, "time_limit": 360}
CELERY_TASK_ANNOTATIONS = {
    "assessments.attempts_close_expired": _LONG,
    "assessments.course_results_recompute_course": _LONGEST,
    "assessments.course_results_sweep": _LONGEST,
    "certificates.certificate_render_many": _LONG,
    "certificates.certificate_approve": _LONGEST,
    "certificates.certificates_sweep": _LONG,
    "lms.notifications.send": _LONG,
    "lms.notifications.reminders_due": _LONG,
    "lms.notifications.reminders_sessions": _LONG,
    "lms.notifications.digest_new_work": _LONG,
    "lms.notifications.digest_trainers": _LONG,
    "lms.notifications.reminders_coaching": _LONG,
    "lms.notifications.announcements_notify": _LONG,
    "lms.notifications.evaluations_ask": _LONG,
    "lms.notifications.organisation_reports_monthly": _LONG,
    "lms.reports.report_build": _LONGEST,
}
CELERY_BEAT_SCHEDULE: dict = {
    # Liveness of the worker: writes var/heartbeat every minute.
    "heartbeat": {"task": "lms.tasks.heartbeat", "schedule": 60.0, "options": {"expires": 55}},
    "close-expired-attempts": {
        "task": "assessments.attempts_close_expired",
        "schedule": 30.0,
        "options": {"expires": 25},
    },
    "sweep-ungraded-attempts": {
        "task": "assessments.attempts_sweep_ungraded",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Notifications: each job computes what is due from the database and inserts a marker per
    # message, so a missed or doubled run changes nothing (see lms.notifications.services).
    "notifications-reminders-due": {
        "task": "lms.notifications.reminders_due",
        "schedule": 900.0,
        "options": {"expires": 840},
    },
    "notifications-reminders-sessions": {
        "task": "lms.notifications.reminders_sessions",
        "schedule": 900.0,
        "options": {"expires": 840},
    },
    "notifications-digest-new-work": {
        "task": "lms.notifications.digest_new_work",
        "schedule": 900.0,
        "options": {"expires": 840},
    },
    "notifications-digest-trainers": {
        "task": "lms.notifications.digest_trainers",
        "schedule": 900.0,
        "options": {"expires": 840},
    },
    "notifications-reminders-coaching": {
        "task": "lms.notifications.reminders_coaching",
        "schedule": 900.0,
        "options": {"expires": 840},
    },
    "notifications-announcements": {
        "task": "lms.notifications.announcements_notify",
        "schedule": 900.0,
        "options": {"expires": 840},
    },
    "notifications-evaluations": {
        "task": "lms.notifications.evaluations_ask",
        "schedule": 900.0,
        "options": {"expires": 840},
    },
    # The monthly e-mail to contact persons: marked per person, organisation and month.
    "notifications-organisation-reports": {
        "task": "lms.notifications.organisation_reports_monthly",
        "schedule": 3600.0,
        "options": {"expires": 3540},
    },
    "notifications-send": {
        "task": "lms.notifications.send",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "sweep-course-results": {
        "task": "assessments.course_results_sweep",
        "schedule": 300.0,
        "options": {"expires": 290},
    },
    "sweep-certificates": {
        "task": "certificates.certificates_sweep",
        "schedule": 300.0,
        "options": {"expires": 290},
    },
    # Reports that were asked for but got lost on the way to a worker are sent again.
    "reports-sweep": {
        "task": "lms.reports.reports_sweep",
        "schedule": 300.0,
        "options": {"expires": 290},
    },
    # Waiting lists: offers that ran out lapse and free places go to the next (idempotent).
    "signup-offers-sweep": {
        "task": "courses.signup_offers_sweep",
        "schedule": 900.0,
        "options": {"expires": 840},
    },
    # Retention: proposes people past LMS_PRIVACY_RETENTION_YEARS for erasure (idempotent).
    "privacy-erasure-proposals": {
        "task": "lms.privacy.erasure_proposals_create",
        "schedule": 86400.0,
        "options": {"expires": 3600},
    },
}

# Courses (defaults and meaning in courses/conf.py): the apps below lms name none of its
# pages; their "Mijn leeromgeving" links (and e-mails) lead to the learner's dashboard.
LMS_LEARNER_HOME_URL = "lms:learner_dashboard"
# "Stel je vraag aan je trainer" on a learner's pages opens their conversation (lms).
LMS_LEARNER_CONVERSATION_URL = "lms:conversation"

# Certificates (defaults and meaning in certificates/conf.py).
LMS_CERTIFICATE_FONT = env_str("LMS_CERTIFICATE_FONT", "")
LMS_CERTIFICATE_SIGNING_KEY = env_str("LMS_CERTIFICATE_SIGNING_KEY", "")
LMS_CERTIFICATE_SIGNING_KEY_FILE = env_str(
    "LMS_CERTIFICATE_SIGNING_KEY_FILE", str(VAR_DIR / "certificate-signing-key.pem")
)
# The issuer's did:web; empty: did:web:<host of LMS_BASE_URL>. Set it before moving hosts.
LMS_CERTIFICATE_ISSUER_ID = env_str("LMS_CERTIFICATE_ISSUER_ID", "")
LMS_CERTIFICATE_ISSUER_NAME = env_str("LMS_CERTIFICATE_ISSUER_NAME", "NVVB / PublieksAcademie")
LMS_CERTIFICATE_ISSUER_URL = env_str("LMS_CERTIFICATE_ISSUER_URL", "https://www.nvvb.nl")
LMS_CERTIFICATE_VERIFY_RATE = env_int("LMS_CERTIFICATE_VERIFY_RATE", 30)

# Cache: per-process memory by default; Redis in production (LMS_CACHE_URL=redis://host:6379/1).
_cache_url = env_str("LMS_CACHE_URL", "locmem://")
if _cache_url.startswith(("redis://", "rediss://")):
    # Fail-open (core.cache): an unreachable Redis costs speed, not service; short socket
    # timeouts keep a hanging one from holding requests.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": _cache_url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
elif _cache_url.startswith("locmem://"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lms"}
    }
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"LMS_CACHE_URL must start with locmem:// or redis://, not {_cache_url!r}."
    )
# Sessions read through the cache only when the cache is shared by every process (and fall
# back to the database while it is unreachable, see core.cache): with a
# per-process memory cache a logout in one web worker would leave the session alive in the
# others' caches. `check --deploy` warns about a per-process cache (lms.W002).
CACHE_IS_SHARED = _cache_url.startswith(("redis://", "rediss://"))
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_IS_SHARED
    else "django.contrib.sessions.backends.db"
)

SESSION_COOKIE_HTTPONLY = True
# How many proxies of ours stand in front of Django, each adding to X-Forwarded-For: the
# client's address for rate limits is taken from there (core.clients). 0: the header is ignored.
LMS_TRUSTED_PROXIES = env_int("LMS_TRUSTED_PROXIES", 0)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("LMS_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("LMS_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LMS_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
