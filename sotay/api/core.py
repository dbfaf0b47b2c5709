"""The JSON API at /api/v1/ (django-ninja): authentication, throttling and RFC 9457 problem responses.

Every endpoint calls the same access helpers and services as the pages, with the same Actor, so the same rules
hold. Errors are `application/problem+json` with a Vietnamese title and, for bad input, the fields at fault (422).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import AuthRateThrottle

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.orgs import policy

from . import tokens

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    """A personal access token: `Authorization: Bearer sotay_…`. Each use is audited."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = tokens.authenticate(token)
        if found is None:
            return None
        if found.read_only and request.method not in SAFE_METHODS:
            raise HttpError(403, _("Khóa API này chỉ được đọc."))
        request.user = found.user
        log(
            AuditAction.API_TOKEN_USED,
            found,
            by=found.user,
            data={"method": request.method, "path": request.path[:200]},
        )
        return found


class SignedInSession(SessionAuth):
    """The browser session (CSRF checked for unsafe methods); staff must have passed their second factor."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        from sotay.accounts.security import second_factor_required

        if second_factor_required(user) and not getattr(user, "is_verified", lambda: False)():
            return None
        return user


def _staff_docs(view):
    return login_required(view)


api = NinjaAPI(
    title="Sổ tay API",
    version="1",
    description=_("API của Sổ tay: cùng quyền và quy tắc như trên trang web. Xem docs/api.md."),
    urls_namespace="api",
    auth=[TokenAuth(), SignedInSession()],
    throttle=[AuthRateThrottle(getattr(settings, "SOTAY_API_RATE", "240/m"))],
    docs_decorator=_staff_docs,
)


def problem(
    request: HttpRequest, status: int, title: str, detail: str = "", errors: list | None = None
) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type="application/problem+json; charset=utf-8"
    )


_PYDANTIC_MESSAGES = {
    "missing": "Thiếu giá trị này.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "bool_parsing": "Phải là true hoặc false.",
    "date_parsing": "Ngày không hợp lệ: dùng dạng yyyy-mm-dd (ISO 8601).",
    "date_from_datetime_parsing": "Ngày không hợp lệ: dùng dạng yyyy-mm-dd (ISO 8601).",
    "date_type": "Ngày không hợp lệ: dùng dạng yyyy-mm-dd (ISO 8601).",
    "string_too_long": "Quá dài.",
    "string_type": "Phải là chuỗi ký tự.",
    "greater_than_equal": "Giá trị quá nhỏ.",
    "less_than_equal": "Giá trị quá lớn.",
    "json_invalid": "Nội dung không phải JSON hợp lệ.",
    "model_attributes_type": "Nội dung phải là một đối tượng JSON.",
    "dict_type": "Nội dung phải là một đối tượng JSON.",
}


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc: NinjaValidationError):
    errors = []
    for error in exc.errors:
        location = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path", "payload")]
        message = _PYDANTIC_MESSAGES.get(error.get("type", ""), "Giá trị không hợp lệ.")
        errors.append({"field": ".".join(location), "message": _(message)})
    return problem(request, 422, _("Dữ liệu gửi lên không hợp lệ."), errors=errors)


@api.exception_handler(DjangoValidationError)
def _refused(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        errors = [{"field": f, "message": m} for f, ms in exc.message_dict.items() for m in ms]
    else:
        errors = [{"field": "", "message": m} for m in exc.messages]
    return problem(request, 422, _("Không thực hiện được."), errors=errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = problem(request, 401, _("Cần đăng nhập hoặc một khóa API còn hiệu lực."))
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Throttled)
def _throttled(request, exc: Throttled):
    response = problem(request, 429, _("Quá nhiều yêu cầu. Hãy thử lại sau ít phút."))
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(request, 404, _("Không tìm thấy."))


@api.exception_handler(policy.NotAllowed)
def _not_allowed(request, exc: policy.NotAllowed):
    if exc.hidden:
        return problem(request, 404, _("Không tìm thấy."))
    return problem(request, 403, _("Bạn không có quyền làm việc này."))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return problem(request, 403, _("Bạn không có quyền làm việc này."))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return problem(request, 422, _("Nội dung gửi lên không phải JSON hợp lệ."))
    return problem(request, exc.status_code, str(exc))
