from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_list, name="list"),
    path("<int:batch_id>/", views.import_detail, name="detail"),
    path("<int:batch_id>/apply/", views.import_apply, name="apply"),
    path("<int:batch_id>/rollback/", views.import_rollback, name="rollback"),
    path("<int:batch_id>/retry/", views.import_retry, name="retry"),
    path("<int:batch_id>/mapping/", views.import_mapping, name="mapping"),
    path("<int:batch_id>/encodings/", views.import_encodings, name="encodings"),
]
