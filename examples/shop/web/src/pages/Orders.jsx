import { useEffect, useState } from 'react';

import { getOrder, listOrders } from '../api.js';

export default function Orders() {
  const [orders, setOrders] = useState([]);
  const [selected, setSelected] = useState(null);

  useEffect(() => {
    listOrders().then(setOrders);
  }, []);

  async function open(orderId) {
    setSelected(await getOrder(orderId));
  }

  return (
    <section>
      <h1>My orders</h1>
      <ul>
        {orders.map((order) => (
          <li key={order.id}>
            <button type="button" onClick={() => open(order.id)}>
              #{order.id} · {order.status} · {(order.total_cents / 100).toFixed(2)} EUR
            </button>
          </li>
        ))}
      </ul>
      {selected && (
        <div>
          <h2>Order #{selected.order.id}</h2>
          <p>Ships to: {selected.order.shipping_address}</p>
          <p>
            Paid with {selected.order.brand} ending in {selected.order.last4}
          </p>
          <ul>
            {selected.items.map((item) => (
              <li key={item.product_id}>
                {item.quantity} × {item.name}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
