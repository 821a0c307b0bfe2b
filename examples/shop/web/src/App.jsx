import { useEffect, useState } from 'react';

import { isLoggedIn, logout } from './api.js';
import Login from './pages/Login.jsx';
import Orders from './pages/Orders.jsx';
import ProductPage from './pages/ProductPage.jsx';
import Products from './pages/Products.jsx';

// Tiny hash router: #/products, #/products/42, #/orders, #/login.
function useHashRoute() {
  const [hash, setHash] = useState(window.location.hash || '#/products');
  useEffect(() => {
    const onChange = () => setHash(window.location.hash || '#/products');
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return hash.slice(1).split('?')[0].split('/').filter(Boolean);
}

export default function App() {
  const [page, id] = useHashRoute();
  const [loggedIn, setLoggedIn] = useState(isLoggedIn());

  async function onLogout() {
    await logout();
    setLoggedIn(false);
    window.location.hash = '#/products';
  }

  let content;
  if (page === 'products' && id) content = <ProductPage id={id} />;
  else if (page === 'orders') content = loggedIn ? <Orders /> : <Login onLogin={() => setLoggedIn(true)} />;
  else if (page === 'login') content = <Login onLogin={() => setLoggedIn(true)} />;
  else content = <Products />;

  return (
    <>
      <header>
        <strong>Shop</strong>
        <a href="#/products">Products</a>
        {loggedIn && <a href="#/orders">My orders</a>}
        {loggedIn ? (
          <button type="button" onClick={onLogout}>
            Log out
          </button>
        ) : (
          <a href="#/login">Log in</a>
        )}
      </header>
      <main>{content}</main>
    </>
  );
}
