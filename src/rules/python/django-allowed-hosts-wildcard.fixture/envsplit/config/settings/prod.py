from .base import *  # noqa: F401,F403

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
