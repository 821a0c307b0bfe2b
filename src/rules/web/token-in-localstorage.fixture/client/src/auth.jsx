import React, { useState } from 'react';
import axios from 'axios';

export function LoginForm() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  async function submit(event) {
    event.preventDefault();
    const { data } = await axios.post('/api/auth/login', { email, password });
    // ruleid: token-in-localstorage
    localStorage.setItem('token', data.token);
    // ruleid: token-in-localstorage
    window.sessionStorage.setItem('refresh_token', data.refreshToken);
    // ok: token-in-localstorage
    localStorage.setItem('theme', 'dark');
  }

  return (
    <form onSubmit={submit}>
      <input value={email} onChange={(e) => setEmail(e.target.value)} />
      <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
    </form>
  );
}
