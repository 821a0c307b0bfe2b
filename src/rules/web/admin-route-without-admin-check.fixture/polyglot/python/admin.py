from fastapi import APIRouter, Depends, FastAPI, HTTPException, status
from fastapi.security import OAuth2PasswordBearer

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")
app = FastAPI()
router = APIRouter(prefix="/admin")


def current_user(token: str = Depends(oauth2_scheme)):
    user = decode(token)
    if user is None:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED)
    return user


def current_admin(user=Depends(current_user)):
    if not user.is_superuser:
        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN)
    return user


def decode(token):
    return None


# ruleid: admin-route-without-admin-check
@router.post("/reindex")
def reindex(user=Depends(current_user)):
    return {"ok": True}


# ok: admin-route-without-admin-check
@router.delete("/users/{user_id}")
def delete_user(user_id: int, admin=Depends(current_admin)):
    return {"deleted": user_id}


app.include_router(router)
