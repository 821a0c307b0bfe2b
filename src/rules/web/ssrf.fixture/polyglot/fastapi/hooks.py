import urllib.request

import httpx
from fastapi import FastAPI

app = FastAPI()
STATUS_API = "https://status.example.com/api/"


@app.post("/hooks/test")
async def test_hook(target: str):
    async with httpx.AsyncClient() as client:
        # ruleid: ssrf
        resp = await client.get(target)
    return {"status": resp.status_code}


@app.get("/hooks/ping")
def ping(target: str):
    # ruleid: ssrf
    resp = httpx.get(target, timeout=3)
    return {"status": resp.status_code}


@app.get("/feeds/import")
def import_feed(feed_url: str):
    # ruleid: ssrf
    with urllib.request.urlopen(feed_url, timeout=5) as resp:
        return {"size": len(resp.read())}


@app.get("/status/{component}")
def status(component: str):
    # ok: ssrf
    resp = httpx.get(STATUS_API + component, timeout=3)
    return {"status": resp.status_code}
