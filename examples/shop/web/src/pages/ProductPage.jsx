import { useEffect, useState } from 'react';

import { getProduct, isLoggedIn, uploadPhoto } from '../api.js';

export default function ProductPage({ id }) {
  const [product, setProduct] = useState(null);
  const [notice, setNotice] = useState(null);

  useEffect(() => {
    getProduct(id)
      .then(setProduct)
      .catch(() => setNotice('This product is not available.'));
  }, [id]);

  async function onPhoto(event) {
    const file = event.target.files[0];
    if (!file) return;
    await uploadPhoto(file);
    setNotice('Thanks! Your photo will appear with your review.');
  }

  if (!product) return <p>{notice || 'Loading…'}</p>;

  return (
    <article>
      <h1>{product.name}</h1>
      {product.image_url && <img src={product.image_url} alt={product.name} width="360" />}
      {/* Descriptions are authored as rich text in the admin product editor. */}
      <div className="description" dangerouslySetInnerHTML={{ __html: product.description_html }} />
      {isLoggedIn() && (
        <label>
          Add a photo to your review <input type="file" accept="image/*" onChange={onPhoto} />
        </label>
      )}
      {notice && <p>{notice}</p>}
    </article>
  );
}
