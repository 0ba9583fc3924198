// Files at the platform edge: report files written (directory created first), trusted files read.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';

export async function writeReportFile(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content, 'utf8');
}

/** Reads a file under root; paths that escape root (`..`, absolute) read as absent. */
export async function readInside(root: string, path: string): Promise<string | undefined> {
  const base = resolve(root);
  const full = resolve(base, path);
  if (!full.startsWith(base + sep)) return undefined;
  return readFile(full, 'utf8').catch(() => undefined);
}
