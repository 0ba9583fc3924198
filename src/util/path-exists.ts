// Whether something is at a path, the entry itself (a symlink counts, dangling or not: lstat).
import { lstat } from 'node:fs/promises';

export async function pathExists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}
