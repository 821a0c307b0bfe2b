import sqlite3

from flask import Flask, request
from sqlalchemy import text

app = Flask(__name__)
db = sqlite3.connect("reports.db")


def find_orders(customer):
    # ruleid: sql-injection
    return db.execute("SELECT * FROM orders WHERE customer = '%s'" % customer).fetchall()


@app.route("/reports/orders")
def orders_report():
    customer = request.args.get("customer", "")
    return {"rows": find_orders(customer)}


@app.route("/reports/search")
def search():
    term = request.args["q"]
    # ruleid: sql-injection
    stmt = text(f"SELECT id FROM products WHERE name LIKE '%{term}%'")
    # ok: sql-injection
    rows = db.execute("SELECT id FROM products WHERE name LIKE ?", (f"%{term}%",)).fetchall()
    return {"rows": rows, "stmt": str(stmt)}


@app.route("/reports/by-id")
def by_id():
    report_id = int(request.args.get("id", "0"))
    # ok: sql-injection
    return {"rows": db.execute(f"SELECT * FROM reports WHERE id = {report_id}").fetchall()}
