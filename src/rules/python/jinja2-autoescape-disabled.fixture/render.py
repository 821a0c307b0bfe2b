from jinja2 import Environment, FileSystemLoader, select_autoescape

# ruleid: jinja2-autoescape-disabled
pages = Environment(loader=FileSystemLoader("templates"), autoescape=False)

# ok: jinja2-autoescape-disabled
safe_pages = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape(["html", "xml"]))


def render_profile(user):
    return pages.get_template("profile.html").render(user=user)
