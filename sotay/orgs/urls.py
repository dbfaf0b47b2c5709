from django.urls import path

from . import role_views, views

app_name = "orgs"

urlpatterns = [
    path("pick/suggest/", views.suggest, name="suggest"),
    path("<int:org_id>/roles/", role_views.role_list, name="roles"),
    path("<int:org_id>/roles/grant/", role_views.role_grant, name="role_grant"),
    path("<int:org_id>/roles.xlsx", role_views.role_xlsx, name="roles_xlsx"),
    path("roles/<int:grant_id>/revoke/", role_views.role_revoke, name="role_revoke"),
]
