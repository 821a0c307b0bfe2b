import { AUTH_TOKEN, AUTH_USER, AUTH_TIMESTAMP } from './constants';

export function saveSession(user, token) {
  // ok: token-in-localstorage
  localStorage.setItem(AUTH_USER, JSON.stringify(user));
  // Reported once, with the first write of the front end (auth.jsx), as further evidence.
  // ok: token-in-localstorage
  localStorage.setItem(AUTH_TOKEN, token);
  // ok: token-in-localstorage
  localStorage.setItem(AUTH_TIMESTAMP, Number(new Date()));
  // ok: token-in-localstorage
  localStorage.setItem('isAuthenticated', 'true');
}
