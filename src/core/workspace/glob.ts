/**
 * Minimal glob matching for `exclude` patterns (`**`, `*`, `?`, `{a,b}`), on `/`-separated paths
 * relative to the audited root. A pattern without a slash matches at any depth, as in .gitignore.
 *
 * Patterns come from the workspace's config, which the editor reads in untrusted workspaces too,
 * so they are not turned into regular expressions: `*a*a*a*a*a*a*a*a*a*a*a*ab` backtracks for
 * minutes in a backtracking engine. A pattern compiles to a small automaton that reads a path
 * once, keeping the set of states it can be in: time is bounded by path length x pattern length.
 */
export interface GlobMatcher {
  test(relativePath: string): boolean;
}

/** What a state's outgoing edge consumes: one given character, any character but `/`, or any. */
type Consumes = { char: string } | 'not-slash' | 'any';

interface State {
  /** States reachable without consuming a character. */
  epsilon: number[];
  edges: { consumes: Consumes; to: number }[];
}

class Automaton {
  readonly states: State[] = [];

  add(): number {
    this.states.push({ epsilon: [], edges: [] });
    return this.states.length - 1;
  }

  epsilon(from: number, to: number): void {
    this.states[from].epsilon.push(to);
  }

  edge(from: number, consumes: Consumes, to: number): void {
    this.states[from].edges.push({ consumes, to });
  }
}

export function compileGlob(pattern: string): GlobMatcher {
  const normalized = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  // A trailing slash only says "a folder" (`generated/`): as in .gitignore it does not anchor.
  const trimmed = normalized.replace(/\/+$/, '');
  const anchored = trimmed.includes('/') && !normalized.startsWith('**/');
  const automaton = new Automaton();
  const start = automaton.add();
  let end = start;
  if (!anchored) end = anyFolders(automaton, end);
  end = compileSequence(automaton, trimmed, end);
  // A pattern naming a folder also excludes everything below it: an optional `/` and anything after.
  const accept = automaton.add();
  automaton.epsilon(end, accept);
  const below = automaton.add();
  automaton.edge(end, { char: '/' }, below);
  automaton.edge(below, 'any', below);
  automaton.epsilon(below, accept);
  return { test: (relativePath) => run(automaton, start, accept, relativePath) };
}

/** Any number of folders, or none (the regular expression `(?:.*\/)?`); returns the state after them. */
function anyFolders(automaton: Automaton, from: number): number {
  const inside = automaton.add();
  const after = automaton.add();
  automaton.epsilon(from, after);
  automaton.epsilon(from, inside);
  automaton.edge(inside, 'any', inside);
  automaton.edge(inside, { char: '/' }, after);
  return after;
}

/** Adds the states that read `glob` from state `from`; returns the state after it. */
function compileSequence(automaton: Automaton, glob: string, from: number): number {
  let current = from;
  let index = 0;
  while (index < glob.length) {
    const char = glob[index];
    if (char === '*' && glob[index + 1] === '*') {
      if (glob[index + 2] === '/') {
        current = anyFolders(automaton, current);
        index += 3;
      } else {
        const loop = automaton.add();
        automaton.epsilon(current, loop);
        automaton.edge(loop, 'any', loop);
        current = loop;
        index += 2;
      }
      continue;
    }
    if (char === '*') {
      const loop = automaton.add();
      automaton.epsilon(current, loop);
      automaton.edge(loop, 'not-slash', loop);
      current = loop;
    } else if (char === '?') {
      const next = automaton.add();
      automaton.edge(current, 'not-slash', next);
      current = next;
    } else if (char === '{' && glob.indexOf('}', index) > index) {
      const close = glob.indexOf('}', index);
      // Each alternative is a glob itself: `{*.gen.ts,vendor/**}`.
      const after = automaton.add();
      for (const alternative of glob.slice(index + 1, close).split(','))
        automaton.epsilon(compileSequence(automaton, alternative, current), after);
      current = after;
      index = close + 1;
      continue;
    } else {
      const next = automaton.add();
      automaton.edge(current, { char }, next);
      current = next;
    }
    index++;
  }
  return current;
}

/** Reads the path once, keeping every state the automaton can be in (no backtracking). */
function run(automaton: Automaton, start: number, accept: number, text: string): boolean {
  const { states } = automaton;
  let current = closure(states, [start]);
  for (const char of text) {
    const next: number[] = [];
    for (const state of current)
      for (const edge of states[state].edges)
        if (edge.consumes === 'any' || (edge.consumes === 'not-slash' ? char !== '/' : edge.consumes.char === char))
          next.push(edge.to);
    if (next.length === 0) return false;
    current = closure(states, next);
  }
  return current.includes(accept);
}

function closure(states: State[], from: number[]): number[] {
  const seen = new Set<number>(from);
  const stack = [...from];
  for (let state = stack.pop(); state !== undefined; state = stack.pop())
    for (const to of states[state].epsilon)
      if (!seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
  return [...seen];
}

export function matchesAny(relativePath: string, patterns: readonly GlobMatcher[]): boolean {
  return patterns.some((pattern) => pattern.test(relativePath));
}
