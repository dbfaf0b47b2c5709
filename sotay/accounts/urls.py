from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.Login.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("activate/", views.activate, name="activate"),
    path("forgot/", views.forgot, name="forgot"),
    path("password/", views.PasswordChange.as_view(), name="password_change"),
    path(
        "reset/",
        login_not_required(
            auth_views.PasswordResetView.as_view(
                template_name="accounts/reset_email.html",
                email_template_name="accounts/reset_email_message.txt",
                subject_template_name="accounts/reset_email_subject.txt",
                success_url=reverse_lazy("accounts:reset_sent"),
            )
        ),
        name="reset",
    ),
    path(
        "reset/sent/",
        login_not_required(auth_views.PasswordResetDoneView.as_view(template_name="accounts/reset_sent.html")),
        name="reset_sent",
    ),
    path(
        "reset/<uidb64>/<token>/",
        login_not_required(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="accounts/reset_confirm.html", success_url=reverse_lazy("accounts:reset_done")
            )
        ),
        name="reset_confirm",
    ),
    path(
        "reset/done/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view(template_name="accounts/reset_done.html")),
        name="reset_done",
    ),
    path("reauth/", views.reauth, name="reauth"),
    path("2fa/", views.two_factor, name="two_factor"),
    path("2fa/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("security/", views.my_security, name="my_security"),
    path("access/", views.access, name="access"),
    path("access/<int:user_id>/unlock/", views.unlock, name="unlock"),
    path("access/<int:user_id>/reset-2fa/", views.reset_second_factor, name="reset_second_factor"),
]
