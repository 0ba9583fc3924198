// What the in-process pipeline tests share: a config with one refactor and one test task that scripted
// agents stand in for, a runner that refuses every command, and AWS's documented example key (built
// here, so no scanner flags this project itself).
import type { CommandRunner } from '../src/sandbox/types.js';

export const AWS_EXAMPLE_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');

export const SCRIPTED_CONFIG = `
policy:
  commands: { allow: ['tool *'] }
tasks:
  refactor: [{ name: fix, run: 'tool fix {files}' }]
  test: [{ name: unit, run: 'tool test' }]
`;

export const noRunner: CommandRunner = {
  run: () => Promise.reject(new Error('no command may run in this test')),
};
