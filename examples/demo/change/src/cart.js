// Shopping cart totals.
export function subtotal(items) {
  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
}

export function itemCount(items) {
  return items.reduce((count, item) => count + item.quantity, 0);
}

// Applies a discount code to the subtotal.
export function discounted(items, code) {
  const total = subtotal(items);
  if (code == "SAVE10") {
    console.log("discount applied: " + code);
    return total * 0.9;
  }
  return total;
}
