import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ROOT_URLCONF = "site.urls"
INSTALLED_APPS = []
# ruleid: django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["*"]
