"""A user's personal access tokens: create (shown once), list, revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sotay.core.forms import add_form_errors
from sotay.orgs import policy
from sotay.orgs.actor import Actor

from . import tokens
from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên khóa"), max_length=100, help_text=gettext_lazy("Ví dụ: Ứng dụng điện thoại")
    )
    read_only = forms.TypedChoiceField(
        label=gettext_lazy("Quyền"),
        choices=[("1", gettext_lazy("Chỉ đọc")), ("0", gettext_lazy("Đọc và ghi"))],
        coerce=lambda v: v == "1",
        initial="1",
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Thời hạn"),
        choices=[("30", gettext_lazy("30 ngày")), ("90", gettext_lazy("90 ngày")), ("365", gettext_lazy("1 năm"))],
        coerce=int,
        initial="90",
    )


def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = tokens.create_token(actor=Actor.from_request(request), **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            form = TokenForm()
    context = {"form": form, "secret": secret, "tokens": ApiToken.objects.filter(user_id=request.user.pk or 0)}
    response = render(request, "api/tokens.html", context)
    add_never_cache_headers(response)
    return response


@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=token_id, user_id=request.user.pk or 0).first()
    if token is None:
        raise Http404
    try:
        tokens.revoke_token(actor=Actor.from_request(request), token=token)
    except policy.NotAllowed as refused:
        raise Http404 from refused
    messages.success(request, _("Đã thu hồi khóa %(name)s.") % {"name": token.name})
    return redirect("api_tokens:list")
