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

# Công nhận đảng viên chính thức (recognition_views.py)
from . import recognition_views  # noqa: E402

urlpatterns += [
    path("recognition/", recognition_views.recognition_list, name="recognitions"),
    path("recognition/open/<int:member_id>/", recognition_views.recognition_open, name="recognition_open"),
    path("recognition/<int:recognition_id>/", recognition_views.recognition_detail, name="recognition"),
    path("recognition/<int:recognition_id>/step/", recognition_views.recognition_step, name="recognition_step"),
    path("recognition/<int:recognition_id>/decide/", recognition_views.recognition_decide, name="recognition_decide"),
    path(
        "recognition/<int:recognition_id>/form/<int:form_no>.<str:fmt>",
        recognition_views.recognition_form,
        name="recognition_form",
    ),
]
