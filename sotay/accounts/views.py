"""Second factor (verify, enrol, recovery codes) and Ban Tổ chức's page for locked accounts and lost phones."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.orgs import policy
from sotay.orgs.actor import Actor

from . import security
from .backends import normalise_phone
from .forms import AccountLookupForm, EnrolForm, SecondFactorForm
from .middleware import NO_DEVICE_KEY
from .reauth import recent_authentication_required


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_required
def two_factor(request):
    """Ask for the TOTP code (or a recovery code) after the password."""
    if not security.has_second_factor(request.user):
        return redirect("accounts:two_factor_enrol")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = security.verify_second_factor(request.user, form.cleaned_data["token"])
        if device is not None:
            from django_otp import login as otp_login

            otp_login(request, device)
            log(AuditAction.SECOND_FACTOR_PASSED, request.user, by=Actor.from_request(request))
            return redirect(_next_url(request))
        form.add_error("token", _("Mã không đúng hoặc đã hết hạn. Hãy thử mã mới đang hiện trong ứng dụng."))
    # Until the second factor is passed every other page sends back here: no menu that would only loop.
    context = {"form": form, "next": _next_url(request), "hide_nav": True}
    return render(request, "accounts/two_factor.html", context)


@login_required
def two_factor_enrol(request):
    """Scan the QR code with an authenticator app, type the first code, receive 10 recovery codes."""
    user = request.user
    if security.has_second_factor(user) and not request.user.is_verified():
        return redirect("accounts:two_factor")
    device = security.start_enrolment(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = security.confirm_enrolment(
            actor=Actor.from_request(request), device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            from django_otp import login as otp_login

            otp_login(request, device)
            request.session.pop(NO_DEVICE_KEY, None)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("token", _("Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng."))
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#111", light="#fff")
    secret = _grouped_secret(device)
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr": qr,
            "secret": secret,
            "config_url": device.config_url,
            "next": _next_url(request),
            "required": security.is_staff_user(user),
            # Before enrolling, every other page sends back here: the menu would only loop (sign-out stays).
            "hide_nav": not user.is_verified(),
        },
    )


def _grouped_secret(device) -> str:
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
def my_security(request):
    """The user's own sign-in security: second factor status, new recovery codes."""
    enrolled = security.has_second_factor(request.user)
    if request.method == "POST" and request.POST.get("action") == "codes" and enrolled and request.user.is_verified():
        codes = security.new_recovery_codes(request.user)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": request.path})
    return render(
        request,
        "accounts/my_security.html",
        {
            "enrolled": enrolled,
            "required": security.second_factor_required(request.user) or security.is_staff_user(request.user),
        },
    )


def _manager(request) -> Actor:
    actor = Actor.from_request(request)
    if not actor.can(policy.MANAGE_SIGN_IN):
        raise Http404
    return actor


@login_required
@recent_authentication_required
def access(request):
    """Ban Tổ chức: accounts locked after failed logins, and any account's sign-in status, inside its subtree."""
    actor = _manager(request)
    in_scope = security.users_in_scope(actor)
    locked_names = list(security.locked_attempts().values_list("username", flat=True).distinct()[:500])
    locked = list(in_scope.filter(username__in=locked_names).order_by("username"))
    form = AccountLookupForm(request.GET or None)
    found = None
    if form.is_valid():
        typed = form.cleaned_data["q"].strip()
        phone = normalise_phone(typed)
        found = in_scope.filter(username__iexact=typed).first() or (
            in_scope.filter(phone=phone).first() if len(phone) >= 9 else None
        )
    staff_form = None
    staff_code = None
    if request.method == "POST":
        from .activation import create_staff_account
        from .forms import StaffAccountForm
        from .reauth import is_recent

        staff_form = StaffAccountForm(request.POST)
        if not is_recent(request):
            return redirect(f"{redirect('accounts:reauth').url}?{urlencode({'next': request.path})}")
        if staff_form.is_valid():
            try:
                staff_code = create_staff_account(actor=actor, **staff_form.cleaned_data)
            except ValidationError as exc:
                from sotay.core.forms import add_form_errors

                add_form_errors(staff_form, exc)
            else:
                staff_form = None
    if staff_form is None:
        from .forms import StaffAccountForm

        staff_form = StaffAccountForm()
    context = {
        "staff_form": staff_form,
        "staff_code": staff_code,
        "form": form,
        "locked": locked,
        "found": found,
        "found_locked": found is not None and security.is_locked(found),
        "found_enrolled": found is not None and security.has_second_factor(found),
        "searched": form.is_bound,
    }
    return render(request, "accounts/access.html", context)


