"""One env-driven settings module (SQLite by default, PostgreSQL through DATABASE_URL)."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """A setting from the environment, or from the file named by NAME_FILE (for secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: str = "False") -> bool:
    return env(name, default).lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(env(name, str(default)))


DEBUG = envbool("DEBUG", "False")
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

VAR_DIR = Path(env("SOTAY_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


CONN_MAX_AGE_DEFAULT = 600  # seconds


def database_from_env() -> dj_database_url.DBConfig:
    """DATABASE_URL, or the SQLite file in var/ when it is unset or empty; an unparsable one stops start-up."""
    url = env("DATABASE_URL").strip() or f"sqlite:///{VAR_DIR / 'sotay.sqlite3'}"
    try:
        # A connection is kept between requests (P4): opening one per request cost more than the whole signed-in
        # request (SQLite parses the schema of every table on each new connection; PostgreSQL forks a backend).
        # Each gunicorn thread keeps its own; a broken one is replaced at the next request (health checks).
        config = dj_database_url.parse(
            url, conn_max_age=envint("DB_CONN_MAX_AGE", CONN_MAX_AGE_DEFAULT), conn_health_checks=True
        )
    except ValueError as exc:  # UnknownSchemeError and ParseError are ValueErrors
        raise ImproperlyConfigured(
            f"DATABASE_URL không phải địa chỉ cơ sở dữ liệu / is not a database address ({exc}). "
            "Use e.g. postgres://user@host:5432/sotay or "
            "sqlite:////path/to/file.sqlite3, or leave it unset for the SQLite file in var/."
        ) from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(
            "DATABASE_URL không chỉ ra loại cơ sở dữ liệu / names no database engine (e.g. postgres:// or sqlite://)."
        )
    return config


DATABASES = {"default": database_from_env()}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if not IS_POSTGRES:
    # WAL lets the web server and the task worker read while one writes. IMMEDIATE takes the write lock when a
    # transaction begins, so a writer waits its turn (busy timeout, seconds; below gunicorn's 30 s worker timeout)
    # instead of failing with "database is locked" when a read transaction tries to become a write one.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": envint("SQLITE_TIMEOUT", 20),
        }
    )
else:
    # No JIT compilation of queries (docs/decisions/0012-postgresql-without-jit.md): the app's queries are short, and
    # PostgreSQL compiles one whenever the planner's estimate is large, e.g. 0.45 s of compiling for a 20 ms read of
    # the statistics counts of 34 provinces. POSTGRES_JIT=on keeps the server's setting.
    if env("POSTGRES_JIT").strip().lower() != "on":
        DATABASES["default"].setdefault("OPTIONS", {})
        options = DATABASES["default"]["OPTIONS"].get("options", "")
        DATABASES["default"]["OPTIONS"]["options"] = f"{options} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "template_partials",
    "csp",
    "django_htmx",
    "ninja",
    "treebeard",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "sotay.core",
    "sotay.audit",
    "sotay.accounts",
    "sotay.orgs",
    "sotay.rules",
    "sotay.members",
    "sotay.admissions",
    "sotay.dues",
    "sotay.notifications",
    "sotay.documents",
    "sotay.handbook",
    "sotay.meetings",
    "sotay.evaluation",
    "sotay.discipline",
    "sotay.inspection",
    "sotay.cadres",
    "sotay.verification",
    "sotay.congresses",
    "sotay.imports",
    "sotay.web",
    "sotay.reports",
    "sotay.demo",
    "sotay.api",
    "sotay.help",
]
if IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses HTML and other text responses; below WhiteNoise, which serves pre-compressed static files itself.
    "sotay.core.middleware.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sotay.core.middleware.VietnameseFirstLocaleMiddleware",
    # A member's cached home page is answered here, before the rest (P4; what it checks: sotay/web/fastpath.py).
    "sotay.web.fastpath.MemberHomeFastPath",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sotay.core.middleware.LoginRequiredMiddleware",
    "sotay.core.middleware.NoStoreForSignedInMiddleware",
    "sotay.accounts.middleware.SignInPolicyMiddleware",
    "sotay.audit.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A service's refusal (orgs.policy.NotAllowed) becomes 404 (outside the actor's scope) or 403, in one place.
    "sotay.core.middleware.NotAllowedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sotay.urls"
WSGI_APPLICATION = "sotay.wsgi.application"

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
                "csp.context_processors.nonce",
                "sotay.core.context_processors.navigation",
                "sotay.help.context_processors.help_link",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# The number on the member's "Thông báo" tab: the same unread count as the header's "Thông báo" (the user's unread
