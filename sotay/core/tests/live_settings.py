"""Settings of the processes the live tests start: the real ones, with the tests' fast password hasher (the root
conftest uses the same), so twenty logins do not spend the run hashing."""

from sotay.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The live processes run on a scratch var/ without collected static files: the manifest storage would refuse
# every page that names a static file ("Missing staticfiles manifest entry").
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
