DEBUG = False
ROOT_URLCONF = "literal.urls"
INSTALLED_APPS = []
# ruleid: django-hardcoded-secret-key
SECRET_KEY = "django-insecure-q8w7e6r5t4y3u2i1o0p9a8s7d6f5g4h3j2k1"
