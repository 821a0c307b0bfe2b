import requests
from django.http import JsonResponse

API_BASE = "https://api.example.com"


def preview(request):
    url = request.GET.get("url")
    # ruleid: ssrf
    resp = requests.get(url, timeout=5)
    return JsonResponse({"status": resp.status_code})


def profile(request):
    user = request.GET.get("user", "")
    # ok: ssrf
    resp = requests.get(f"{API_BASE}/users/{user}", timeout=5)
    # ok: ssrf
    again = requests.get("https://api.example.com/users/" + user, timeout=5)
    return JsonResponse({"a": resp.status_code, "b": again.status_code})
