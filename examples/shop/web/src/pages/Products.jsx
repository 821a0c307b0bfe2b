import { useEffect, useState } from 'react';

import { searchProducts } from '../api.js';

function formatPrice(cents) {
  return new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

export default function Products() {
  const [query, setQuery] = useState('');
  const [products, setProducts] = useState([]);
  const [error, setError] = useState(null);

  useEffect(() => {
    const timer = setTimeout(() => {
      searchProducts(query)
        .then(setProducts)
        .catch(() => setError('Search is unavailable right now.'));
    }, 250);
    return () => clearTimeout(timer);
  }, [query]);

  return (
    <section>
      <input
        type="search"
        placeholder="Search products"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {error && <p className="error">{error}</p>}
      <div className="grid">
        {products.map((product) => (
          <a key={product.id} href={`#/products/${product.id}`}>
            {product.image_url && <img src={product.image_url} alt="" width="200" />}
            <div>{product.name}</div>
            <div>{formatPrice(product.price_cents)}</div>
          </a>
        ))}
      </div>
    </section>
  );
}
