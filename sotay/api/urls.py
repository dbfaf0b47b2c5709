"""The API's own routes (/api/v1/) and the page where users manage their tokens (/accounts/tokens/)."""

from django.urls import path

from . import views
from .core import api
from .routes_committee import router as committee
from .routes_member import router as member

api.add_router("/", member)
api.add_router("/", committee)

app_name = "api_tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:token_id>/revoke/", views.token_revoke, name="revoke"),
]
