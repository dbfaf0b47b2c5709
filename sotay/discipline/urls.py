from django.urls import path

from . import views

app_name = "discipline"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:discipline_id>/", views.detail, name="detail"),
    path("<int:discipline_id>/appeal/", views.appeal, name="appeal"),
    path("<int:discipline_id>/override/", views.override, name="override"),
    path("appeals/<int:appeal_id>/resolve/", views.resolve, name="resolve"),
    path("screening/", views.screening, name="screening"),
    path("screening.xlsx", views.screening_xlsx, name="screening_xlsx"),
    path("screening/<int:member_id>/", views.screening_decide, name="screening_decide"),
]
