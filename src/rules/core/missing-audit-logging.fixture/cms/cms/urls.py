from django.contrib import admin
from django.urls import path

from pages import views

urlpatterns = [
    # ok: missing-audit-logging
    path("admin/", admin.site.urls),
    path("pages/<slug:slug>/", views.page),
]
