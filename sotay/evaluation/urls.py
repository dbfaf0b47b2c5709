from django.urls import path

from .views import campaigns, recognition, reports

app_name = "evaluation"

urlpatterns = [
    path("", campaigns.index, name="index"),
    path("me/", campaigns.my_results, name="my_results"),
    path("criteria/", reports.criteria, name="criteria"),
    path("grade-preview/", reports.grade_preview, name="grade_preview"),
    path("campaigns/new/in/<int:org_id>/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:campaign_id>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/close/", campaigns.campaign_close, name="campaign_close"),
    path("campaigns/<int:campaign_id>/decide/", campaigns.decide_batch, name="decide"),
    path("campaigns/<int:campaign_id>/pending/", campaigns.pending, name="pending"),
    path("campaigns/<int:campaign_id>/pending.xlsx", campaigns.pending_xlsx, name="pending_xlsx"),
    path("campaigns/<int:campaign_id>/member/<int:member_id>/", campaigns.evaluate_member, name="member"),
    path("campaigns/<int:campaign_id>/org/<int:org_id>/", campaigns.evaluate_org, name="org"),
    path("schemes/", recognition.scheme_list, name="schemes"),
    path("schemes/new/in/<int:org_id>/", recognition.scheme_create, name="scheme_create"),
    path("schemes/<int:scheme_id>/", recognition.scheme_detail, name="scheme"),
    path("schemes/<int:scheme_id>/report.xlsx", recognition.scheme_xlsx, name="scheme_xlsx"),
    path("schemes/<int:scheme_id>/four-good/<int:org_id>/<int:year>/", recognition.four_good_assess, name="four_good"),
    path("model-cells/<int:enrolment_id>/", recognition.enrolment_detail, name="enrolment"),
    path("model-cells/<int:enrolment_id>/<str:action>/", recognition.enrolment_action, name="enrolment_action"),
    path("model-cells/<int:enrolment_id>/certificate.pdf", recognition.enrolment_certificate, name="certificate"),
    path("model-cells/<int:enrolment_id>/files/plan/", recognition.enrolment_file, {"which": "plan"}, name="plan_file"),
    path(
        "model-cells/<int:enrolment_id>/files/evidence/<int:assessment_id>/",
        recognition.enrolment_file,
        {"which": "evidence"},
        name="evidence_file",
    ),
    path("statistics/", reports.statistics, name="statistics"),
    path("progress/", reports.year_progress, name="year_progress"),
    path("statistics.xlsx", reports.statistics_xlsx, name="statistics_xlsx"),
    path("statistics.pdf", reports.statistics_pdf, name="statistics_pdf"),
]
