import { describe, expect, it } from '@jest/globals';
import { ROUTES } from '../../__fixtures__/fake-github/fake-github.js';
import { loadOpenApiValidator, toAjvSchema } from '../../__fixtures__/fake-github/openapi-validator.js';

const validator = loadOpenApiValidator();
const { spec } = validator;

function check(method: string, path: string, query: Record<string, string> = {}, body?: unknown) {
  const match = spec.match(method, path);
  if (!match) throw new Error(`no route for ${method} ${path}`);
  return {
    key: match.operation.key,
    ...validator.checkRequest(match.operation, {
      pathParams: match.pathParams,
      query: new URLSearchParams(query),
      body,
    }),
  };
}

describe("routing by GitHub's OpenAPI description", () => {
  it('matches path templates and prefers literal segments', () => {
    expect(spec.match('GET', '/repos/octo/shop/pulls/7')?.operation.key).toBe(
      'GET /repos/{owner}/{repo}/pulls/{pull_number}',
    );
    expect(spec.match('GET', '/repos/octo/shop/pulls/comments/5')?.operation.key).toBe(
      'GET /repos/{owner}/{repo}/pulls/comments/{comment_id}',
    );
    expect(spec.match('GET', '/repos/octo/shop/issues/comments/5')?.operation.operationId).toBe(
      'issues/get-comment',
    );
    expect(spec.match('PATCH', '/repos/octo/shop/issues/7/comments')).toBeUndefined();
    expect(spec.match('GET', '/repos/octo/shop/pulls/7/nope')).toBeUndefined();
  });

  it('serves only operations the description has', () => {
    const keys = Object.keys(ROUTES);
    expect(keys).toHaveLength(22);
    for (const key of keys) expect(spec.operation(key).key).toBe(key);
    expect(() => spec.operation('GET /repos/{owner}/{repo}/pull/{pull_number}')).toThrow(/no operation/);
  });

  it('decodes path segments', () => {
    expect(
      spec.match('GET', '/repos/octo/shop/collaborators/dependabot%5Bbot%5D/permission')?.pathParams,
    ).toEqual({
      owner: 'octo',
      repo: 'shop',
      username: 'dependabot[bot]',
    });
  });
});

describe('request validation', () => {
  it('coerces path and query strings to their declared types', () => {
    const result = check('GET', '/repos/octo/shop/pulls/7/files', { per_page: '100', page: '2' });
    expect(result.errors).toEqual([]);
    expect(result.params).toEqual({ owner: 'octo', repo: 'shop', pull_number: 7, per_page: 100, page: 2 });
  });

  it('names a param of the wrong type and an unknown query param', () => {
    expect(check('GET', '/repos/octo/shop/pulls/seven/files', { perPage: '5' }).errors).toEqual([
      'path.pull_number must be integer (got "seven")',
      "query has an unknown property 'perPage'",
    ]);
  });

  it('checks a JSON body against the operation schema, with a readable path to the fault', () => {
    const errors = check(
      'POST',
      '/repos/octo/shop/check-runs',
      {},
      {
        name: 'x',
        head_sha: 'abc',
        status: 'done',
        output: { title: 't', summary: 's', annotations: [{ path: 'a.ts', start_line: '1' }] },
      },
    ).errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        'body.status must be one of: queued, in_progress, completed (got "done")',
        "body.output.annotations[0] is missing required property 'end_line'",
        'body.output.annotations[0].start_line must be integer (got "1")',
      ]),
    );
  });

  it('requires a body where the operation does', () => {
    expect(check('POST', '/repos/octo/shop/issues/1/comments').errors).toEqual(['body is required']);
  });
});

describe('toAjvSchema', () => {
  it("turns OpenAPI's typeless nullable into anyOf null and points refs at the components", () => {
    expect(toAjvSchema({ nullable: true, allOf: [{ $ref: '#/components/schemas/simple-user' }] })).toEqual({
      anyOf: [
        { type: 'null' },
        {
          allOf: [
            { $ref: 'https://fake-github.test/openapi-components.json#/components/schemas/simple-user' },
          ],
        },
      ],
    });
  });
});
