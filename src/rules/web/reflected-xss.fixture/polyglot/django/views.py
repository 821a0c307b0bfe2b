from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe


def notice(request):
    message = request.GET.get("msg", "")
    # ruleid: reflected-xss
    return render(request, "notice.html", {"message": mark_safe("<p>" + message + "</p>")})


def notice_safe(request):
    message = request.GET.get("msg", "")
    # ok: reflected-xss
    return render(request, "notice.html", {"message": mark_safe("<p>" + escape(message) + "</p>")})


def echo(request):
    # ruleid: reflected-xss
    return HttpResponse("<h1>" + request.GET["q"] + "</h1>")
