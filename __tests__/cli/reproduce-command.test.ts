// How the "Reproduce locally" block starts kilo-agent: npx on the action's own repository at its ref
// (GITHUB_ACTION_REPOSITORY / GITHUB_ACTION_REF), else node on the CLI script that ran.
import { describe, expect, it } from '@jest/globals';
import { actionReproduceCommand, reproduceCommand } from '../../src/cli/reproduce-command.js';

describe('reproduceCommand', () => {
  it("runs the action's repository at its ref straight from GitHub with npx", () => {
    expect(reproduceCommand({ actionRepository: 'octo/kilo-agent', actionRef: 'v0' })).toEqual([
      'npx',
      '--yes',
      'github:octo/kilo-agent#v0',
    ]);
    const sha = 'abcdef0123456789abcdef0123456789abcdef01';
    expect(
      reproduceCommand({
        actionRepository: 'octo/kilo-agent',
        actionRef: sha,
        serverUrl: 'https://github.com',
      }),
    ).toEqual(['npx', '--yes', `github:octo/kilo-agent#${sha}`]);
  });

  it('names the git URL on GitHub Enterprise Server, where github: would mean github.com', () => {
    expect(
      reproduceCommand({
        actionRepository: 'tools/kilo-agent',
        actionRef: 'releases/v1',
        serverUrl: 'https://ghe.example.com/',
      }),
    ).toEqual(['npx', '--yes', 'git+https://ghe.example.com/tools/kilo-agent.git#releases/v1']);
  });

  it('keeps refs git allows however odd they are; the renderer quotes them', () => {
    expect(reproduceCommand({ actionRepository: 'o/r', actionRef: "it's-$(odd)" })).toEqual([
      'npx',
      '--yes',
      "github:o/r#it's-$(odd)",
    ]);
  });

  it('falls back to the CLI script when the repository or ref is missing or not a name', () => {
    const cliPath = '/opt/kilo/dist/cli.js';
    for (const source of [
      { actionRepository: '', actionRef: '' }, // `uses: ./`: the runner sets both empty
      { actionRepository: 'o/r', actionRef: '' },
      { actionRepository: 'not a repo', actionRef: 'v1' },
      { actionRepository: 'o/r', actionRef: 'v1 --evil' },
      { actionRepository: 'o/r', actionRef: '--upload-pack=x' },
      { actionRepository: 'o/r', actionRef: 'v1\nrm -rf ~' },
    ])
      expect(reproduceCommand({ ...source, cliPath })).toEqual(['node', cliPath]);
    expect(reproduceCommand({})).toBeUndefined();
  });

  it('names a CLI inside the checkout relative to it, and any other by its absolute path', () => {
    expect(reproduceCommand({ cliPath: '/w/repo/dist/cli.js', root: '/w/repo' })).toEqual([
      'node',
      'dist/cli.js',
    ]);
    expect(reproduceCommand({ cliPath: '/opt/kilo/dist/cli.js', root: '/w/repo' })).toEqual([
      'node',
      '/opt/kilo/dist/cli.js',
    ]);
    expect(reproduceCommand({ cliPath: '/w/repo-other/cli.js', root: '/w/repo' })).toEqual([
      'node',
      '/w/repo-other/cli.js',
    ]);
  });
});

describe('actionReproduceCommand', () => {
  it('reads the step environment the runner sets for an action', () => {
    const env = {
      GITHUB_ACTION_REPOSITORY: 'octo/kilo-agent',
      GITHUB_ACTION_REF: 'v0.1.0',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_WORKSPACE: '/home/runner/work/app/app',
    };
    expect(
      actionReproduceCommand(env, '/home/runner/work/_actions/octo/kilo-agent/v0.1.0/dist/index.js'),
    ).toEqual(['npx', '--yes', 'github:octo/kilo-agent#v0.1.0']);
  });

  it('with `uses: ./`, runs dist/cli.js beside the entry, relative to the workspace', () => {
    const env = {
      GITHUB_ACTION_REPOSITORY: '',
      GITHUB_ACTION_REF: '',
      GITHUB_WORKSPACE: '/home/runner/work/k/k',
    };
    expect(actionReproduceCommand(env, '/home/runner/work/k/k/dist/index.js')).toEqual([
      'node',
      'dist/cli.js',
    ]);
    expect(actionReproduceCommand({}, '/srv/kilo/dist/index.js')).toEqual(['node', '/srv/kilo/dist/cli.js']);
    expect(actionReproduceCommand({}, undefined)).toBeUndefined();
  });
});
