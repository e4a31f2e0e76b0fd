import * as fs from 'node:fs';

/** A file's text on disk, or undefined when it cannot be read (the `readText` of applyFixes). */
export function readDisk(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The text of a file a fix would create when it is already there (the `exists` of applyFixes). */
export function existingOnDisk(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}
