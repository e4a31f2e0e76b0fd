/**
 * Generates deterministic synthetic TypeScript workspaces for the benchmarks.
 *
 *   npx tsx test/bench/generate.ts [--size 500] [--seed 1] [--share 0.05] [--out <dir>] [--force]
 *
 * A workspace is N files of ordinary code (domain types, utilities, repositories, services, route
 * handlers, TSX components) laid out as src/<domain>/<kind>/<name>.ts with an import graph (each file
 * imports a few files of lower layers, mostly in its own domain), where a share of the files (5% by
 * default) calls model SDKs in the shapes the fixtures cover (see recipes.ts). Wrapper functions in
 * those files are called from services and handlers elsewhere, which are called in turn, so caller
 * analysis has real work. It type-checks cleanly (strict) against the SDK typings installed in
 * /work/main/node_modules: workspaces live under /work/main/.cache/bench/ so imports resolve by
 * walking up.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Random } from './random';
import { type ClientsModuleInfo, RECIPE_WEIGHTS, type RecipeName, lowerFirst, renderRecipe } from './recipes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const BENCH_CACHE = path.join(REPO_ROOT, '.cache', 'bench');
export const DEFAULT_SHARE = 0.05;
export const DEFAULT_SEED = 1;

export interface GenerateOptions {
  /** Number of source files (including the 4 shared lib files). */
  files: number;
  seed?: number;
  /** Share of the files that call model SDKs (0..1). */
  share?: number;
  /** Output folder; default .cache/bench/<files>-<seed>[-s<share>]. */
  outDir?: string;
  /** Regenerate even when the folder holds this generator's output for the same options. */
  force?: boolean;
}

export interface WorkspaceManifest {
  generator: string;
  files: number;
  seed: number;
  share: number;
  /** Files that call (or configure) model SDKs. */
  modelFiles: number;
  /** Model calls written by the recipes (what the audit should find, give or take). */
  modelCalls: number;
  /** Ordinary files that call a model-call wrapper directly. */
  directCallers: number;
  lines: number;
  bytes: number;
  countsByKind: Record<string, number>;
  recipes: Partial<Record<RecipeName, number>>;
  /**
   * Files for the editor benchmark (workspace-relative): one with model calls, a service without
   * any that calls a model-call wrapper (so it is in the analysed program), and a component with no
   * import path to model calls at all.
   */
  editor: { modelFile: string; callerFile: string; plainFile: string };
}

export interface GeneratedWorkspace {
  dir: string;
  manifest: WorkspaceManifest;
  /** False when an up-to-date copy was reused. */
  generated: boolean;
}

export function workspaceDir(files: number, seed = DEFAULT_SEED, share = DEFAULT_SHARE): string {
  const suffix = share === DEFAULT_SHARE ? '' : `-s${Math.round(share * 1000)}`;
  return path.join(BENCH_CACHE, `${files}-${seed}${suffix}`);
}

/** Changes whenever the generator's own code changes, so cached workspaces are never stale. */
export function generatorHash(): string {
  const hash = crypto.createHash('sha256');
  for (const name of ['generate.ts', 'recipes.ts', 'random.ts'])
    hash.update(fs.readFileSync(path.join(__dirname, name)));
  return hash.digest('hex').slice(0, 16);
}

export function generateWorkspace(options: GenerateOptions): GeneratedWorkspace {
  const seed = options.seed ?? DEFAULT_SEED;
  const share = options.share ?? DEFAULT_SHARE;
  const dir = path.resolve(options.outDir ?? workspaceDir(options.files, seed, share));
  const hash = generatorHash();
  const manifestPath = path.join(dir, 'bench-manifest.json');
  if (!options.force && fs.existsSync(manifestPath)) {
    try {
      const existing = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as WorkspaceManifest;
      if (
        existing.generator === hash &&
        existing.files === options.files &&
        existing.seed === seed &&
        existing.share === share
      ) {
        return { dir, manifest: existing, generated: false };
      }
    } catch {
      // regenerate
    }
  }
  const plan = planWorkspace(options.files, seed, share);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let lines = 0;
  let bytes = 0;
  const madeDirs = new Set<string>();
  for (const [file, text] of plan.files) {
    const full = path.join(dir, file);
    const parent = path.dirname(full);
    if (!madeDirs.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      madeDirs.add(parent);
    }
    fs.writeFileSync(full, text);
    lines += text.split('\n').length - 1;
    bytes += Buffer.byteLength(text);
  }
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  const manifest: WorkspaceManifest = {
    generator: hash,
    files: plan.files.size,
    seed,
    share,
    modelFiles: plan.modelFiles,
    modelCalls: plan.modelCalls,
    directCallers: plan.directCallers,
    lines,
    bytes,
    countsByKind: plan.countsByKind,
    recipes: plan.recipes,
    editor: plan.editor,
  };
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, manifest, generated: true };
}

/** Like the fixtures' tsconfig (strict, nodenext, skipLibCheck, types node) plus TSX with a local `h` factory. */
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    jsx: 'react',
    jsxFactory: 'h',
  },
  include: ['src/**/*'],
};

// ---------------------------------------------------------------------------------------------
// Planning

type Kind = 'types' | 'utils' | 'repo' | 'ai' | 'service' | 'handler' | 'component';

const FOLDERS: Record<Kind, string> = {
  types: 'types',
  utils: 'utils',
  repo: 'repositories',
  ai: 'ai',
  service: 'services',
  handler: 'routes',
  component: 'components',
};

/** Shares of the ordinary (non-model, non-lib) files. */
const KIND_SHARES: [Exclude<Kind, 'ai'>, number][] = [
  ['types', 0.14],
  ['utils', 0.14],
  ['repo', 0.12],
  ['service', 0.26],
  ['handler', 0.14],
  ['component', 0.2],
];

const DOMAINS = [
  'billing',
  'catalog',
  'orders',
  'accounts',
  'inventory',
  'shipping',
  'support',
  'search',
  'reviews',
  'payments',
  'notifications',
  'analytics',
  'auth',
  'content',
  'marketing',
  'reports',
  'teams',
  'projects',
  'calendar',
  'messaging',
  'documents',
  'compliance',
  'pricing',
  'onboarding',
  'learning',
  'media',
  'fleet',
  'bookings',
  'procurement',
  'payroll',
  'recruiting',
  'feedback',
  'forecasting',
  'warehouse',
  'loyalty',
  'partners',
  'security',
  'settings',
  'exports',
  'imports',
];