# notifications, announcements included; opening an announcement marks its notification read), so the two never
# differ. "sotay.web.badge.unread_announcements" counts the unread announcements only.
SOTAY_TAB_BADGE = "sotay.core.context_processors.unread_notifications"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "sotay.accounts.backends.UsernameOrPhoneBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from a cache shared by every gunicorn worker (files in var/cache/sessions) and written through
# to the database (docs/decisions/0008-sessions-cached-db.md): a signed-in request asks the database for the user
# and the grants, not for the session (P4). Sign-out and a lost session delete both copies; a password change ends
# the other sessions through the session's password hash, whatever the engine.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"
CACHES = {
    # Per process: every entry is keyed by what makes it current (the home stamp, the role shape), never shared.
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "sessions": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("SOTAY_SESSION_CACHE_DIR", str(VAR_DIR / "cache" / "sessions")),
        "TIMEOUT": None,  # each session is stored for its own expiry age
        "OPTIONS": {"MAX_ENTRIES": envint("SOTAY_SESSION_CACHE_ENTRIES", 50000)},
    },
}
# Sign-in security (sotay/accounts/security.py). Members stay signed in on their phones for 30 days; staff sessions
# end after 30 minutes idle; staff must pass a TOTP second factor.
SESSION_COOKIE_AGE = envint("SOTAY_MEMBER_SESSION_DAYS", 30) * 86400
SOTAY_STAFF_SESSION_IDLE_MINUTES = envint("SOTAY_STAFF_SESSION_IDLE_MINUTES", 30)
SOTAY_REQUIRE_SECOND_FACTOR = envbool("SOTAY_REQUIRE_SECOND_FACTOR", "True")
OTP_TOTP_ISSUER = "Sổ tay"
SOTAY_REAUTH_MINUTES = envint("SOTAY_REAUTH_MINUTES", 15)  # password asked again before exports and grants
SOTAY_ACTIVATION_DAYS = envint("SOTAY_ACTIVATION_DAYS", 30)  # how long an activation or reset code is valid
# django-axes: 10 failures in 15 minutes lock the account for 15 minutes, and separately the address together with
# the browser, so that a shared address (a meeting hall's Wi-Fi, a mobile operator) does not lock everyone behind it.
AXES_FAILURE_LIMIT = envint("SOTAY_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=envint("SOTAY_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "user_agent"]]
AXES_USERNAME_CALLABLE = "sotay.accounts.security.login_name"
AXES_CLIENT_IP_CALLABLE = "sotay.accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "sotay.accounts.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log already
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
# Each language is offered under its own name (not translated), as language switches usually do.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates are dd/mm/yyyy in both languages.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["sotay.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (css/sotay.3f2a….css), so WhiteNoise serves them with a one-year cache (tests override this).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Queued once per period by the worker (sotay.core.periodic): task path -> "hourly" | "daily" | "monthly".
PERIODIC_TASKS = {
    "sotay.admissions.tasks.deadline_reminders": "daily",
    "sotay.verification.tasks.overdue_letter_reminders": "daily",
    "sotay.inspection.tasks.due_recommendation_reminders": "daily",
    "sotay.documents.tasks.expire_documents_task": "daily",
    "sotay.documents.tasks.repair_search_index": "daily",
    "sotay.meetings.tasks.monthly_meetings": "monthly",
    "sotay.meetings.tasks.daily_reminders": "daily",
    "sotay.congresses.tasks.daily_reminders": "daily",
    "sotay.core.tasks.daily_backup": "daily",
    "sotay.imports.tasks.recover_stalled_imports": "hourly",
    "sotay.imports.tasks.purge_abandoned_previews": "daily",
    "sotay.members.tasks.refresh_stat_snapshots": "daily",
}
# Statistics snapshots (docs/decisions/0010-statistics-snapshots.md) are kept for the organisations at this depth or
# above: 1, the provinces (their past-day statistics are the slow ones).
STAT_SNAPSHOT_DEPTH = 1

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
    }
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Sổ tay's own settings.
SOTAY_PAGE_SIZE = envint("SOTAY_PAGE_SIZE", 50)
SOTAY_BENCH_MINIMAL = envbool("SOTAY_BENCH_MINIMAL", "False")  # benchmark P4's baseline view; never in production
SOTAY_API_RATE = env("SOTAY_API_RATE", "240/m")  # requests per token (or user) through the JSON API
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200


# ---------------------------------------------------------------------------------------------------------------
# Deployment and security (docs/deploy.md). SOTAY_PRODUCTION=1 turns on the safe defaults of a server behind nginx
# with HTTPS; each one can still be set on its own from the environment.
# ---------------------------------------------------------------------------------------------------------------
PRODUCTION = envbool("SOTAY_PRODUCTION", "False")
_ON = "True" if PRODUCTION else "False"

# The secret key: SECRET_KEY or SECRET_KEY_FILE. Outside the production profile, the random key that `make run`
# writes once into var/secret_key (never committed) is used; under DEBUG or pytest a fixed development key.
# Anything else refuses to start rather than sign sessions with a key published in this repository.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
_LOCAL_SECRET_KEY_FILE = VAR_DIR / "secret_key"


