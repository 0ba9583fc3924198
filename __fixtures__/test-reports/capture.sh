#!/usr/bin/env bash
# Captures the real test-report fixtures in this folder: writes tiny projects into a temp dir, runs
# jest (this repo's devDependency) and `node --test` with its TAP and JUnit reporters on them (js),
# `go test -json` (go) and `cargo test` (rust), and replaces the temp dir with the placeholder
# workspace /home/runner/work/demo/demo. This repo's node_modules is renamed to the workspace's, as if
# jest were installed there. Nothing is downloaded: the Go module and the crate have no dependencies.
# vitest.json, mocha.tap and ava.tap (jsrunners) come from the runs of the JavaScript provider's planned
# lines in __tests__/ecosystems/javascript-tools.test.ts, which holds their projects; that section also
# rewrites __fixtures__/tools/biome-checkstyle.xml and oxlint-checkstyle.xml.
# Usage: bash __fixtures__/test-reports/capture.sh [js] [jsrunners] [go] [rust]   (from the repo root;
# default all; Node 20+, Go 1.19+, cargo)
set -euo pipefail
sections=" ${*:-js jsrunners go rust} "
wants() { [[ "$sections" == *" $1 "* ]]; }

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

if wants js; then
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
fi

# --- vitest, mocha, ava (and Biome, oxlint): this repo's devDependencies, run by the test ----------
if wants jsrunners; then
  KILO_WRITE_FIXTURES=1 NODE_OPTIONS=--experimental-vm-modules "$repo/node_modules/.bin/jest" \
    __tests__/ecosystems/javascript-tools.test.ts
fi

# --- go test -json (module example.com/demo, no dependencies) ------------------------------------
# go-test.jsonl: stdout and stderr as one stream (stderr is empty on this run). A passing test with a
# t.Log, t.Errorf, a table test with a passing and a failing subtest, t.Skip, a package without test
# files and a test that panics (its goroutine frames carry absolute paths).
# go-test-build-failure.jsonl: the same stream where the root package's test file does not compile,
# vet fails on internal/cart and internal/tax passes. Up to Go 1.23 the compiler's lines (`# pkg …`,
# `./calc_test.go:9:2: undefined: Foo`) come on stderr and `FAIL pkg [build failed]` on stdout as plain
# text, not JSON; Go 1.24+ sends both as JSON events.
if wants go; then
  export GOPROXY=off GOTOOLCHAIN=local GOFLAGS='' GOCACHE="$tmp/gocache" GOPATH="$tmp/gopath"
  mkdir -p "$tmp/go/internal/cart" "$tmp/go/internal/money"
  cat >"$tmp/go/go.mod" <<'GO'
module example.com/demo

go 1.19
GO
  cat >"$tmp/go/calc.go" <<'GO'
// Package demo adds numbers.
package demo

// Add returns a + b.
func Add(a, b int) int {
	return a + b
}
GO
  cat >"$tmp/go/calc_test.go" <<'GO'
package demo

import "testing"

func TestAdd(t *testing.T) {
	t.Log("adding")
	if got := Add(1, 2); got != 3 {
		t.Fatalf("Add(1, 2) = %d, want 3", got)
	}
}

func TestAddNegative(t *testing.T) {
	if got := Add(-1, -1); got != -3 {
		t.Errorf("Add(-1, -1) = %d, want -3", got)
	}
}

