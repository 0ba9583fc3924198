import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discounted } from '../src/cart.js';

test('SAVE10 takes 10% off', () => {
  assert.equal(discounted([{ price: 10, quantity: 1 }], 'SAVE10'), 9);
});
