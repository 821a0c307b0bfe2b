import os
import shlex
import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.post("/tools/ping")
def ping(host: str):
    # ruleid: command-injection
    out = subprocess.check_output(f"ping -c 1 {host}", shell=True)
    return {"out": out.decode()}


@app.post("/tools/trace")
def trace(host: str):
    # ok: command-injection
    out = subprocess.check_output(["traceroute", host])
    # ok: command-injection
    os.system("traceroute " + shlex.quote(host))
    return {"out": out.decode()}


@app.post("/tools/lookup")
def lookup(domain: str):
    # ruleid: command-injection
    os.system("nslookup " + domain)
    return {}
