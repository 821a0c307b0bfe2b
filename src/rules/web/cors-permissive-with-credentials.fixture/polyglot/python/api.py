from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
# ruleid: cors-permissive-with-credentials
CORS(app, supports_credentials=True)

partner = Flask("partner")
# ok: cors-permissive-with-credentials
CORS(partner, supports_credentials=True, origins=["https://partner.example.com"])


@app.route("/me")
def me():
    return {"id": 1}
