from django.urls import path

from . import views

app_name = "admissions"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("targets/", views.targets, name="targets"),
    path("targets/own/", views.own_target, name="own_target"),
    path("new/in/<int:org_id>/", views.case_create, name="create"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/edit/", views.case_edit, name="edit"),
    path("<int:case_id>/step/<int:step_id>/attach/", views.step_attach, name="attach"),
    path("<int:case_id>/file/<int:attachment_id>/", views.step_file, name="file"),
    path("<int:case_id>/step/", views.case_step, name="step"),
    path("<int:case_id>/sponsor/", views.case_sponsor, name="sponsor"),
    path("<int:case_id>/received/", views.case_received, name="received"),
    path("<int:case_id>/form/<int:step_id>.<str:fmt>", views.case_form, name="form"),
]
