from django.urls import path

from sotay.accounts.reauth import recent_authentication_required as reauth

from . import register_views, statistics, statistics_export, views

app_name = "reports"

# Exports of personal data ask for the password again when the last confirmation is older than 15 minutes.
urlpatterns = [
    path("members.xlsx", reauth(views.member_list_xlsx), name="members_xlsx"),
    path("register/<int:org_id>.xlsx", reauth(views.register_xlsx), name="register_xlsx"),
    path("register/<int:org_id>.pdf", reauth(views.register_pdf), name="register_pdf"),
    path("member/<int:member_id>.pdf", reauth(views.member_pdf), name="member_pdf"),
    path("registers/<int:org_id>/<slug:kind>/", register_views.register_page, name="member_register"),
    path("registers/<int:org_id>/<slug:kind>/xlsx", reauth(register_views.register_xlsx), name="member_register_xlsx"),
    path("statistics/<int:org_id>/", statistics.statistics, name="statistics"),
    path("statistics/<int:org_id>.xlsx", statistics_export.statistics_xlsx, name="statistics_xlsx"),
    path("statistics/<int:org_id>.pdf", statistics_export.statistics_pdf, name="statistics_pdf"),
]
