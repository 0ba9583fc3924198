// A stand-in for @actions/github's `context`, registered with jest.unstable_mockModule before
// importing main.ts. The real one reads the environment once, when first imported (one run per
// process); this one reads it at every access, so each test can set its own event.
import { readFileSync } from 'node:fs';

export const context = {
  get eventName(): string {
    return process.env.GITHUB_EVENT_NAME ?? '';
  },
  get payload(): unknown {
    const path = process.env.GITHUB_EVENT_PATH;
    return path ? (JSON.parse(readFileSync(path, 'utf8')) as unknown) : {};
  },
  get apiUrl(): string {
    return process.env.GITHUB_API_URL ?? 'https://api.github.com';
  },
  get serverUrl(): string {
    return process.env.GITHUB_SERVER_URL ?? 'https://github.com';
  },
};
