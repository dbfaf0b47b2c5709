"""One env-driven settings module (SQLite by default, PostgreSQL through DATABASE_URL)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF

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
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

VAR_DIR = Path(env("SOTAY_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'sotay.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if not IS_POSTGRES:
    # WAL lets the web server and the task worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
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
    "sotay.imports",
    "sotay.web",
    "sotay.reports",
    "sotay.demo",
    "sotay.api",
]
if IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sotay.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sotay.core.middleware.LoginRequiredMiddleware",
    "sotay.accounts.middleware.SignInPolicyMiddleware",
    "sotay.audit.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

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
# Sign-in security (sotay/accounts/security.py). Members stay signed in on their phones for 30 days; staff sessions
# end after 30 minutes idle; staff must pass a TOTP second factor.
SESSION_COOKIE_AGE = envint("SOTAY_MEMBER_SESSION_DAYS", 30) * 86400
SOTAY_STAFF_SESSION_IDLE_MINUTES = envint("SOTAY_STAFF_SESSION_IDLE_MINUTES", 30)
SOTAY_REQUIRE_SECOND_FACTOR = envbool("SOTAY_REQUIRE_SECOND_FACTOR", "True")
OTP_TOTP_ISSUER = "Sổ tay"
SOTAY_REAUTH_MINUTES = envint("SOTAY_REAUTH_MINUTES", 15)  # password asked again before exports and grants
SOTAY_ACTIVATION_DAYS = envint("SOTAY_ACTIVATION_DAYS", 30)  # how long an activation or reset code is valid
# django-axes: 10 failures in 15 minutes lock the account, and separately the address, for 15 minutes.
AXES_FAILURE_LIMIT = envint("SOTAY_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=envint("SOTAY_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "sotay.accounts.security.login_name"
AXES_CLIENT_IP_CALLABLE = "sotay.accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "sotay.accounts.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log already
AXES_VERBOSE = False
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "False")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

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
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Queued once per period by the worker (sotay.core.periodic): task path -> "hourly" | "daily" | "monthly".
PERIODIC_TASKS = {
    "sotay.admissions.tasks.deadline_reminders": "daily",
    "sotay.documents.tasks.expire_documents_task": "daily",
    "sotay.meetings.tasks.monthly_meetings": "monthly",
    "sotay.meetings.tasks.daily_reminders": "daily",
    "sotay.imports.tasks.recover_stalled_imports": "hourly",
    "sotay.imports.tasks.purge_abandoned_previews": "daily",
}

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # Each failed login is counted (and a lockout audited) by sotay.accounts.security; not printed.
    "loggers": {"axes": {"level": "ERROR"}},
}

# Sổ tay's own settings.
SOTAY_PAGE_SIZE = envint("SOTAY_PAGE_SIZE", 50)
SOTAY_API_RATE = env("SOTAY_API_RATE", "240/m")  # requests per token (or user) through the JSON API
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

# Member imports (sotay.imports): limits checked before a workbook is read, and the workers' leases.
SOTAY_IMPORT_MAX_ROWS = envint("SOTAY_IMPORT_MAX_ROWS", 250_000)  # last row holding data, whatever the role
SOTAY_IMPORT_MAX_COLUMNS = envint("SOTAY_IMPORT_MAX_COLUMNS", 200)
SOTAY_IMPORT_MAX_CELLS = envint("SOTAY_IMPORT_MAX_CELLS", 6_000_000)  # rows × columns: the reader's dense grid
SOTAY_IMPORT_MAX_XML_BYTES = envint("SOTAY_IMPORT_MAX_XML_BYTES", 500 * 1024 * 1024)  # inflated zip parts
# Data rows per file by role (the largest of the importer's roles counts; roles not listed: SOTAY_IMPORT_MAX_ROWS).
SOTAY_IMPORT_MAX_ROWS_BY_ROLE = {"CELL_COMMITTEE": 2_000, "BASE_COMMITTEE": 50_000, "COMMITTEE": 50_000}
SOTAY_IMPORT_LEASE_SECONDS = envint("SOTAY_IMPORT_LEASE_SECONDS", 300)  # a worker silent this long is dead
SOTAY_IMPORT_PREVIEW_RETENTION_DAYS = envint("SOTAY_IMPORT_PREVIEW_RETENTION_DAYS", 14)
