import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ROOT_URLCONF = "hardened.urls"
INSTALLED_APPS = []
# ok: django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["shop.example.com", ".example.com"]
