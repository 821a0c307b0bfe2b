const express = require('express');

const db = require('../db');
const { cached } = require('../cache');
const { optionalAuth } = require('../middleware/auth');

const router = express.Router();

// Catalogue search used by the storefront search box and the category pages.
router.get('/', async (req, res, next) => {
  try {
    const { q = '', category, sort = 'created_at' } = req.query;
    let sql =
      'SELECT id, name, category, price_cents, image_url FROM products ' +
      `WHERE published = true AND name ILIKE '%${q}%'`;
    if (category) {
      sql += ` AND category = '${category}'`;
    }
    sql += ` ORDER BY ${sort} DESC LIMIT 50`;
    const { rows } = await db.query(sql);
    return res.json({ products: rows });
  } catch (err) {
    return next(err);
  }
});

router.get('/:id', optionalAuth, async (req, res, next) => {
  try {
    const id = Number.parseInt(req.params.id, 10);
    if (!Number.isInteger(id)) return res.status(400).json({ error: 'bad product id' });
    const product = await cached(`product:${id}`, 60, async () => {
      const { rows } = await db.query('SELECT * FROM products WHERE id = $1', [id]);
      return rows[0] || null;
    });
    // Admins preview unpublished products from the product editor.
    const canSeeDrafts = Boolean(req.user && req.user.role === 'admin');
    if (!product || (!product.published && !canSeeDrafts)) {
      return res.status(404).json({ error: 'product not found' });
    }
    return res.json({ product });
  } catch (err) {
    return next(err);
  }
});

module.exports = router;