func TestTable(t *testing.T) {
	for _, tc := range []struct {
		name       string
		a, b, want int
	}{{"zero", 0, 0, 0}, {"carry", 9, 1, 11}} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Add(tc.a, tc.b); got != tc.want {
				t.Errorf("Add(%d, %d) = %d, want %d\nwith carry", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

func TestNetwork(t *testing.T) {
	t.Skip("needs network")
}
GO
  cat >"$tmp/go/internal/cart/cart.go" <<'GO'
// Package cart totals prices.
package cart

// Total sums the prices.
func Total(prices []int) int {
	sum := 0
	for _, p := range prices {
		sum += p
	}
	return sum
}
GO
  cat >"$tmp/go/internal/cart/cart_test.go" <<'GO'
package cart

import "testing"

func TestTotal(t *testing.T) {
	if got := Total([]int{1, 2}); got != 3 {
		t.Errorf("Total = %d, want 3", got)
	}
}

func TestLast(t *testing.T) {
	prices := []int{1}
	_ = prices[Total(prices)]
}
GO
  cat >"$tmp/go/internal/money/money.go" <<'GO'
// Package money has no tests.
package money

// Cents is an amount of money.
type Cents int
GO
  (cd "$tmp/go" && go test -json ./... >"$tmp/go-test.jsonl" 2>&1 || true)

  cp -r "$tmp/go" "$tmp/gobuild"
  rm -r "$tmp/gobuild/internal/money"
  mkdir -p "$tmp/gobuild/internal/tax"
  cat >"$tmp/gobuild/calc_test.go" <<'GO'
package demo

import "testing"

func TestAdd(t *testing.T) {
	if Add(1, 2) != 3 {
		t.Error("wrong")
	}
	Foo()
}
GO
  cat >"$tmp/gobuild/internal/cart/cart.go" <<'GO'
// Package cart totals prices.
package cart

import "fmt"

// Total sums the prices.
func Total(prices []int) int {
	fmt.Printf("%d prices\n", "many")
	return len(prices)
}
GO
  cat >"$tmp/gobuild/internal/tax/tax_test.go" <<'GO'
package tax

import "testing"

func TestRate(t *testing.T) {}
GO
  (cd "$tmp/gobuild" && go test -json ./... >"$tmp/go-test-build-failure.jsonl" 2>&1 || true)
  scrub <"$tmp/go-test.jsonl" >"$out/go-test.jsonl"
  scrub <"$tmp/go-test-build-failure.jsonl" >"$out/go-test-build-failure.jsonl"
  echo "captured go test -json with $(go version)"
fi

# --- cargo test (crate demo, no dependencies) -------------------------------------------------------
# cargo-test.txt: `cargo test --no-fail-fast` (without it cargo stops after the first failing target)
# with stdout and stderr as one stream, as `2>&1` gives them. stdout has libtest's report of each test
# binary (`running N tests`, `test … ok`, `failures:`, `test result:`); stderr has cargo's lines
# (`Compiling`, `Running unittests src/lib.rs (…)`, `Doc-tests demo`, `error: test failed, …`), which
# alone say which target a report is of. Unit tests in src/lib.rs (ok, assert_eq! with a message after
# a println!, unwrap on Err, #[ignore = "slow"], #[should_panic]), tests/it.rs (ok, assert!) and doc
# tests (ok, failing). RUST_BACKTRACE=0: no backtraces.
# cargo-test-build-failure.txt: the same with a warning and two E0308 errors in src/lib.rs (all stderr).
if wants rust; then
  export CARGO_TARGET_DIR="$tmp/rust/target" RUST_BACKTRACE=0 CARGO_TERM_COLOR=never
  mkdir -p "$tmp/rust/src" "$tmp/rust/tests"
  cat >"$tmp/rust/Cargo.toml" <<'TOML'
[package]
name = "demo"
version = "0.1.0"
edition = "2021"

[dependencies]
TOML
  cat >"$tmp/rust/src/lib.rs" <<'RUST'
//! Cart totals in cents.

/// Adds two prices.
///
/// ```
/// assert_eq!(demo::add(2, 2), 4);
/// ```
pub fn add(a: i64, b: i64) -> i64 {
    a + b
}

/// Takes a discount off a price.
///
/// ```
/// assert_eq!(demo::discount(10, 1), 9);
/// ```
pub fn discount(price: i64, off: i64) -> i64 {
    price - off - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds() {
        assert_eq!(add(1, 2), 3);
    }

    #[test]
    fn applies_discount() {
        println!("discounting 10 by 1");
        assert_eq!(discount(10, 1), 9, "discount of {}", 1);
    }

    #[test]
    fn parses_prices() {
        let price: i64 = "ten".parse().unwrap();
        assert_eq!(price, 10);
    }

    #[test]
    #[ignore = "slow"]
    fn adds_many() {
        assert_eq!((0..1000).fold(0, add), 499500);
    }

    #[test]
    #[should_panic(expected = "overflow")]
    fn overflows() {
        add(i64::MAX, 1);
    }
}
RUST
  cat >"$tmp/rust/tests/it.rs" <<'RUST'
#[test]
fn totals_a_cart() {
    assert_eq!(demo::add(demo::add(1, 2), 3), 6);
}

#[test]
fn discounts_a_cart() {
    assert!(demo::discount(100, 10) == 90, "discounted total");
}
RUST
  (cd "$tmp/rust" && cargo test --offline --no-fail-fast >"$tmp/cargo-test.txt" 2>&1 || true)

  cat >"$tmp/rust/src/lib.rs" <<'RUST'
//! Cart totals in cents.

pub fn add(a: i64, b: i64) -> i64 {
    let unused = 1;
    a + b
}

pub fn count(prices: &[i64]) -> i64 {
    prices.len()
}

pub fn label() -> String {
    "cart"
}
RUST
  (cd "$tmp/rust" && cargo test --offline >"$tmp/cargo-test-build-failure.txt" 2>&1 || true)
  scrub <"$tmp/cargo-test.txt" >"$out/cargo-test.txt"
  scrub <"$tmp/cargo-test-build-failure.txt" >"$out/cargo-test-build-failure.txt"
  echo "captured cargo test with $(cargo --version) and $(rustc --version)"
fi
