#!/usr/bin/env bash
# Captures the real test-report fixtures in this folder: writes two tiny projects into a temp dir, runs
# jest (this repo's devDependency) and `node --test` with its TAP and JUnit reporters on them, and
# replaces the temp dir with the placeholder workspace /home/runner/work/demo/demo. This repo's
# node_modules is renamed to the workspace's, as if jest were installed there.
# Usage: bash __fixtures__/test-reports/capture.sh   (from the repo root; Node 20+)
set -euo pipefail

repo="$(pwd)"
out="$repo/__fixtures__/test-reports"
placeholder=/home/runner/work/demo/demo
tmp="$(realpath "$(mktemp -d /tmp/kilo-capture.XXXXXX)")"
trap 'rm -rf "$tmp"' EXIT

# jest prints babel's frames relative to the project (../../../work/main/node_modules/…).
rel="$(realpath --relative-to="$tmp/jest" "$repo")"
scrub() {
  sed -e "s#$rel/node_modules#node_modules#g" -e "s#$repo/node_modules#$placeholder/node_modules#g" \
    -e "s#$tmp/[a-z]*#$placeholder#g"
}

# --- jest project (CommonJS) -------------------------------------------------------------------
mkdir -p "$tmp/jest/src" "$tmp/jest/test"
cat >"$tmp/jest/package.json" <<'JSON'
{ "name": "demo", "private": true, "scripts": { "test": "jest" } }
JSON
cat >"$tmp/jest/src/cart.js" <<'JS'
// Cart totals in cents.
function total(prices, discount = 0) {
  for (const price of prices) {
    if (price < 0) throw new RangeError(`negative price: ${price}`);
  }
  const sum = prices.reduce((a, b) => a + b, 0);
  return sum - discount;
}

module.exports = { total };
JS
cat >"$tmp/jest/test/cart.test.js" <<'JS'
const { total } = require('../src/cart');

describe('cart', () => {
  test('totals prices', () => {
    expect(total([1, 2])).toBe(3);
  });

  test('applies a discount', () => {
    expect(total([10], 0.1)).toBe(9);
  });

  test.skip('rounds to cents', () => {});

  test.todo('supports coupons');

  describe('with refunds', () => {
    test('ignores free items', () => {
      console.log('free items are fine');
      expect(total([0, 5])).toBe(5);
    });

    test('subtracts refunds', () => {
      expect(total([-1, 5])).toBe(4);
    });
  });
});

test('empty cart is zero', () => {
  expect(total([])).toBe(0);
});
JS
cat >"$tmp/jest/test/broken.test.js" <<'JS'
describe('broken', () => {
  test('never runs', () => {
    expect(1).toBe(1);
  };
});
JS
jest="$repo/node_modules/.bin/jest"
(cd "$tmp/jest" && "$jest" --rootDir "$tmp/jest" --ci --json --testLocationInResults \
  >"$tmp/jest.json" 2>/dev/null || true)
# What the tester sees through npm: npm's banner on stdout before the JSON.
(cd "$tmp/jest" && PATH="$repo/node_modules/.bin:$PATH" npm test -- --ci --json --testLocationInResults \
  >"$tmp/jest-npm.txt" 2>/dev/null || true)
node -e '
  const fs = require("fs");
  const report = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  report.testResults.sort((a, b) => a.name.localeCompare(b.name));
  fs.writeFileSync(process.argv[1], JSON.stringify(report, null, 2) + "\n");
' "$tmp/jest.json"
scrub <"$tmp/jest.json" >"$out/jest.json"
"$repo/node_modules/.bin/prettier" --write "$out/jest.json" >/dev/null
scrub <"$tmp/jest-npm.txt" >"$out/jest-npm.txt"

# --- node:test project (ES modules) -------------------------------------------------------------
mkdir -p "$tmp/node/src" "$tmp/node/test"
cat >"$tmp/node/package.json" <<'JSON'
{ "name": "demo", "private": true, "type": "module" }
JSON
cat >"$tmp/node/src/price.js" <<'JS'
// Prices in cents.
export function total(prices, discount = 0) {
  const sum = prices.reduce((a, b) => a + b, 0);
  return sum - discount;
}
JS
cat >"$tmp/node/src/assert-helpers.js" <<'JS'
import assert from 'node:assert/strict';

export function assertTotal(actual, expected) {
  assert.equal(actual, expected);
}
JS
cat >"$tmp/node/test/price.test.js" <<'JS'
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { total } from '../src/price.js';
import { assertTotal } from '../src/assert-helpers.js';

describe('price', () => {
  it('adds items', () => {
    assert.equal(total([1, 2]), 3);
  });

  it('applies a discount', () => {
    assertTotal(total([10], 0.1), 9);
  });

  it('rounds to cents', { skip: 'not implemented' }, () => {});

  it('converts currencies', { todo: 'needs rates' }, () => {});

  describe('empty carts', () => {
    it('totals zero', () => {
      assert.equal(total([]), 0);
    });

    it('rejects negative prices', () => {
      assert.throws(() => total([-1]), RangeError);
    });
  });
});

describe('with a failing hook', () => {
  before(() => {
    throw new Error('database unavailable');
  });

  it('reads rows', () => {
    assert.ok(true);
  });
});
JS
cat >"$tmp/node/test/broken.test.js" <<'JS'
import { it } from 'node:test';

it('never runs', () => {
  (;
});
JS
(cd "$tmp/node" && node --test --test-reporter=tap >"$tmp/node-tap.txt" 2>/dev/null || true)
(cd "$tmp/node" && node --test --test-reporter=junit >"$tmp/node-junit.xml" 2>/dev/null || true)
scrub <"$tmp/node-tap.txt" >"$out/node-test.tap"
scrub <"$tmp/node-junit.xml" >"$out/node-test-junit.xml"

# jest-junit is not a dependency here; its dialect is covered by the hand-written jest-junit.xml.
echo "captured into $out with $(node --version) and jest $("$jest" --version)"
