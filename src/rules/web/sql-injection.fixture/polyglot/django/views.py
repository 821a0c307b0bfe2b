from django.db import connection
from django.http import JsonResponse

from .models import Product


def by_category(request):
    category = request.GET.get("category", "")
    # ruleid: sql-injection
    rows = Product.objects.raw("SELECT * FROM shop_product WHERE category = '%s'" % category)
    # ok: sql-injection
    safe = Product.objects.raw("SELECT * FROM shop_product WHERE category = %s", [category])
    return JsonResponse({"n": len(list(rows)) + len(list(safe))})


def cheaper_than(request):
    limit = request.GET["max"]
    # ruleid: sql-injection
    products = Product.objects.extra(where=["price < " + limit])
    return JsonResponse({"n": products.count()})


def report(request):
    column = request.POST.get("column", "name")
    with connection.cursor() as cursor:
        # ruleid: sql-injection
        cursor.execute(f"SELECT {column} FROM shop_product")
        # ok: sql-injection
        cursor.execute("SELECT name FROM shop_product WHERE name = %s", [column])
        return JsonResponse({"rows": cursor.fetchall()})
