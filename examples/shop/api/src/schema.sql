-- Schema for the shop database. Applied by docker-compose on first start
-- (mounted into /docker-entrypoint-initdb.d) and by `npm run db:init`.

CREATE TABLE IF NOT EXISTS users (
  id             SERIAL PRIMARY KEY,
  email          TEXT NOT NULL UNIQUE,
  password_hash  TEXT NOT NULL,            -- bcrypt; 32-hex MD5 for accounts imported from the old shop
  name           TEXT,
  phone          TEXT,
  address        TEXT,
  role           TEXT NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'admin')),
  reset_token    TEXT,
  reset_expires  TIMESTAMPTZ,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS products (
  id                SERIAL PRIMARY KEY,
  name              TEXT NOT NULL,
  category          TEXT NOT NULL DEFAULT 'general',
  description_html  TEXT NOT NULL DEFAULT '',   -- written in the admin rich-text editor
  price_cents       INTEGER NOT NULL CHECK (price_cents >= 0),
  image_url         TEXT,
  stock             INTEGER NOT NULL DEFAULT 0,
  published         BOOLEAN NOT NULL DEFAULT false,
  created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS payment_methods (
  id                        SERIAL PRIMARY KEY,
  user_id                   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  stripe_customer_id        TEXT NOT NULL,
  stripe_payment_method_id  TEXT NOT NULL,
  brand                     TEXT,
  last4                     CHAR(4),
  exp_month                 SMALLINT,
  exp_year                  SMALLINT,
  created_at                TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orders (
  id                    SERIAL PRIMARY KEY,
  user_id               INTEGER NOT NULL REFERENCES users(id),
  payment_method_id     INTEGER REFERENCES payment_methods(id),
  payment_intent_id     TEXT,
  status                TEXT NOT NULL DEFAULT 'pending',
  total_cents           INTEGER NOT NULL,
  shipping_address      TEXT NOT NULL,
  confirmation_sent_at  TIMESTAMPTZ,
  created_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS order_items (
  order_id     INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  product_id   INTEGER NOT NULL REFERENCES products(id),
  quantity     INTEGER NOT NULL CHECK (quantity > 0),
  price_cents  INTEGER NOT NULL,
  PRIMARY KEY (order_id, product_id)
);

CREATE INDEX IF NOT EXISTS orders_user_id_idx ON orders (user_id);
CREATE INDEX IF NOT EXISTS payment_methods_user_id_idx ON payment_methods (user_id);
