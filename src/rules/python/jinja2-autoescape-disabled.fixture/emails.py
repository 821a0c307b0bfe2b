from jinja2 import Template

# Plain-text e-mail bodies: no HTML, so escaping is not wanted.
# ok: jinja2-autoescape-disabled
SUBJECT = Template("Your order {{ number }} has shipped")
