import { initializeApp } from 'firebase/app';

// Firebase web config is public by design.
export const app = initializeApp({
  // ok: hardcoded-credentials
  apiKey: 'AIzaSyD3kX9-abcdefGHIJklmnOPQRstuvWXyz1',
  authDomain: 'demo-app.firebaseapp.com',
  projectId: 'demo-app',
});
