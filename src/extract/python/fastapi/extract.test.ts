import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { routeLines, runAll } from '../../_polyglot/testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

const DEPS = `from fastapi import Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")

async def get_current_user(token: str = Depends(oauth2_scheme)):
    user = lookup(token)
    if not user:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="bad token")
    return user

async def get_active_user(user = Depends(get_current_user)):
    return user

async def get_admin(user = Depends(get_current_user)):
    if not user.is_superuser:
        raise HTTPException(status_code=403)
    return user

def get_db():
    yield None
`;

test('dependencies count as guards when they reject; routers, prefixes and include_router across files', () => {
  const facts = runAll([extractor, auth], {
    'app/deps.py': DEPS,
    'app/routers/items.py': `from fastapi import APIRouter, Depends
from ..deps import get_active_user, get_admin, get_db
router = APIRouter(prefix="/items")

@router.get("/")
def list_items(db = Depends(get_db)):
    return []

@router.post("/", status_code=201)
def create_item(name: str, user = Depends(get_active_user)):
    return {}

@router.delete("/{item_id}", dependencies=[Depends(get_admin)])
def delete_item(item_id: int):
    return {}
`,
    'app/main.py': `from fastapi import FastAPI
from fastapi.security import OAuth2PasswordRequestForm
from fastapi import Depends
from .routers import items
app = FastAPI()
app.include_router(items.router, prefix="/api/v1")

@app.post("/token")
def token(form: OAuth2PasswordRequestForm = Depends()):
    return {}

@app.websocket("/ws")
async def ws(websocket):
    pass
`,
  });
  assert.deepEqual(routeLines(facts), ['DELETE /api/v1/items/:item_id admin', 'GET /api/v1/items none', 'GET /ws none', 'POST /api/v1/items user', 'POST /token none']);
  const tokenRoute = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/token');
  assert.ok(tokenRoute?.tags?.includes('login'));
  assert.equal(facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/ws')?.protocol, 'websocket');
});

test('same-file dependencies, app-level dependencies, and security schemes used directly', () => {
  const facts = runAll([extractor], {
    'main.py': `${DEPS}
from fastapi import FastAPI, APIRouter
app = FastAPI()
internal = APIRouter(prefix="/internal", dependencies=[Depends(oauth2_scheme)])

@app.get("/me")
def me(user = Depends(get_current_user)):
    return user

@internal.post("/jobs")
def jobs():
    return {}

app.include_router(internal)
`,
  });
  assert.deepEqual(routeLines(facts), ['GET /me user', 'POST /internal/jobs user']);
});