const NOUNS = [
  'invoice',
  'customer',
  'order',
  'ticket',
  'product',
  'shipment',
  'review',
  'payment',
  'refund',
  'report',
  'message',
  'document',
  'project',
  'task',
  'team',
  'member',
  'session',
  'plan',
  'subscription',
  'coupon',
  'campaign',
  'lead',
  'contract',
  'asset',
  'event',
  'notice',
  'comment',
  'article',
  'category',
  'label',
  'vendor',
  'depot',
  'route',
  'driver',
  'schedule',
  'booking',
  'quote',
  'budget',
  'expense',
  'receipt',
  'policy',
  'claim',
  'account',
  'profile',
  'address',
  'device',
  'alert',
  'metric',
  'dashboard',
  'survey',
  'answer',
  'question',
  'lesson',
  'course',
  'badge',
  'playlist',
  'track',
  'album',
  'recipe',
  'ingredient',
  'listing',
  'offer',
  'auction',
  'bid',
  'ledger',
  'entry',
  'batch',
  'job',
  'pipeline',
  'release',
  'milestone',
  'sprint',
];

const QUALIFIERS = [
  'draft',
  'archived',
  'pending',
  'recurring',
  'shared',
  'public',
  'internal',
  'priority',
  'bulk',
  'scheduled',
  'monthly',
  'daily',
  'regional',
  'partner',
  'legacy',
  'premium',
  'trial',
  'guest',
  'audit',
  'export',
  'sync',
  'cached',
  'local',
  'remote',
  'primary',
  'custom',
  'default',
  'weekly',
  'flagged',
  'pinned',
];

interface Module {
  index: number;
  kind: Kind;
  domain: string;
  base: string;
  words: string;
  /** Workspace-relative path with extension. */
  file: string;
}

interface TypesModule extends Module {
  kind: 'types';
  entity: string;
  statuses: string[];
}

interface UtilsModule extends Module {
  kind: 'utils';
  textFns: string[];
  numFns: string[];
  predicates: string[];
}

interface RepoModule extends Module {
  kind: 'repo';
  entity: TypesModule;
  instance: string;
}

interface AiModule extends Module {
  kind: 'ai';
  recipe: RecipeName;
  callerFns: string[];
  calls: number;
  clients?: ClientsModuleInfo;
}

interface ServiceModule extends Module {
  kind: 'service';
  repo: RepoModule;
  /** Exported `(id: string) => Promise<string>` functions. */
  fns: string[];
  aiCallees: { module: AiModule; fn: string }[];
}

interface HandlerModule extends Module {
  kind: 'handler';
  aiCallees: { module: AiModule; fn: string }[];
}

interface ComponentModule extends Module {
  kind: 'component';
}

interface Plan {
  files: Map<string, string>;
  modelFiles: number;
  modelCalls: number;
  directCallers: number;
  countsByKind: Record<string, number>;
  recipes: Partial<Record<RecipeName, number>>;
  editor: { modelFile: string; callerFile: string; plainFile: string };
}

const LIB = {
  http: 'src/lib/http.ts',
  logger: 'src/lib/logger.ts',
  jsx: 'src/lib/jsx.ts',
  observe: 'src/lib/observe.ts',
};

