from django.urls import path

from . import views

app_name = "dues"

urlpatterns = [
    path("<int:org_id>/<int:year>-<int:month>/", views.collection_sheet, name="sheet"),
    path("<int:org_id>/<int:year>-<int:month>/xlsx/", views.collection_sheet_xlsx, name="sheet_xlsx"),
    path("<int:org_id>/<int:year>-<int:month>/compute/", views.compute, name="compute"),
    path("<int:org_id>/<int:year>-<int:month>/pay/<int:member_id>/", views.pay, name="pay"),
]
