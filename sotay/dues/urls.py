from django.urls import path

from . import basis_views, member_views, phone_views, views

app_name = "dues"

urlpatterns = [
    path("mine/", phone_views.my_dues, name="mine"),
    path("<int:org_id>/<int:year>-<int:month>/collect/", phone_views.collect, name="collect"),
    path("<int:org_id>/<int:year>-<int:month>/collect/<int:member_id>/", phone_views.collect_pay, name="collect_pay"),
    path(
        "<int:org_id>/<int:year>-<int:month>/collect/<int:member_id>/undo/",
        phone_views.collect_undo,
        name="collect_undo",
    ),
    path("<int:org_id>/bases/", basis_views.bases, name="bases"),
    path("member/<int:member_id>/", member_views.member_dues, name="member"),
    path("member/<int:member_id>/<str:what>/", member_views.member_dues_change, name="member_change"),
    path("<int:org_id>/<int:year>-<int:month>/", views.collection_sheet, name="sheet"),
    path("<int:org_id>/<int:year>-<int:month>/totals/", views.subtree_totals, name="totals"),
    path("<int:org_id>/<int:year>-<int:month>/xlsx/", views.collection_sheet_xlsx, name="sheet_xlsx"),
    path("<int:org_id>/<int:year>-<int:month>/compute/", views.compute, name="compute"),
    path("<int:org_id>/<int:year>-<int:month>/pay/<int:member_id>/", views.pay, name="pay"),
]
