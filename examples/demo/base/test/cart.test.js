import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subtotal, itemCount } from '../src/cart.js';

const items = [
  { price: 5, quantity: 2 },
  { price: 3, quantity: 1 },
];

test('subtotal adds price times quantity', () => {
  assert.equal(subtotal(items), 13);
});

test('itemCount adds quantities', () => {
  assert.equal(itemCount(items), 3);
});
