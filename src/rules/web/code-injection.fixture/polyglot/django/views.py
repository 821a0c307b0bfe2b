from django.http import JsonResponse

RULES = {"double": lambda x: x * 2}


def run_rule(request):
    snippet = request.POST["code"]
    scope = {}
    # ruleid: code-injection
    exec(snippet, scope)
    return JsonResponse({"keys": sorted(scope)})


def apply_rule(request):
    name = request.POST.get("rule", "double")
    # ok: code-injection
    result = RULES.get(name, RULES["double"])(3)
    return JsonResponse({"result": result})
