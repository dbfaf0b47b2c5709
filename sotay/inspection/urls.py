from django.urls import path

from . import views

app_name = "inspection"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("<int:inspection_id>/", views.detail, name="detail"),
    path("<int:inspection_id>/decision/", views.decision, name="decision"),
    path("<int:inspection_id>/conclusion/", views.conclusion, name="conclusion"),
    path("<int:inspection_id>/recommendations/", views.recommend, name="recommend"),
    path("recommendations/<int:recommendation_id>/done/", views.recommendation_done, name="recommendation_done"),
    path("rollup.xlsx", views.rollup_xlsx, name="rollup_xlsx"),
]