def secret_key() -> str:
    key = env("SECRET_KEY").strip()
    if key:
        if key == DEV_SECRET_KEY and not DEBUG:
            raise ImproperlyConfigured(
                "SECRET_KEY là khóa phát triển đã công bố / is the published development key: set a random one."
            )
        return key
    if not PRODUCTION and _LOCAL_SECRET_KEY_FILE.is_file():
        key = _LOCAL_SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
        if key:
            return key
    if DEBUG or os.environ.get("PYTEST_VERSION"):
        return DEV_SECRET_KEY
    raise ImproperlyConfigured(
        "SECRET_KEY chưa được đặt / SECRET_KEY is not set. "
        "Set SECRET_KEY (or SECRET_KEY_FILE, a file holding it) to a long random value, "
        'e.g. python -c "import secrets; print(secrets.token_urlsafe(50))". '
        "For a local trial, `make run` writes one into var/secret_key."
    )


SECRET_KEY = secret_key()

# HTTPS: nginx terminates TLS and says so in X-Forwarded-Proto (deploy/nginx.conf).
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", _ON)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the health check is asked over plain HTTP on the machine itself
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _ON)
# Preloading commits the whole domain (often a province's gov.vn domain) to HTTPS in browsers for good: the
# province's IT decides (SECURE_HSTS_PRELOAD=1); until then Django's reminder about it (security.W021) is silenced.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False")
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
if envbool("SECURE_PROXY_SSL_HEADER", _ON):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The client's address for the audit log from X-Forwarded-For, which nginx overwrites (deploy/nginx.conf).
SOTAY_TRUST_X_FORWARDED_FOR = envbool("SOTAY_TRUST_X_FORWARDED_FOR", _ON)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", _ON)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "True" if SESSION_COOKIE_SECURE else "False")

# /healthz: the worker writes a heartbeat every WORKER_HEARTBEAT_SECONDS; older than HEALTHZ_WORKER_MAX_AGE = down.
WORKER_HEARTBEAT_SECONDS = envint("WORKER_HEARTBEAT_SECONDS", 60)
HEALTHZ_WORKER_MAX_AGE = envint("HEALTHZ_WORKER_MAX_AGE", 300)

# Backups (`sotay backup`, and the daily task of the worker): 7 daily and 4 weekly archives are kept.
BACKUP_DIR = Path(env("BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_KEEP_DAILY = envint("BACKUP_KEEP_DAILY", 7)
BACKUP_KEEP_WEEKLY = envint("BACKUP_KEEP_WEEKLY", 4)

# Logs: the terminal (or the journal under systemd) gets warnings and errors; everything from INFO up goes to a
# rotated file in var/log/: worker.log for `sotay worker`, web.log for the web server and other commands.
LOG_DIR = Path(env("LOG_DIR", str(VAR_DIR / "log")))
LOG_LEVEL = env("LOG_LEVEL", "INFO")
_UNDER_PYTEST = bool(os.environ.get("PYTEST_VERSION"))
_PROCESS = "worker" if len(sys.argv) > 1 and sys.argv[1] in {"worker", "db_worker"} else "web"
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "level": env("CONSOLE_LOG_LEVEL", "WARNING")},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Chatty libraries: their INFO lines (each PDF's progress, each font subset) are noise in the files.
    "loggers": {
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "PIL")},
        # Each failed login is counted (and a lockout audited) by sotay.accounts.security; not printed.
        "axes": {"level": "ERROR"},
    },
}
if not _UNDER_PYTEST:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    LOGGING["handlers"]["file"] = {
        "class": "logging.handlers.RotatingFileHandler",
        "filename": str(LOG_DIR / f"{_PROCESS}.log"),
        "maxBytes": 10 * 1024 * 1024,
        "backupCount": 5,
        "encoding": "utf-8",
        "formatter": "plain",
    }
    LOGGING["root"]["handlers"].append("file")
# Member imports (sotay.imports): limits checked before a workbook is read, and the workers' leases.
SOTAY_IMPORT_MAX_ROWS = envint("SOTAY_IMPORT_MAX_ROWS", 250_000)  # last row holding data, whatever the role
SOTAY_IMPORT_MAX_COLUMNS = envint("SOTAY_IMPORT_MAX_COLUMNS", 200)
SOTAY_IMPORT_MAX_CELLS = envint("SOTAY_IMPORT_MAX_CELLS", 6_000_000)  # rows × columns: the reader's dense grid
SOTAY_IMPORT_MAX_XML_BYTES = envint("SOTAY_IMPORT_MAX_XML_BYTES", 500 * 1024 * 1024)  # inflated zip parts
# Data rows per file by role (the largest of the importer's roles counts; roles not listed: SOTAY_IMPORT_MAX_ROWS).
SOTAY_IMPORT_MAX_ROWS_BY_ROLE = {"CELL_COMMITTEE": 2_000, "BASE_COMMITTEE": 50_000, "COMMITTEE": 50_000}
SOTAY_IMPORT_LEASE_SECONDS = envint("SOTAY_IMPORT_LEASE_SECONDS", 300)  # a worker silent this long is dead
SOTAY_IMPORT_PREVIEW_RETENTION_DAYS = envint("SOTAY_IMPORT_PREVIEW_RETENTION_DAYS", 14)