function planWorkspace(total: number, seed: number, share: number): Plan {
  const rnd = new Random(seed);
  const libFiles = Object.keys(LIB).length;
  if (total < libFiles + 12) throw new Error(`a workspace needs at least ${libFiles + 12} files`);
  const aiCount = Math.min(Math.round(total * share), total - libFiles - 12);
  const ordinary = total - libFiles - aiCount;
  const counts = new Map<Kind, number>();
  let assigned = 0;
  for (const [kind, kindShare] of KIND_SHARES) {
    const count = Math.max(2, Math.floor(ordinary * kindShare));
    counts.set(kind, count);
    assigned += count;
  }
  counts.set('service', (counts.get('service') ?? 0) + ordinary - assigned);
  counts.set('ai', aiCount);

  const domainCount = Math.min(DOMAINS.length, Math.max(6, Math.round(total / 100)));
  const domains = DOMAINS.slice(0, domainCount);
  const names = new NameAllocator(rnd.fork(1));
  const byKind = new Map<Kind, Module[]>();
  const byKindDomain = new Map<string, Module[]>();
  const modules: Module[] = [];
  const add = <M extends Module>(module: M): M => {
    modules.push(module);
    const list = byKind.get(module.kind) ?? [];
    list.push(module);
    byKind.set(module.kind, list);
    const key = `${module.kind}:${module.domain}`;
    const domainList = byKindDomain.get(key) ?? [];
    domainList.push(module);
    byKindDomain.set(key, domainList);
    return module;
  };
  /** A module of `kind`, usually (70%) from `domain`; only among those already planned. */
  const pickModule = <M extends Module>(
    r: Random,
    kind: Kind,
    domain: string,
    exclude?: Set<Module>,
  ): M | undefined => {
    const local = (byKindDomain.get(`${kind}:${domain}`) ?? []).filter((module) => !exclude?.has(module));
    const all = (byKind.get(kind) ?? []).filter((module) => !exclude?.has(module));
    const pool = local.length > 0 && r.chance(0.7) ? local : all;
    return pool.length > 0 ? (r.pick(pool) as M) : undefined;
  };
  const newModule = (kind: Kind, r: Random, index: number): Module => {
    const domain = domains[index % domains.length];
    const { base, words } = names.next(domain);
    const kebab = words.replace(/ /g, '-');
    const fileName = kind === 'repo' ? `${kebab}-repository` : kind === 'service' ? `${kebab}-service` : kebab;
    const ext = kind === 'component' ? '.tsx' : '.ts';
    void r;
    return {
      index: modules.length,
      kind,
      domain,
      base,
      words,
      file: `src/${domain}/${FOLDERS[kind]}/${fileName}${ext}`,
    };
  };

  // Types, utilities.
  const planRnd = rnd.fork(2);
  for (let i = 0; i < (counts.get('types') ?? 0); i++) {
    const module = newModule('types', planRnd, i);
    const statuses = planRnd.sample(
      ['draft', 'open', 'active', 'pending', 'closed', 'archived', 'failed', 'done', 'paused'],
      planRnd.range(3, 5),
    );
    add<TypesModule>({ ...module, kind: 'types', entity: module.base, statuses });
  }
  for (let i = 0; i < (counts.get('utils') ?? 0); i++) {
    const module = newModule('utils', planRnd, i);
    const b = lowerFirst(module.base);
    const textSuffixes = planRnd.sample(
      TEXT_TEMPLATES.map((template) => template.suffix),
      planRnd.range(2, 4),
    );
    const numSuffixes = planRnd.sample(
      NUM_TEMPLATES.map((template) => template.suffix),
      planRnd.range(1, 2),
    );
    const predicateSuffixes = planRnd.sample(
      PREDICATE_TEMPLATES.map((template) => template.suffix),
      planRnd.range(1, 2),
    );
    add<UtilsModule>({
      ...module,
      kind: 'utils',
      textFns: textSuffixes.map((suffix) => `${b}${suffix}`),
      numFns: numSuffixes.map((suffix) => `${b}${suffix}`),
      predicates: predicateSuffixes.map((suffix) => `is${module.base}${suffix}`),
    });
  }
  // Repositories: one per entity, preferring entities not used yet.
  const usedEntities = new Set<Module>();
  for (let i = 0; i < (counts.get('repo') ?? 0); i++) {
    const module = newModule('repo', planRnd, i);
    const entity = (pickModule<TypesModule>(planRnd, 'types', module.domain, usedEntities) ??
      pickModule<TypesModule>(planRnd, 'types', module.domain)) as TypesModule;
    usedEntities.add(entity);
    const kebab = entity.words.replace(/ /g, '-');
    add<RepoModule>({
      ...module,
      kind: 'repo',
      base: entity.base,
      words: entity.words,
      file: `src/${module.domain}/repositories/${kebab}-repository.ts`,
      entity,
      instance: `${lowerFirst(entity.base)}Repository`,
    });
  }
  // Model-call files.
  const recipeRnd = rnd.fork(3);
  const recipes: Partial<Record<RecipeName, number>> = {};
  const clientsModules: AiModule[] = [];
  for (let i = 0; i < aiCount; i++) {
    const module = newModule('ai', recipeRnd, i);
    let recipe = weightedRecipe(recipeRnd);
    if (recipe === 'clients-consumer' && clientsModules.length === 0) recipe = 'clients-module';
    const ai: AiModule = { ...module, kind: 'ai', recipe, callerFns: [], calls: 0 };
    if (recipe === 'clients-consumer') {
      const sameDomain = clientsModules.filter((candidate) => candidate.domain === module.domain);
      const source = recipeRnd.pick(sameDomain.length > 0 && recipeRnd.chance(0.7) ? sameDomain : clientsModules);
      ai.clients = source.clients;
    }
    add(ai);
    if (recipe === 'clients-module') {
      ai.clients = { file: ai.file, openai: `${lowerFirst(ai.base)}Llm`, groq: `${lowerFirst(ai.base)}FastModel` };
      clientsModules.push(ai);
    }
    recipes[recipe] = (recipes[recipe] ?? 0) + 1;
  }
  // Services, handlers, components.
  for (let i = 0; i < (counts.get('service') ?? 0); i++) {
    const module = newModule('service', planRnd, i);
    const repo = pickModule<RepoModule>(planRnd, 'repo', module.domain) as RepoModule;
    add<ServiceModule>({ ...module, kind: 'service', repo, fns: [], aiCallees: [] });
  }
  for (let i = 0; i < (counts.get('handler') ?? 0); i++) {
    add<HandlerModule>({ ...newModule('handler', planRnd, i), kind: 'handler', aiCallees: [] });
  }
  for (let i = 0; i < (counts.get('component') ?? 0); i++) {
    add<ComponentModule>({ ...newModule('component', planRnd, i), kind: 'component' });
  }

  // Render the model-call files first: their exported wrappers decide who can call what.
  const files = new Map<string, string>();
  const libRnd = rnd.fork(4);
  files.set(LIB.http, HTTP_LIB);
  files.set(LIB.logger, LOGGER_LIB);
  files.set(LIB.jsx, JSX_LIB);
  files.set(LIB.observe, OBSERVE_LIB);
  void libRnd;
  let modelCalls = 0;
  const aiModules = (byKind.get('ai') ?? []) as AiModule[];
  const aiRnd = rnd.fork(5);
  for (const ai of aiModules) {
    const output = renderRecipe(ai.recipe, {
      rnd: aiRnd,
      base: ai.base,
      words: ai.words,
      lib: { logger: specifier(ai.file, LIB.logger), observe: specifier(ai.file, LIB.observe) },
      clients:
        ai.recipe === 'clients-consumer' && ai.clients
          ? { info: ai.clients, specifier: specifier(ai.file, ai.clients.file) }
          : undefined,
    });
    ai.callerFns = output.callerFns;
    ai.calls = output.calls;
    modelCalls += output.calls;
    files.set(ai.file, output.text);
  }

  // Wire wrappers to callers: each model-call file is called from 1-3 services or handlers.
  const services = (byKind.get('service') ?? []) as ServiceModule[];
  const handlers = (byKind.get('handler') ?? []) as HandlerModule[];
  const wireRnd = rnd.fork(6);
  for (const ai of aiModules) {
    if (ai.callerFns.length === 0) continue;
    const callers = wireRnd.range(1, 3);
    for (let c = 0; c < callers; c++) {
      const toService = wireRnd.chance(0.7);
      const consumer = toService
        ? pickModule<ServiceModule>(wireRnd, 'service', ai.domain)
        : pickModule<HandlerModule>(wireRnd, 'handler', ai.domain);
      if (!consumer) continue;
      const fn = wireRnd.pick(ai.callerFns);
      if (consumer.aiCallees.some((callee) => callee.fn === fn)) continue;
      consumer.aiCallees.push({ module: ai, fn });
    }
  }
  for (const service of services) {
    service.fns = [
      `describe${service.base}`,
      `list${service.base}Titles`,
      ...service.aiCallees.map((_, n) => `enrich${service.base}${n === 0 ? '' : n + 1}`),
    ];
  }

  const typesModules = (byKind.get('types') ?? []) as TypesModule[];
  const utilsModules = (byKind.get('utils') ?? []) as UtilsModule[];
  const bodyRnd = rnd.fork(7);
  for (const module of modules) {
    const r = bodyRnd.fork(module.index);
    const imports = new Imports(module.file);
    let text: string;
    switch (module.kind) {
      case 'types': {
        const refs = r.chance(0.6)
          ? r.sample(
              typesModules.filter((other) => other.index < module.index),
              r.range(1, 2),
            )
          : [];
        text = renderTypes(module as TypesModule, refs, imports, r);
        break;
      }
      case 'utils': {
        const others = utilsModules.filter((other) => other.index < module.index);
        const used =
          others.length > 0
            ? r.sample(
                others.filter((other) => other.domain === module.domain).concat(r.sample(others, 1)),
                r.range(0, 2),
              )
            : [];
        text = renderUtils(module as UtilsModule, used, imports, r);
        break;
      }
      case 'repo': {
        const util = pickModule<UtilsModule>(r, 'utils', module.domain) as UtilsModule;
        text = renderRepo(module as RepoModule, util, imports, r);
        break;
      }
      case 'ai':
        continue;
      case 'service': {
        const service = module as ServiceModule;
        const utils = uniqueModules([
          pickModule<UtilsModule>(r, 'utils', module.domain),
          r.chance(0.5) ? pickModule<UtilsModule>(r, 'utils', module.domain) : undefined,
        ]);
        const earlier = services.filter((other) => other.index < module.index);
        const sameDomain = earlier.filter((other) => other.domain === module.domain);
        const calleeCount = earlier.length === 0 ? 0 : r.range(0, 2);
        const callees: ServiceModule[] = [];
        for (let n = 0; n < calleeCount; n++) {
          const pool = sameDomain.length > 0 && r.chance(0.7) ? sameDomain : earlier;
          const callee = r.pick(pool);
          if (!callees.includes(callee)) callees.push(callee);
        }
        text = renderService(service, utils, callees, imports, r);
        break;
      }
      case 'handler': {
        const handler = module as HandlerModule;
        const sameDomain = services.filter((other) => other.domain === module.domain);
        const callees = uniqueModules(
          Array.from({ length: r.range(1, 3) }, () =>
            r.pick(sameDomain.length > 0 && r.chance(0.8) ? sameDomain : services),
          ),
        );
        const util = pickModule<UtilsModule>(r, 'utils', module.domain) as UtilsModule;
        text = renderHandler(handler, callees, util, imports, r);
        break;
      }
      case 'component': {
        const earlier = ((byKind.get('component') ?? []) as ComponentModule[]).filter(
          (other) => other.index < module.index,
        );
        const children =
          earlier.length > 0 ? uniqueModules([r.pick(earlier), r.chance(0.4) ? r.pick(earlier) : undefined]) : [];
        const util = pickModule<UtilsModule>(r, 'utils', module.domain) as UtilsModule;
        const entity = r.chance(0.6) ? pickModule<TypesModule>(r, 'types', module.domain) : undefined;
        text = renderComponent(module as ComponentModule, children, util, entity, imports, r);
        break;
      }
    }
    files.set(module.file, text);
  }

  const countsByKind: Record<string, number> = { lib: libFiles };
  for (const [kind, list] of byKind) countsByKind[kind] = list.length;
  const directCallers = [...services, ...handlers].filter((module) => module.aiCallees.length > 0).length;
  const modelFile =
    aiModules.find((module) => module.recipe === 'openai-basic') ??
    aiModules.find((module) => module.calls > 0) ??
    aiModules[0];
  // Components import only types, utilities and other components: never in the analysed program.
  const components = byKind.get('component') ?? [];
  const plainFile = components[Math.floor(components.length / 2)];
  const callerCandidates = services.filter((service) => service.aiCallees.length > 0);
  const callerFile = callerCandidates[Math.floor(callerCandidates.length / 2)] ?? services[0];
  return {
    files: sortedMap(files),
    modelFiles: aiModules.length,
    modelCalls,
    directCallers,
    countsByKind,
    recipes,
    editor: { modelFile: modelFile?.file ?? '', callerFile: callerFile?.file ?? '', plainFile: plainFile?.file ?? '' },
  };
}

