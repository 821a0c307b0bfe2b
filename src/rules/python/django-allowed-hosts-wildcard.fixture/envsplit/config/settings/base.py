import environ

env = environ.Env()
ROOT_URLCONF = "envsplit.urls"
INSTALLED_APPS = []
# Local development accepts any host; prod.py reads the real names from the environment.
# ok: django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["*"]
