import { useState } from 'react';

import { login, requestPasswordReset, signup } from '../api.js';

export default function Login({ onLogin }) {
  const [mode, setMode] = useState('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [message, setMessage] = useState(null);

  async function onSubmit(event) {
    event.preventDefault();
    setMessage(null);
    try {
      if (mode === 'reset') {
        await requestPasswordReset(email);
        setMessage('If that address has an account, a reset link is on its way.');
        return;
      }
      if (mode === 'signup') await signup(email, password, name);
      else await login(email, password);
      onLogin();
      window.location.hash = '#/orders';
    } catch (err) {
      setMessage(err.response?.data?.error || err.message);
    }
  }

  return (
    <form onSubmit={onSubmit}>
      <h1>{mode === 'signup' ? 'Create an account' : mode === 'reset' ? 'Reset password' : 'Log in'}</h1>
      <label>
        Email <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </label>
      {mode !== 'reset' && (
        <label>
          Password{' '}
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
      )}
      {mode === 'signup' && (
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
      )}
      <button type="submit">Continue</button>
      {message && <p className="error">{message}</p>}
      <p>
        <button type="button" onClick={() => setMode(mode === 'signup' ? 'login' : 'signup')}>
          {mode === 'signup' ? 'I have an account' : 'Create an account'}
        </button>{' '}
        <button type="button" onClick={() => setMode('reset')}>
          Forgot password?
        </button>
      </p>
    </form>
  );
}
