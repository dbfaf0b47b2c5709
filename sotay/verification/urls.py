from django.urls import path

from . import views

app_name = "verification"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/in/<int:org_id>/", views.case_create, name="create"),
    path("<int:vcase_id>/", views.case_detail, name="detail"),
    path("<int:vcase_id>/letters/", views.letter_add, name="letter"),
    path("<int:vcase_id>/letters/<int:letter_id>/reply/", views.letter_reply, name="reply"),
    path("<int:vcase_id>/conclude/", views.case_conclude, name="conclude"),
    path("<int:vcase_id>/letters/<int:letter_id>/<str:kind>.<str:fmt>", views.letter_document, name="document"),
]
