from django.urls import path

from . import views

app_name = "help"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.guide, name="guide"),
    path("<slug:slug>.pdf", views.guide_pdf, name="guide_pdf"),
]
