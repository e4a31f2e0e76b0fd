import { auditSources } from '../../../src/core/audit';
import type { AuditResult, DecisionProfile } from '../../../src/core/types';

/*
 * Shared by the graph tests (small programs audited from memory). A test file importing another
 * test file would make mocha run that file's suite a second time.
 */

/** The one profile of the model call on the line holding `marker`. */
async function profileAt(files: Record<string, string>, marker: string): Promise<DecisionProfile> {
  const result = await auditSources(files);
  return callAt(result, files, marker);
}

function callAt(result: AuditResult, files: Record<string, string>, marker: string): DecisionProfile {
  for (const [name, text] of Object.entries(files)) {
    const index = text.split('\n').findIndex((line) => line.includes(marker));
    if (index < 0) continue;
    const profile = [...result.profiles, ...(result.wrappers ?? [])].find(
      (item) => item.call.range.file.endsWith(name) && item.call.range.line === index + 1,
    );
    if (profile) return profile;
  }
  throw new Error(`no call on the line with ${marker}`);
}

export { profileAt };
