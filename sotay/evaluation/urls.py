from django.urls import path

from .views import campaigns, reports

app_name = "evaluation"

urlpatterns = [
    path("", campaigns.index, name="index"),
    path("me/", campaigns.my_results, name="my_results"),
    path("campaigns/new/in/<int:org_id>/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:campaign_id>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/close/", campaigns.campaign_close, name="campaign_close"),
    path("campaigns/<int:campaign_id>/pending/", campaigns.pending, name="pending"),
    path("campaigns/<int:campaign_id>/member/<int:member_id>/", campaigns.evaluate_member, name="member"),
    path("campaigns/<int:campaign_id>/org/<int:org_id>/", campaigns.evaluate_org, name="org"),
    path("statistics/", reports.statistics, name="statistics"),
    path("statistics.xlsx", reports.statistics_xlsx, name="statistics_xlsx"),
    path("statistics.pdf", reports.statistics_pdf, name="statistics_pdf"),
]