def _act_on_account(request, user_id: int, service, message: str):
    """Unlock an account, or reset its second factor: Ban Tổ chức, inside its subtree (404 outside)."""
    actor = _manager(request)
    try:
        user = security.get_user_in_scope(actor, user_id)
        service(actor=actor, user=user)
    except policy.NotAllowed as refused:
        raise Http404 from refused
    messages.success(request, message % {"name": user.get_username()})
    return redirect(f"{redirect('accounts:access').url}?{urlencode({'q': user.get_username()})}")


@login_required
@require_POST
@recent_authentication_required
def unlock(request, user_id: int):
    return _act_on_account(request, user_id, security.unlock, _("Đã mở khóa tài khoản %(name)s."))


@login_required
@require_POST
@recent_authentication_required
def reset_second_factor(request, user_id: int):
    message = _("Đã đặt lại xác thực hai lớp của %(name)s: lần đăng nhập tới, người đó sẽ cài lại ứng dụng xác thực.")
    return _act_on_account(request, user_id, security.reset_second_factor, message)


@login_not_required
def activate(request):
    """A member sets their password with the login, the code from the slip and their date of birth."""
    from axes.handlers.proxy import AxesProxyHandler

    from .activation import activate as do_activate
    from .forms import ActivationForm

    form = ActivationForm(request.POST or None, initial={"login": request.GET.get("login", "")[:150]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not AxesProxyHandler.is_allowed(request, {"username": data["login"]}):
            return security.lockout_response(request)
        try:
            user = do_activate(
                request=request,
                login=data["login"],
                code=data["code"],
                birth_date=data["birth_on"],
                password=data["password1"],
            )
        except ValidationError as exc:
            target = (
                "password1" if any("mật khẩu" in m.lower() or "password" in m.lower() for m in exc.messages) else None
            )
            form.add_error(target, exc)
        else:
            messages.success(
                request, _("Đã đặt mật khẩu. Hãy đăng nhập bằng tên đăng nhập %(name)s.") % {"name": user.username}
            )
            return redirect(f"{redirect('accounts:login').url}?{urlencode({'username': user.username})}")
    return render(request, "accounts/activate.html", {"form": form})


@login_not_required
def forgot(request):
    """How to get back in: by e-mail where the account has one, or a new code from the member's committee."""
    return render(request, "accounts/forgot.html")


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = "/"

    def form_valid(self, form):
        response = super().form_valid(form)  # other sessions end: the session hash changes with the password
        log(AuditAction.PASSWORD_CHANGED, self.request.user, by=Actor.from_request(self.request))
        messages.success(self.request, _("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất."))
        return response


@login_required
def reauth(request):
    """Confirm the password (and a second-factor code when the account has one) before a sensitive action."""
    from .forms import ReauthForm
    from .reauth import mark

    needs_code = security.has_second_factor(request.user)
    form = ReauthForm(request.POST or None, needs_code=needs_code)
    if request.method == "POST" and form.is_valid():
        ok = request.user.check_password(form.cleaned_data["password"])
        if ok and needs_code:
            ok = security.verify_second_factor(request.user, form.cleaned_data["token"]) is not None
        if ok:
            mark(request)
            return redirect(_next_url(request))
        from django.contrib.auth.signals import user_login_failed

        user_login_failed.send(sender=__name__, credentials={"username": request.user.username}, request=request)
        form.add_error(None, _("Mật khẩu hoặc mã xác thực không đúng."))
    return render(request, "accounts/reauth.html", {"form": form, "next": _next_url(request)})


class Login(auth_views.LoginView):
    """The sign-in page; after activation the login arrives filled in (?username=)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_form_class(self):
        from .forms import LoginForm

        return LoginForm

    def get_initial(self):
        return {"username": self.request.GET.get("username", "")[:150]}
