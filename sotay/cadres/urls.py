from django.urls import path

from . import views

app_name = "cadres"

urlpatterns = [
    path("", views.index, name="index"),
    path("in/<int:org_id>/positions/new/", views.position_create, name="position_create"),
    path("in/<int:org_id>/plans/new/", views.plan_create, name="plan_create"),
    path("positions/<int:position_id>/", views.position_detail, name="position"),
    path("appointments/<int:appointment_id>/end/", views.appointment_end, name="appointment_end"),
    path("appointments/<int:appointment_id>/confirm/", views.confirm_criterion, name="confirm"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("plans/<int:plan_id>/remove/<int:entry_id>/", views.plan_remove, name="plan_remove"),
    path("plans/<int:plan_id>/training/", views.training, name="training"),
    path("plans/<int:plan_id>/training.xlsx", views.training_xlsx, name="training_xlsx"),
]
