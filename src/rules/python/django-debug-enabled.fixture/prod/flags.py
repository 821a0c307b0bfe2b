# Not a settings module: a feature flag named DEBUG in an ordinary module.
# ok: django-debug-enabled
DEBUG = True
