import axios from 'axios';

const TOKEN_KEY = 'shop.token';

export const http = axios.create({ baseURL: '/api', withCredentials: true });

http.interceptors.request.use((config) => {
  const token = localStorage.getItem(TOKEN_KEY);
  if (token) config.headers.Authorization = `Bearer ${token}`;
  return config;
});

http.interceptors.response.use(
  (response) => response,
  (error) => {
    if (error.response && error.response.status === 401) {
      localStorage.removeItem(TOKEN_KEY);
    }
    return Promise.reject(error);
  }
);

export function isLoggedIn() {
  return Boolean(localStorage.getItem(TOKEN_KEY));
}

export async function login(email, password) {
  const { data } = await http.post('/auth/login', { email, password });
  localStorage.setItem(TOKEN_KEY, data.token);
  return data.user;
}

export async function signup(email, password, name) {
  const { data } = await http.post('/auth/signup', { email, password, name });
  localStorage.setItem(TOKEN_KEY, data.token);
  return data.user;
}

export async function logout() {
  localStorage.removeItem(TOKEN_KEY);
  await fetch('/api/auth/logout', { method: 'POST', credentials: 'include', redirect: 'manual' });
}

export async function requestPasswordReset(email) {
  const response = await fetch('/api/auth/password-reset', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  if (!response.ok) throw new Error('could not request a reset link');
}

export async function searchProducts(q, category) {
  const { data } = await http.get('/products', { params: { q, category } });
  return data.products;
}

export async function getProduct(id) {
  const { data } = await http.get(`/products/${id}`);
  return data.product;
}

export async function listOrders() {
  const { data } = await http.get('/orders');
  return data.orders;
}

export async function getOrder(id) {
  const { data } = await http.get(`/orders/${id}`);
  return data;
}

export async function placeOrder(items, paymentMethodId, shippingAddress) {
  const { data } = await http.post('/orders', { items, paymentMethodId, shippingAddress });
  return data.order;
}

export async function uploadPhoto(file) {
  const form = new FormData();
  form.append('photo', file);
  const { data } = await http.post('/uploads', form);
  return data;
}
