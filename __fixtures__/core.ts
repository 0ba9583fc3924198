// Typed mocks of @actions/core (the runner I/O), registered with jest.unstable_mockModule before
// importing main.ts.
import { jest } from '@jest/globals';
import type * as core from '@actions/core';

export const debug = jest.fn<typeof core.debug>();
export const isDebug = jest.fn<typeof core.isDebug>(() => false);
export const info = jest.fn<typeof core.info>();
export const notice = jest.fn<typeof core.notice>();
export const warning = jest.fn<typeof core.warning>();
export const error = jest.fn<typeof core.error>();
export const getInput = jest.fn<typeof core.getInput>();
export const setOutput = jest.fn<typeof core.setOutput>();
export const setFailed = jest.fn<typeof core.setFailed>();
export const setSecret = jest.fn<typeof core.setSecret>();
export const group = jest.fn(<T>(_name: string, fn: () => Promise<T>) =>
  fn(),
) as unknown as typeof core.group;
export const summary = {
  addRaw: jest.fn(() => summary),
  write: jest.fn(async () => summary),
};

/** Inputs by name; absent inputs read as '' like the real getInput. */
export function setInputs(inputs: Record<string, string>): void {
  getInput.mockImplementation((name: string) => inputs[name] ?? '');
}
