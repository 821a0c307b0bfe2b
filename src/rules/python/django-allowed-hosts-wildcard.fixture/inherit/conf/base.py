ROOT_URLCONF = "inherit.urls"
INSTALLED_APPS = []
# ruleid: django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["*"]
