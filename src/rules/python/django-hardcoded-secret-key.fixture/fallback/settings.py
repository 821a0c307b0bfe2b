import os

DEBUG = False
ROOT_URLCONF = "fallback.urls"
INSTALLED_APPS = []
# ruleid: django-hardcoded-secret-key
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "change-me-please-0123456789")
