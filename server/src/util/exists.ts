// Whether a path exists (any kind of file), without throwing.
import { promises as fs } from 'node:fs';

export async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}