function weightedRecipe(rnd: Random): RecipeName {
  const entries = Object.entries(RECIPE_WEIGHTS) as [RecipeName, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rnd.next() * total;
  for (const [name, weight] of entries) {
    roll -= weight;
    if (roll < 0) return name;
  }
  return entries[entries.length - 1][0];
}

function uniqueModules<M extends Module>(items: (M | undefined)[]): M[] {
  const result: M[] = [];
  for (const item of items) if (item && !result.includes(item)) result.push(item);
  return result;
}

function sortedMap(files: Map<string, string>): Map<string, string> {
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

class NameAllocator {
  private readonly used = new Set<string>();

  constructor(private readonly rnd: Random) {}

  next(domain: string): { base: string; words: string } {
    for (let attempt = 0; attempt < 20; attempt++) {
      const words = `${this.rnd.pick(QUALIFIERS)} ${this.rnd.pick(NOUNS)}`;
      if (this.claim(words)) return { base: pascal(words), words };
    }
    for (let attempt = 0; ; attempt++) {
      const words = `${domain} ${this.rnd.pick(QUALIFIERS)} ${this.rnd.pick(NOUNS)}${attempt > 10 ? ` ${attempt}` : ''}`;
      if (this.claim(words)) return { base: pascal(words), words };
    }
  }

  private claim(words: string): boolean {
    const key = pascal(words).toLowerCase();
    if (this.used.has(key)) return false;
    this.used.add(key);
    return true;
  }
}

function pascal(words: string): string {
  return words
    .split(/[ -]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** `../../lib/http.js` from one workspace file to another. */
function specifier(from: string, to: string): string {
  let relative = path.posix.relative(path.posix.dirname(from), to).replace(/\.tsx?$/, '.js');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  return relative;
}

/** Collects named imports per module and renders them in a stable order. */
class Imports {
  private readonly values = new Map<string, Set<string>>();
  private readonly types = new Map<string, Set<string>>();
  private readonly taken = new Set<string>();

  constructor(private readonly from: string) {}

  /** Imports `name` from `file`; false (and nothing imported) when the name is already taken by another module. */
  value(file: string, name: string): boolean {
    return this.add(this.values, file, name);
  }

  type(file: string, name: string): boolean {
    return this.add(this.types, file, name);
  }

  private add(map: Map<string, Set<string>>, file: string, name: string): boolean {
    const key = specifier(this.from, file);
    const existing = map.get(key);
    if (existing?.has(name)) return true;
    if (this.taken.has(name)) return false;
    this.taken.add(name);
    if (existing) existing.add(name);
    else map.set(key, new Set([name]));
    return true;
  }

  render(): string {
    const lines: string[] = [];
    const keys = new Set([...this.values.keys(), ...this.types.keys()]);
    for (const key of [...keys].sort()) {
      const names = [...(this.values.get(key) ?? [])].sort();
      const typeNames = [...(this.types.get(key) ?? [])].filter((name) => !names.includes(name)).sort();
      if (names.length === 0) lines.push(`import type { ${typeNames.join(', ')} } from '${key}';`);
      else lines.push(`import { ${[...names, ...typeNames.map((name) => `type ${name}`)].join(', ')} } from '${key}';`);
    }
    return lines.length > 0 ? `${lines.join('\n')}\n\n` : '';
  }
}

// ---------------------------------------------------------------------------------------------
// Ordinary files

interface FieldTemplate {
  decl: (entity: string, ref?: TypesModule) => string;
  init?: string;
  needsRef?: boolean;
}

const EXTRA_FIELDS: FieldTemplate[] = [
  { decl: () => 'notes?: string;' },
  { decl: () => 'ownerId: string;', init: "ownerId: ''" },
  { decl: () => 'priority: 1 | 2 | 3;', init: 'priority: 2' },
  { decl: () => 'metadata: Record<string, string>;', init: 'metadata: {}' },
  { decl: (entity) => `history: Array<{ at: string; status: ${entity}Status; by?: string }>;`, init: 'history: []' },
  { decl: () => "currency: 'EUR' | 'USD' | 'GBP';", init: "currency: 'EUR'" },
  { decl: () => 'archived: boolean;', init: 'archived: false' },
  { decl: () => 'score?: number;' },
  { decl: () => 'dueAt: string | null;', init: 'dueAt: null' },
  {
    decl: () => 'attachments: ReadonlyArray<{ name: string; bytes: number; contentType: string }>;',
    init: 'attachments: []',
  },
];

function renderTypes(module: TypesModule, refs: TypesModule[], imports: Imports, r: Random): string {
  const e = module.entity;
  const constName = `${snake(module.base)}_STATUSES`;
  const fields = r.sample(EXTRA_FIELDS, r.range(2, 6));
  const refFields: string[] = [];
  for (const ref of refs) {
    if (!imports.type(ref.file, ref.entity)) continue;
    const field = lowerFirst(ref.entity);
    refFields.push(r.chance(0.5) ? `  ${field}?: ${ref.entity};` : `  ${field}Items: ${ref.entity}[];`);
  }
  const inits = fields.filter((field) => field.init).map((field) => field.init as string);
  for (const line of refFields) {
    const match = /^ {2}(\w+)Items:/.exec(line);
    if (match) inits.push(`${match[1]}Items: []`);
  }
  return `${imports.render()}export const ${constName} = [${module.statuses.map((status) => `'${status}'`).join(', ')}] as const;
export type ${e}Status = (typeof ${constName})[number];

/** A ${module.words} as stored and returned by the API. */
export interface ${e} {
  id: string;
  title: string;
  status: ${e}Status;
  createdAt: string;
  updatedAt?: string;
  amount: number;
  tags: string[];
${fields.map((field) => `  ${field.decl(e)}`).join('\n')}
${refFields.join('\n')}
}

export interface ${e}Filter {
  status?: ${e}Status;
  search?: string;
  tags?: readonly string[];
  limit?: number;
}

export type ${e}Patch = Partial<Omit<${e}, 'id' | 'createdAt'>>;
export type ${e}Summary = Pick<${e}, 'id' | 'title' | 'status'>;

export function is${e}Status(value: string): value is ${e}Status {
  return (${constName} as readonly string[]).includes(value);
}

export function describe${e}(row: ${e}): string {
  return \`\${row.title} (\${row.status}, \${row.tags.length} tags)\`;
}

export function summarize${e}(row: ${e}): ${e}Summary {
  return { id: row.id, title: row.title, status: row.status };
}

export function empty${e}(id: string): ${e} {
  return {
    id,
    title: '',
    status: '${module.statuses[0]}',
    createdAt: new Date(0).toISOString(),
    amount: 0,
    tags: [],${inits.map((init) => `\n    ${init},`).join('')}
  };
}
`;
}

interface Template {
  suffix: string;
  body: (name: string, r: Random) => string;
}

const TEXT_TEMPLATES: Template[] = [
  {
    suffix: 'Slug',
    body: (name) => `export function ${name}(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}`,
  },
  {
    suffix: 'Excerpt',
    body: (name, r) => `export function ${name}(input: string): string {
  const max = ${r.pick([40, 80, 120, 200])};
  return input.length <= max ? input : \`\${input.slice(0, max - 1)}…\`;
}`,
  },
  {
    suffix: 'Title',
    body: (name) => `export function ${name}(input: string): string {
  return input
    .split(/\\s+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}`,
  },
  {
    suffix: 'Clean',
    body: (name) => `export function ${name}(input: string): string {
  return input.replace(/\\s+/g, ' ').trim();
}`,
  },
  {
    suffix: 'Masked',
    body: (name) => `export function ${name}(input: string): string {
  const [user, domain] = input.split('@');
  if (!user || !domain) return input;
  return \`\${user.charAt(0)}***@\${domain}\`;
}`,
  },
  {
    suffix: 'Initials',
    body: (name) => `export function ${name}(input: string): string {
  return input
    .split(/\\s+/)
    .map((part) => part.charAt(0))
    .join('')
    .toUpperCase()
    .slice(0, 3);
}`,
  },
  {
    suffix: 'Plain',
    body: (name) => `export function ${name}(input: string): string {
  return input.replace(/<[^>]+>/g, '').replace(/[*_\`#>]/g, '');
}`,
  },
  {
    suffix: 'Key',
    body: (name, r) => `export function ${name}(input: string): string {
  return \`${r.pick(['v1', 'v2', 'cache', 'idx'])}:\${input.toLowerCase()}\`;
}`,
  },
];

const NUM_TEMPLATES: Template[] = [
  {
    suffix: 'Total',
    body: (name) => `export function ${name}(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0);
}`,
  },
  {
    suffix: 'Average',
    body: (name) => `export function ${name}(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}`,
  },
  {
    suffix: 'Median',
    body: (name) => `export function ${name}(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}`,
  },
  {
    suffix: 'Peak',
    body: (name) => `export function ${name}(values: readonly number[]): number {
  return values.length === 0 ? 0 : Math.max(...values);
}`,
  },
  {
    suffix: 'Score',
    body: (name, r) => `export function ${name}(values: readonly number[]): number {
  return values.reduce((score, value, index) => score + value * (index + 1) * ${r.pick(['0.5', '1.5', '2'])}, 0);
}`,
  },
];

const PREDICATE_TEMPLATES: Template[] = [
  {
    suffix: 'Present',
    body: (name) => `export function ${name}(value: string): boolean {
  return value.trim().length > 0;
}`,
  },
  {
    suffix: 'EmailLike',
    body: (name) => `export function ${name}(value: string): boolean {
  return /^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/.test(value);
}`,
  },
  {
    suffix: 'IdLike',
    body: (name) => `export function ${name}(value: string): boolean {
  return /^[a-z0-9-]{8,}$/i.test(value);
}`,
  },
  {
    suffix: 'Numeric',
    body: (name) => `export function ${name}(value: string): boolean {
  return value !== '' && !Number.isNaN(Number(value));
}`,
  },
];

const GENERIC_TEMPLATES: ((base: string, r: Random) => string)[] = [
  (
    b,
  ) => `export function groupBy${b}<T, K extends string>(items: readonly T[], key: (item: T) => K): Partial<Record<K, T[]>> {
  const groups: Partial<Record<K, T[]>> = {};
  for (const item of items) {
    const k = key(item);
    (groups[k] ??= []).push(item);
  }
  return groups;
}`,
  (b) => `export function chunk${b}<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}`,
  (b) => `export function uniqueBy${b}<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}`,
  (b) => `export function memoize${b}<A extends string | number, R>(fn: (arg: A) => R): (arg: A) => R {
  const cache = new Map<A, R>();
  return (arg) => {
    if (cache.has(arg)) return cache.get(arg) as R;
    const value = fn(arg);
    cache.set(arg, value);
    return value;
  };
}`,
  (b, r) => `export class ${b}Cache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(private readonly ttlMs = ${r.pick([1000, 30_000, 60_000])}) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expires < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
  }
}`,
  (
    b,
  ) => `export type DeepReadonly${b}<T> = { readonly [K in keyof T]: T[K] extends object ? DeepReadonly${b}<T[K]> : T[K] };

export function freeze${b}<T extends object>(value: T): DeepReadonly${b}<T> {
  return Object.freeze(value) as DeepReadonly${b}<T>;
}`,
  (
    b,
    r,
  ) => `export function debounce${b}<A extends unknown[]>(fn: (...args: A) => void, waitMs = ${r.pick([50, 200, 500])}): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => fn(...args), waitMs);
  };
}`,
];

function templateFor(templates: Template[], name: string, prefix: string): Template {
  const suffix = name.slice(prefix.length);
  const template = templates.find((candidate) => candidate.suffix === suffix);
  if (!template) throw new Error(`no template for ${name}`);
  return template;
}

function renderUtils(module: UtilsModule, used: UtilsModule[], imports: Imports, r: Random): string {
  const b = lowerFirst(module.base);
  const parts: string[] = [];
  for (const name of module.textFns) parts.push(templateFor(TEXT_TEMPLATES, name, b).body(name, r));
  for (const name of module.numFns) parts.push(templateFor(NUM_TEMPLATES, name, b).body(name, r));
  for (const name of module.predicates)
    parts.push(templateFor(PREDICATE_TEMPLATES, name, `is${module.base}`).body(name, r));
  for (const generic of r.sample(GENERIC_TEMPLATES, r.range(1, 3))) parts.push(generic(module.base, r));
  const local = module.textFns[0];
  for (const other of uniqueModules(used)) {
    if (other === module) continue;
    const fn = r.pick(other.textFns);
    if (!imports.value(other.file, fn)) continue;
    const predicate = r.pick(other.predicates);
    const withPredicate = imports.value(other.file, predicate);
    parts.push(`/** ${module.words} text as shown in lists (uses the ${other.words} helpers). */
export function ${b}DisplayVia${other.base}(input: string): string {
  ${withPredicate ? `if (!${predicate}(input)) return '';\n  ` : ''}return ${fn}(${local}(input));
}`);
    module.textFns.push(`${b}DisplayVia${other.base}`);
  }
  return `${imports.render()}${parts.join('\n\n')}\n`;
}

function renderRepo(module: RepoModule, util: UtilsModule, imports: Imports, r: Random): string {
  const e = module.entity.entity;
  imports.type(module.entity.file, e);
  imports.type(module.entity.file, `${e}Filter`);
  imports.type(module.entity.file, `${e}Patch`);
  imports.value(module.entity.file, `empty${e}`);
  const textFn = r.pick(util.textFns.slice(0, 2));
  const normalise = imports.value(util.file, textFn) ? `${textFn}(title)` : 'title.trim()';
  return `${imports.render()}/** In-memory store of ${module.words} rows (the production adapter has the same shape). */
export class ${e}Repository {
  private readonly rows = new Map<string, ${e}>();
  private sequence = 0;

  async findById(id: string): Promise<${e} | undefined> {
    return this.rows.get(id);
  }

  async list(filter: ${e}Filter = {}): Promise<${e}[]> {
    const search = filter.search?.toLowerCase();
    const matches = [...this.rows.values()].filter((row) => {
      if (filter.status !== undefined && row.status !== filter.status) return false;
      if (search !== undefined && !row.title.toLowerCase().includes(search)) return false;
      if (filter.tags !== undefined && !filter.tags.every((tag) => row.tags.includes(tag))) return false;
      return true;
    });
    matches.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return matches.slice(0, filter.limit ?? ${r.pick([20, 50, 100])});
  }

  async create(title: string): Promise<${e}> {
    this.sequence += 1;
    const row: ${e} = { ...empty${e}(\`${module.words.replace(/ /g, '-')}-\${this.sequence}\`), title: ${normalise}, createdAt: new Date().toISOString() };
    this.rows.set(row.id, row);
    return row;
  }

  async update(id: string, patch: ${e}Patch): Promise<${e}> {
    const current = this.rows.get(id);
    if (!current) throw new Error(\`${module.words} \${id} not found\`);
    const next: ${e} = { ...current, ...patch, updatedAt: new Date().toISOString() };
    this.rows.set(id, next);
    return next;
  }

  async remove(id: string): Promise<boolean> {
    return this.rows.delete(id);
  }

  count(): number {
    return this.rows.size;
  }
}

export const ${module.instance} = new ${e}Repository();
`;
}

function renderService(
  module: ServiceModule,
  utils: UtilsModule[],
  callees: ServiceModule[],
  imports: Imports,
  r: Random,
): string {
  const B = module.base;
  const b = lowerFirst(B);
  const repo = module.repo;
  const e = repo.entity.entity;
  imports.type(repo.entity.file, e);
  imports.value(repo.entity.file, `describe${e}`);
  imports.value(repo.file, repo.instance);
  imports.value(LIB.logger, 'logger');
  const [firstUtil, secondUtil] = utils;
  const text1 = firstUtil && imports.value(firstUtil.file, firstUtil.textFns[0]) ? firstUtil.textFns[0] : undefined;
  const num = firstUtil && imports.value(firstUtil.file, firstUtil.numFns[0]) ? firstUtil.numFns[0] : undefined;
  const predicateSource = secondUtil ?? firstUtil;
  const predicate =
    predicateSource && imports.value(predicateSource.file, predicateSource.predicates[0])
      ? predicateSource.predicates[0]
      : undefined;
  const text2Source = secondUtil ?? firstUtil;
  const text2Name = text2Source?.textFns[1] ?? text2Source?.textFns[0];
  const text2 = text2Source && text2Name && imports.value(text2Source.file, text2Name) ? text2Name : undefined;

  const related: string[] = [];
  for (const callee of callees) {
    const fn = r.pick(callee.fns);
    if (imports.value(callee.file, fn)) related.push(fn);
  }
  const enrichMethods: string[] = [];
  const enrichFns: string[] = [];
  module.aiCallees.forEach((callee, n) => {
    const suffix = n === 0 ? '' : String(n + 1);
    const method = `enrich${suffix}`;
    const exported = `enrich${B}${suffix}`;
    if (!imports.value(callee.module.file, callee.fn)) {
      // Name clash with another import: call through a namespace-free alias-less fallback.
      enrichMethods.push(
        `  async ${method}(id: string): Promise<string> {\n    return (await this.view(id)).label;\n  }`,
      );
    } else if (r.chance(0.5)) {
      enrichMethods.push(`  async ${method}(id: string): Promise<string> {
    const view = await this.view(id);
    const result = await ${callee.fn}(view.title);
    return \`\${view.label}\\n\${result}\`;
  }`);
    } else {
      enrichMethods.push(`  async ${method}(id: string): Promise<string> {
    const view = await this.view(id);
    try {
      return await ${callee.fn}(\`\${view.title}\\n\${view.label}\`);
    } catch (error) {
      logger.warn({ err: String(error), id }, '${module.words} enrichment failed; using the label');
      return view.label;
    }
  }`);
    }
    enrichFns.push(`export async function ${exported}(id: string): Promise<string> {
  return ${b}Service.${method}(id);
}`);
  });
  const notifier = r.chance(0.15);

  return `${imports.render()}export interface ${B}View {
  id: string;
  title: string;
  label: string;
  score: number;
}
${
  notifier
    ? `
/** Sends text messages (an SMS gateway with a messages.create call shape, not a model). */
class ${B}Notifier {
  readonly sent: string[] = [];
  readonly messages = {
    create: async (input: { to: string; body: string }): Promise<string> => {
      this.sent.push(\`\${input.to}: \${input.body}\`);
      return \`msg-\${this.sent.length}\`;
    },
  };
}
`
    : ''
}
export class ${B}Service {
  private readonly log: string[] = [];${notifier ? `\n  private readonly notifier = new ${B}Notifier();` : ''}

  constructor(private readonly rows = ${repo.instance}) {}

  private toView(row: ${e}): ${B}View {
    return {
      id: row.id,
      title: ${text1 ? `${text1}(row.title)` : 'row.title'},
      label: describe${e}(row),
      score: ${num ? `${num}(row.tags.map((tag) => tag.length))` : 'row.tags.length'} + row.amount,
    };
  }

  async view(id: string): Promise<${B}View> {
    const row = await this.rows.findById(id);
    if (!row) throw new Error(\`${module.words} \${id} not found\`);
    return this.toView(row);
  }

  async search(query: string, limit = ${r.pick([10, 20, 50])}): Promise<${B}View[]> {
    ${predicate ? `if (!${predicate}(query)) return [];\n    ` : ''}const rows = await this.rows.list({ search: query, limit });
    return rows.map((row) => this.toView(row)).sort((a, b) => b.score - a.score);
  }

  async rename(id: string, title: string): Promise<${B}View> {
    const row = await this.rows.update(id, { title: ${text2 ? `${text2}(title)` : 'title.trim()'} });
    this.log.push(\`renamed \${id}\`);
    return this.toView(row);
  }
${
  notifier
    ? `
  async notify(id: string, phone: string): Promise<string> {
    const view = await this.view(id);
    return this.notifier.messages.create({ to: phone, body: view.label });
  }
`
    : ''
}${enrichMethods.length > 0 ? `\n${enrichMethods.join('\n\n')}\n` : ''}}

export const ${b}Service = new ${B}Service();

export async function describe${B}(id: string): Promise<string> {
  const view = await ${b}Service.view(id);${related.map((fn, n) => `\n  const related${n} = await ${fn}(id);`).join('')}
  return [view.label${related.map((_, n) => `, related${n}`).join('')}].join(' / ');
}

export async function list${B}Titles(query: string): Promise<string> {
  const views = await ${b}Service.search(query);
  return views.map((view) => view.title).join('\\n');
}
${enrichFns.length > 0 ? `\n${enrichFns.join('\n\n')}\n` : ''}`;
}

function renderHandler(
  module: HandlerModule,
  services: ServiceModule[],
  util: UtilsModule,
  imports: Imports,
  r: Random,
): string {
  const B = module.base;
  imports.value(LIB.http, 'json');
  imports.type(LIB.http, 'RequestLike');
  imports.type(LIB.http, 'ResponseLike');
  imports.value(LIB.logger, 'logger');
  const predicate = imports.value(util.file, util.predicates[0]) ? util.predicates[0] : undefined;
  const targets: string[] = [];
  for (const service of services) {
    for (const fn of r.sample(service.fns, r.range(1, 2))) if (imports.value(service.file, fn)) targets.push(fn);
  }
  for (const callee of module.aiCallees) if (imports.value(callee.module.file, callee.fn)) targets.push(callee.fn);
  const kebab = module.words.replace(/ /g, '-');
  const handlers = targets.map((fn) => {
    const name = `handle${fn.charAt(0).toUpperCase()}${fn.slice(1)}`;
    const handled = r.chance(0.8);
    const guard = predicate ? `  if (!${predicate}(id)) return json(400, { error: 'invalid_id' });\n` : '';
    const body = handled
      ? `  try {
    const result = await ${fn}(id);
    return json(200, { id, result });
  } catch (error) {
    logger.error({ err: String(error), route: '/${kebab}/:id' }, 'request failed');
    return json(500, { error: 'unavailable' });
  }`
      : `  const result = await ${fn}(id);
  return json(200, { id, result });`;
    return {
      name,
      text: `export async function ${name}(request: RequestLike): Promise<ResponseLike> {
  const id = request.params['id'] ?? '';
  if (id === '') return json(400, { error: 'missing_id' });
${guard}${body}
}`,
    };
  });
  return `${imports.render()}${handlers.map((handler) => handler.text).join('\n\n')}

export const ${lowerFirst(B)}Routes: ReadonlyArray<{ method: 'GET' | 'POST'; path: string; handle: (request: RequestLike) => Promise<ResponseLike> }> = [
${handlers.map((handler, n) => `  { method: '${n % 2 === 0 ? 'GET' : 'POST'}', path: '/${kebab}/${n}/:id', handle: ${handler.name} },`).join('\n')}
];
`;
}

function renderComponent(
  module: ComponentModule,
  children: ComponentModule[],
  util: UtilsModule,
  entity: TypesModule | undefined,
  imports: Imports,
  r: Random,
): string {
  const B = module.base;
  const kebab = module.words.replace(/ /g, '-');
  imports.value(LIB.jsx, 'h');
  const textFn = imports.value(util.file, util.textFns[0]) ? util.textFns[0] : undefined;
  const usedChildren = children.filter((child) => child !== module && imports.value(child.file, child.base));
  const withEntity = entity !== undefined && imports.type(entity.file, entity.entity);
  return `${imports.render()}export interface ${B}Props {
  title: string;
  items: readonly string[];
  selected?: string;
  onSelect?: (item: string) => void;
}

export function ${B}(props: ${B}Props): h.JSX.Element {
  const visible = props.items.filter((item) => item.trim() !== '').slice(0, ${r.pick([5, 10, 25])});
  const heading = ${textFn ? `${textFn}(props.title)` : 'props.title'};
  return (
    <section class="${kebab}">
      <h2>{heading}</h2>
      <ul>
        {visible.map((item) => (
          <li class={item === props.selected ? 'selected' : ''} onClick={() => props.onSelect?.(item)}>
            {item}
          </li>
        ))}
      </ul>
${usedChildren.map((child) => `      <${child.base} title={heading} items={visible} />`).join('\n')}
      {visible.length === 0 ? <p class="empty">Nothing here yet.</p> : null}
    </section>
  );
}
${
  withEntity && entity
    ? `
export function ${B}For${entity.entity}(rows: readonly ${entity.entity}[], selected?: string): h.JSX.Element {
  return <${B} title="${module.words}" items={rows.map((row) => row.title)} selected={selected} />;
}
`
    : ''
}`;
}

function snake(pascalName: string): string {
  return pascalName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// Shared lib files

const HTTP_LIB = `export interface RequestLike {
  method: string;
  path: string;
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  body: unknown;
}

export interface ResponseLike {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function json(status: number, body: unknown): ResponseLike {
  return { status, headers: { 'content-type': 'application/json' }, body };
}
`;

const LOGGER_LIB = `type Fields = Record<string, unknown>;
type Level = 'info' | 'warn' | 'error';

function write(level: Level, fields: Fields, message: string): void {
  process.stdout.write(\`\${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields })}\\n\`);
}

/** A tiny structured (JSON lines) logger with the pino call shape: fields first, message second. */
export const logger = {
  info: (fields: Fields, message: string): void => write('info', fields, message),
  warn: (fields: Fields, message: string): void => write('warn', fields, message),
  error: (fields: Fields, message: string): void => write('error', fields, message),
};
`;

const JSX_LIB = `/** A minimal JSX factory (no React types): components are plain functions returning nodes. */
export type Child = string | number | boolean | null | undefined | VNode | Child[];

export interface VNode {
  tag: string | ((props: never) => VNode);
  props: Record<string, unknown>;
  children: Child[];
}

export function h(tag: string | ((props: never) => VNode), props: Record<string, unknown> | null, ...children: Child[]): VNode {
  return { tag, props: props ?? {}, children };
}

export namespace h {
  export namespace JSX {
    export type Element = VNode;
    export interface IntrinsicElements {
      [tag: string]: Record<string, unknown>;
    }
  }
}
`;

const OBSERVE_LIB = `export interface TraceOptions {
  traceName: string;
}

/** Stands in for Langfuse's \`observeOpenAI\`: returns the same client, tracing every method call. */
export function observe<T extends object>(client: T, options: TraceOptions): T {
  const wrap = <U extends object>(target: U, path: string): U =>
    new Proxy(target, {
      get(inner, property, receiver) {
        const value: unknown = Reflect.get(inner, property, receiver);
        const childPath = path === '' ? String(property) : \`\${path}.\${String(property)}\`;
        if (typeof value === 'function') {
          return (...args: unknown[]) => {
            process.stdout.write(\`\${JSON.stringify({ trace: options.traceName, call: childPath, at: new Date().toISOString() })}\\n\`);
            return Reflect.apply(value, inner, args);
          };
        }
        if (value !== null && typeof value === 'object') {
          return wrap(value, childPath);
        }
        return value;
      },
    });
  return wrap(client, '');
}
`;

// ---------------------------------------------------------------------------------------------
// CLI

function main(argv: string[]): void {
  const option = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const files = Number(option('size') ?? 500);
  const seed = Number(option('seed') ?? DEFAULT_SEED);
  const share = Number(option('share') ?? DEFAULT_SHARE);
  const started = performance.now();
  const result = generateWorkspace({ files, seed, share, outDir: option('out'), force: argv.includes('--force') });
  const ms = Math.round(performance.now() - started);
  const m = result.manifest;
  console.log(result.dir);
  console.log(
    `${result.generated ? 'generated' : 'reused'} in ${ms} ms: ${m.files} files, ${m.lines} lines, ${(m.bytes / 1e6).toFixed(1)} MB; ` +
      `${m.modelFiles} model-call files (${m.modelCalls} calls), ${m.directCallers} direct callers`,
  );
}

if (require.main === module) main(process.argv.slice(2));
