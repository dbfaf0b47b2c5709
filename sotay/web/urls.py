from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("orgs/", views.org_tree, name="org_tree"),
    path("orgs/as-of/", views.org_as_of, name="org_as_of"),
    path("orgs/<int:org_id>/", views.org_detail, name="org_detail"),
    path("orgs/<int:org_id>/children/", views.org_children, name="org_children"),
    path("orgs/<int:org_id>/reorganize/<slug:kind>/", views.org_reorganize, name="org_reorganize"),
    path("audit/", views.audit_log, name="audit_log"),
]
