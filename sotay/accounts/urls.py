from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("2fa/", views.two_factor, name="two_factor"),
    path("2fa/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("security/", views.my_security, name="my_security"),
    path("access/", views.access, name="access"),
    path("access/<int:user_id>/unlock/", views.unlock, name="unlock"),
    path("access/<int:user_id>/reset-2fa/", views.reset_second_factor, name="reset_second_factor"),
]
