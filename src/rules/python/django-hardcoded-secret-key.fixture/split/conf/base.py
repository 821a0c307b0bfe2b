DEBUG = True
ROOT_URLCONF = "split.urls"
INSTALLED_APPS = []
# Development default: production.py sets the key again from the environment.
# ok: django-hardcoded-secret-key
SECRET_KEY = "dev-only-k3y-7f1c9a2b8d4e6f0a1b2c3d4e5f6a7b8c9d0e"
