from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from sotay.api.core import api
from sotay.api.urls import urlpatterns as _token_pages  # noqa: F401 - registers the API's routers

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/tokens/", include("sotay.api.urls")),
    path("accounts/", include("sotay.accounts.urls")),
    path("members/", include("sotay.members.urls")),
    path("admissions/", include("sotay.admissions.urls")),
    path("dues/", include("sotay.dues.urls")),
    path("notifications/", include("sotay.notifications.urls")),
    path("documents/", include("sotay.documents.urls")),
    path("handbook/", include("sotay.handbook.urls")),
    path("meetings/", include("sotay.meetings.urls")),
    path("evaluation/", include("sotay.evaluation.urls")),
    path("orgs/", include("sotay.orgs.urls")),
    path("reports/", include("sotay.reports.urls")),
    path("imports/", include("sotay.imports.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("sotay.web.urls")),
]
