import os

DEBUG = False
ROOT_URLCONF = "env.urls"
INSTALLED_APPS = []
# ok: django-hardcoded-secret-key
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
