DEBUG = True
ROOT_URLCONF = "inherited.urls"
INSTALLED_APPS = []
# production.py below keeps this value, so it is the production key.
# ruleid: django-hardcoded-secret-key
SECRET_KEY = "shared-k3y-0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b"
