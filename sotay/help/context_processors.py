from django.urls import reverse

from .guides import help_target


def help_link(request):
    """The "?" of every page: the guide section that explains it."""
    match = getattr(request, "resolver_match", None)
    slug, anchor = help_target(match.view_name if match else None)
    url = reverse("help:guide", args=[slug])
    return {"help_url": f"{url}#{anchor}" if anchor else url}
