// Shopping cart totals.
export function subtotal(items) {
  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
}

export function itemCount(items) {
  return items.reduce((count, item) => count + item.quantity, 0);
}
