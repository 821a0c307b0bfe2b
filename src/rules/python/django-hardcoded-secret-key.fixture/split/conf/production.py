import os

from .base import *  # noqa: F401,F403

DEBUG = False
# ok: django-hardcoded-secret-key
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
