import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ROOT_URLCONF = "prod.urls"
INSTALLED_APPS = ["django.contrib.auth"]
# ok: django-debug-enabled
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
