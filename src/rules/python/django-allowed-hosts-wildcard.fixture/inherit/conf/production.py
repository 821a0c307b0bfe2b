import os

from .base import *  # noqa: F401,F403

# Production keeps the wildcard as the fallback when the variable is missing.
ALLOWED_HOSTS = os.environ.get("HOSTS", "*").split(",")
