from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from sotay.api.core import api
from sotay.api.urls import urlpatterns as _token_pages  # noqa: F401 - registers the API's routers
from sotay.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
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
    path("discipline/", include("sotay.discipline.urls")),
    path("inspection/", include("sotay.inspection.urls")),
    path("cadres/", include("sotay.cadres.urls")),
    path("verification/", include("sotay.verification.urls")),
    path("congresses/", include("sotay.congresses.urls")),
    path("orgs/", include("sotay.orgs.urls")),
    path("reports/", include("sotay.reports.urls")),
    path("help/", include("sotay.help.urls")),
    path("imports/", include("sotay.imports.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("sotay.web.urls")),
]

if getattr(settings, "SOTAY_BENCH_MINIMAL", False):
    # Benchmark P4's baseline: the cheapest answer behind the same middleware (sotay/benchmarks/p4.py).
    from django.http import HttpResponse

    urlpatterns.insert(
        0, path("bench/minimal/", login_not_required(lambda request: HttpResponse("ok")), name="bench_minimal")
    )
