# A Django settings module left in debug mode.
SECRET_KEY = "x" * 50
ROOT_URLCONF = "dev.urls"
INSTALLED_APPS = ["django.contrib.auth"]
# ruleid: django-debug-enabled
DEBUG = True
ALLOWED_HOSTS = ["dev.example.com"]
