// PR-like repositories per ecosystem, laid out like real ones, each with planted defects that the
// ecosystem's own tools report: the base files and what the head commit writes. Shared by
// __tests__/integration/ecosystems.int.test.ts and bench/ecosystems.bench.mjs.

export interface EcosystemPr {
  base: Record<string, string>;
  head: Record<string, string>;
}

export const JS_BASE = {
  '.gitignore': 'node_modules\n',
  'package.json': `${JSON.stringify(
    {
      name: 'tiny-lib',
      type: 'module',
      packageManager: 'pnpm@9.12.0',
      scripts: { lint: 'eslint .', typecheck: 'tsc --noEmit', test: 'node --test test/' },
      devDependencies: { eslint: '^10', prettier: '^3', typescript: '^6' },
    },
    null,
    2,
  )}\n`,
  'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
  'eslint.config.js':
    "export default [{ files: ['**/*.js'], rules: { eqeqeq: 'error', 'no-unused-vars': 'error' } }];\n",
  '.prettierrc': '{ "singleQuote": true }\n',
  'tsconfig.json':
    '{ "compilerOptions": { "strict": true, "noEmit": true, "target": "es2022", "module": "nodenext" }, "include": ["src/**/*.ts"] }\n',
  'src/sum.ts': 'export function sum(a: number, b: number): number {\n  return a + b;\n}\n',
  'src/flags.js': "export const on = 'yes';\n",
  'test/flags.test.js':
    "import test from 'node:test';\nimport assert from 'node:assert/strict';\n\ntest('on', () => {\n  assert.equal(1 + 1, 2);\n});\n",
};
export const JS_HEAD = {
  'src/sum.ts':
    "export function sum(a: number, b: number): number {\n  return a + b;\n}\nexport const total: number = 'many';\n",
  'src/flags.js':
    'export const on = \'yes\';\nexport function isOn(v) {\n  return v == on;\n}\nexport const off =    "no";\n',
  'test/flags.test.js': `${JS_BASE['test/flags.test.js']}\ntest('off', () => {\n  assert.equal(2 - 1, 3);\n});\n`,
};

export const PY_BASE = {
  'pyproject.toml':
    '[project]\nname = "shop"\nversion = "0.1.0"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
  'shop/__init__.py': '',
  'shop/cart.py': 'def total(items):\n    return sum(items)\n',
  'tests/test_cart.py': 'from shop.cart import total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n',
};
export const PY_HEAD = {
  'shop/cart.py':
    'import os\n\n\ndef total(items):\n    return sum(items)\n\n\ndef discount(price):\n    return price * 0.9\n',
  'tests/test_cart.py':
    'from shop.cart import discount, total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n\n\ndef test_discount():\n    assert discount(10) == 8\n',
};

export const GO_BASE = {
  'go.mod': 'module example.com/calc\n\ngo 1.19\n',
  'calc.go': 'package calc\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n',
  'calc_test.go':
    'package calc\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal("bad")\n\t}\n}\n',
};
export const GO_HEAD = {
  'calc.go':
    'package calc\n\nimport "fmt"\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n\nfunc Show(s string) {\n\tfmt.Printf("%d\\n", s)\n}\n\nfunc Sub(a, b int) int {\n  return a - b\n}\n',
  'calc_test.go': `${GO_BASE['calc_test.go']}\nfunc TestSub(t *testing.T) {\n\tif got := Sub(3, 1); got != 1 {\n\t\tt.Errorf("Sub(3, 1) = %d, want 1", got)\n\t}\n}\n`,
};

export const RUST_BASE = {
  '.gitignore': 'target\nCargo.lock\n',
  'Cargo.toml': '[package]\nname = "calc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
  'src/lib.rs':
    'pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn adds() {\n        assert_eq!(add(1, 2), 3);\n    }\n}\n',
};
export const RUST_HEAD = {
  'src/lib.rs':
    'pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n\npub fn sub(a: i32, b: i32) -> i32 {\n    return a - b;\n}\n\npub fn mul(a: i32,b: i32) -> i32 { a*b }\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn adds() {\n        assert_eq!(add(1, 2), 3);\n    }\n\n    #[test]\n    fn subs() {\n        assert_eq!(sub(3, 1), 1);\n    }\n}\n',
};

export const SHELL_BASE = { 'scripts/deploy.sh': '#!/bin/sh\nset -e\necho deploying\n' };
export const SHELL_HEAD = {
  'scripts/deploy.sh': '#!/bin/sh\nset -e\necho deploying\nrm -rf $BUILD_DIR/out\n',
};

/** Every fixture by ecosystem, for loops (the benchmark). */
export const ECOSYSTEM_PRS: Record<'javascript' | 'python' | 'go' | 'rust' | 'shell', EcosystemPr> = {
  javascript: { base: JS_BASE, head: JS_HEAD },
  python: { base: PY_BASE, head: PY_HEAD },
  go: { base: GO_BASE, head: GO_HEAD },
  rust: { base: RUST_BASE, head: RUST_HEAD },
  shell: { base: SHELL_BASE, head: SHELL_HEAD },
};

/** The JavaScript fixture's node_modules/.bin links, to this repository's own installed tools. */
export const JS_TOOLS: Record<string, string> = {
  eslint: 'eslint/bin/eslint.js',
  tsc: 'typescript/bin/tsc',
  prettier: 'prettier/bin/prettier.cjs',
};
