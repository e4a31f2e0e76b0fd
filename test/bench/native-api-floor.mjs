// The floor of an audit built on TypeScript 7's own API (`typescript@7` `unstable/sync`, here the
// `typescript-native` package) instead of the TypeScript 6 tree: the native compiler runs as a
// second process, loads the audit's program files (parse and bind in Go), and every file's tree is
// then read into this process, as an analysis that looks at each program file must. Measured to
// decide whether moving the analyser onto that API could meet issue 15's targets (README, "The
// parse floor"); the analyser itself is not built on it.
//
//   node test/bench/native-api-floor.mjs <list.json>
//
// list.json is what parse-floor-list.ts writes. Prints one JSON line: { files, nodes, openMs,
// walkMs, queryUs, rssMB, serverRssMB }: the time to load the project in the native process, the
// time to read every tree here, the round trip of one checker question (the analyser asks them one
// at a time), and the peak resident memory of this process and of the native one.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { API } from 'typescript-native/unstable/sync';

const list = JSON.parse(fs.readFileSync(process.argv[2] ?? '', 'utf8'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'native-floor-'));
const project = path.join(dir, 'tsconfig.json');
// The audit's options as the native compiler reads them from a tsconfig: only what decides which
// files load and how they parse. `noResolve` keeps the program to the listed files, as the audit's
// host does (an import of a file outside its program resolves to nothing). The standard
// declarations the audit holds in memory are the native compiler's own `lib` here.
fs.writeFileSync(
  project,
  JSON.stringify({
    compilerOptions: {
      noEmit: true,
      noResolve: true,
      lib: ['es2022'],
      types: [],
      allowJs: true,
      checkJs: false,
      skipLibCheck: true,
      jsx: 'preserve',
      target: 'es2022',
      module: 'esnext',
      moduleResolution: 'bundler',
    },
    files: list.files.filter((file) => !list.texts?.[file]),
  }),
);

const started = performance.now();
const api = new API({ cwd: dir });
try {
  const loaded = api.updateSnapshot({ openProjects: [project] }).getProjects()[0];
  const opened = performance.now();
  let nodes = 0;
  let firstCallee;
  const visit = (node) => {
    nodes++;
    if (!firstCallee && node.expression && node.arguments) firstCallee = node.expression;
    node.forEachChild(visit);
  };
  const names = loaded.program.getSourceFileNames();
  for (const name of names) loaded.program.getSourceFile(name)?.forEachChild(visit);
  const walked = performance.now();
  const questions = firstCallee ? 500 : 0;
  for (let i = 0; i < questions; i++) loaded.checker.getSymbolAtLocation(firstCallee);
  const asked = performance.now();
  console.log(
    JSON.stringify({
      files: names.length,
      nodes,
      openMs: Math.round(opened - started),
      walkMs: Math.round(walked - opened),
      queryUs: questions ? Math.round(((asked - walked) * 1000) / questions) : null,
      rssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      serverRssMB: childPeakRssMB(),
    }),
  );
} finally {
  api.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Peak resident memory of this process's children (the native compiler), from /proc where there is one. */
function childPeakRssMB() {
  if (!fs.existsSync('/proc')) return null;
  let kB = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let status;
    try {
      status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
    } catch {
      continue; // ended meanwhile, or not ours to read
    }
    if (Number(/^PPid:\s*(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
    kB += Number(/^VmHWM:\s*(\d+)/m.exec(status)?.[1] ?? 0);
  }
  return Math.round(kB / 1024);
}
