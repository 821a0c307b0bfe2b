from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def after_login(request):
    target = request.GET.get("next", "/")
    # ruleid: open-redirect
    return redirect(target)


def after_logout(request):
    target = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        # ok: open-redirect
        return HttpResponseRedirect(target)
    return redirect("/")


def to_profile(request):
    user = request.GET.get("user", "")
    # ok: open-redirect
    return redirect("/profiles/" + user)
