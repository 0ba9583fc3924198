import { describe, it, expect } from '@jest/globals';
import { isSecretEnvName, NO_DOWNLOAD_ENV, scrubEnv } from '../../src/sandbox/env.js';

describe('isSecretEnvName', () => {
  it.each([
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'NPM_TOKEN',
    'NODE_AUTH_TOKEN',
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
    'ACTIONS_CACHE_URL',
    'INPUT_GITHUB-TOKEN',
    'INPUT_LLM-API-KEY',
    'OPENAI_BASE_URL',
    'ANTHROPIC_API_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_SECRET_ACCESS_KEY',
    'CLIENT_SECRET',
    'SIGNING_KEY',
    'DB_PASSWORD',
    'MY_API_KEY',
    'SECRETS_JSON',
    'PASSWORD_FILE',
    'GEMINI_API_KEY_2',
    'github_token',
  ])('treats %s as secret', (name) => {
    expect(isSecretEnvName(name)).toBe(true);
  });

  it.each([
    'PATH',
    'HOME',
    'LANG',
    'CI',
    'RUNNER_TEMP',
    'GITHUB_WORKSPACE',
    'GITHUB_SHA',
    'NODE_OPTIONS',
    'TOKENIZER',
    'KEYBOARD',
  ])('keeps %s', (name) => {
    expect(isSecretEnvName(name)).toBe(false);
  });
});

describe('scrubEnv', () => {
  it('drops secrets and unset values and keeps the rest', () => {
    const env = {
      PATH: '/usr/bin',
      HOME: '/home/runner',
      CI: 'true',
      RUNNER_TEMP: '/tmp/runner',
      GITHUB_TOKEN: 'ghs_secret',
      INPUT_LLM_API_KEY: 'sk-1',
      OPENAI_API_KEY: 'sk-2',
      UNSET: undefined,
    };
    expect(scrubEnv(env)).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      CI: 'true',
      RUNNER_TEMP: '/tmp/runner',
      ...NO_DOWNLOAD_ENV,
    });
  });

  it('adds extra variables after scrubbing, overriding inherited ones', () => {
    expect(
      scrubEnv({ PATH: '/usr/bin', NODE_ENV: 'production' }, { NODE_ENV: 'test', FORCE_COLOR: '0' }),
    ).toEqual({
      PATH: '/usr/bin',
      NODE_ENV: 'test',
      FORCE_COLOR: '0',
      ...NO_DOWNLOAD_ENV,
    });
  });

  it('forbids downloads whatever the environment or the task says', () => {
    const env = scrubEnv(
      { GOPROXY: 'https://proxy.golang.org', npm_config_yes: 'true' },
      { CARGO_NET_OFFLINE: 'false' },
    );
    expect(env).toMatchObject({
      GOPROXY: 'off',
      npm_config_yes: 'false',
      CARGO_NET_OFFLINE: 'true',
      GOTOOLCHAIN: 'local',
    });
  });

  it('does not modify the environment it was given', () => {
    const env = { GITHUB_TOKEN: 'x', PATH: '/bin' };
    scrubEnv(env, { EXTRA: '1' });
    expect(env).toEqual({ GITHUB_TOKEN: 'x', PATH: '/bin' });
  });
});
