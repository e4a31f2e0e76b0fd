import { ts } from 'ts-morph';
import { isFunctionLike, unwrapExpression } from '../ast';
import { importsOf } from '../imports';
import type { CallerIndex } from './call-graph';
import { callbackOf, calleeName } from './callbacks';

/*
 * Who a web app or bot hands the failure of a route or listener to: the error handler set on the
 * same app (or on the app it is mounted on), Express's error middleware, a tRPC server. The
 * solver asks here when a failure leaves a callback registered on an app.
 */

/**
 * Registrations of a route, middleware or listener on an app (`app.post('/chat', handler)`, a
 * bot's `app.message(handler)`): the app runs the callback, and hands its errors to its handler.
 */
export const ROUTE_REGISTRATIONS = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'all',
  'on',
  'use',
  'route',
  'command',
  'action',
  'message',
  'event',
  'shortcut',
  'view',
  'hears',
]);

/**
 * The methods that set an app's handler of the errors its routes and listeners throw or reject
 * with: Hono's and Elysia's `app.onError(handler)`, Fastify's `app.setErrorHandler(handler)`, Slack
 * Bolt's `app.error(handler)`, Telegraf's and grammY's `bot.catch(handler)`. Express's error
 * middleware is apart (`expressErrorMiddleware`): it gets what a route passes to `next(error)`,
 * and a rejected async route only from Express 5 on.
 */
const APP_ERROR_HANDLERS = ['onError', 'setErrorHandler', 'error', 'catch'];
/** How many `app.route(path, subApp)` or `app.use(path, router)` mounts up an app's error handler is looked for. */
const MAX_APP_MOUNTS = 3;
/** Where a route's failure comes from: thrown or rejected (`uncaught`), or passed to Express's `next(error)`. */
type RouteFailure = 'uncaught' | 'forwarded';
/** What the workspace's packages say where it changes who gets an error (Express 5, a patch of Express 4). */
export interface WorkspacePackages {
  /** The major version of a package as a file would get it (its package.json, lockfile). */
  major(pkg: string, fromFile: string): number | undefined;
  /** Whether a workspace file imports the package (`import 'express-async-errors'`). */
  imported(pkg: string): boolean;
}

/**
 * Wrappers that catch an async route's rejection and pass it to `next(error)`: express-async-handler's
 * `asyncHandler(fn)` and the `catchAsync(fn)` of many Express apps.
 */
const ASYNC_ROUTE_WRAPPERS =
  /^(?:asyncHandler|expressAsyncHandler|asyncMiddleware|asyncRoute|asyncWrap(?:per)?|wrapAsync|catchAsync(?:Errors)?|catchErrors)$/;

export class AppErrorHandlers {
  constructor(
    private readonly callers: CallerIndex,
    /** Framework versions and patches where they change who gets an error. */
    private readonly packages?: WorkspacePackages,
  ) {}

  /**
   * The error handler set on the app a route is registered on (`app.onError((err, c) => ...)` for
   * `app.post('/chat', ...)`): what the framework calls with an error the route throws. The last one
   * set wins, as in the frameworks.
   */
  ofRoute(registration: ts.CallExpression): AppErrorHandler | undefined {
    const { app, handler } = chainOf(registration);
    if (handler) return handler;
    // Express 5 hands a rejected async route to the error middleware; Express 4 does not, unless
    // express-async-errors patches it to.
    const express =
      (this.packages?.major('express', registration.getSourceFile().fileName) ?? 0) >= 5 ||
      !!this.packages?.imported('express-async-errors');
    return app && this.errorHandlerOfApp(app, 0, express ? 'forwarded' : 'uncaught');
  }

  /**
   * For a route wrapped in an async helper (`router.get('/', asyncHandler(async (req, res) => ...))`):
   * the wrapper passes its rejection to `next(error)`, so the app's error middleware gets it.
   */
  ofWrappedRoute(
    wrapper: ts.CallExpression,
  ): { registration: ts.CallExpression; handler?: AppErrorHandler } | undefined {
    if (!ASYNC_ROUTE_WRAPPERS.test(calleeName(wrapper))) return undefined;
    let node: ts.Node = wrapper;
    while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
    const registration = node.parent;
    if (!ts.isCallExpression(registration) || !registration.arguments.some((argument) => argument === node))
      return undefined;
    if (!ROUTE_REGISTRATIONS.has(calleeName(registration))) return undefined;
    const app = chainOf(registration).app;
    const handler = app && this.errorHandlerOfApp(app, 0, 'forwarded');
    return { registration, ...(handler ? { handler } : {}) };
  }

  /**
   * An app's own error handler, else that of the app it is mounted on (`app.route('/admin', admin)`:
   * Hono hands the routes of a sub-app with no handler to the parent's; `app.use('/api', router)`:
   * Express hands a router's errors to the app's middleware), a few mounts up. For a failure
   * passed to `next(error)`, Express's error middleware; for one thrown, the frameworks' handlers.
   */
  private errorHandlerOfApp(app: ts.Identifier, mounts: number, failure: RouteFailure): AppErrorHandler | undefined {
    // A function given, not a log line (`app.error('...')` of some other object held as `app`).
    const handlers = this.callers
      .methodCallsOn(app, APP_ERROR_HANDLERS)
      .map(errorHandlerSetBy)
      .filter((handler) => handler !== undefined);
    if (handlers.length > 0) return handlers[handlers.length - 1];
    const middleware = failure === 'forwarded' ? this.expressErrorMiddleware(app) : undefined;
    if (middleware) return middleware;
    if (mounts >= MAX_APP_MOUNTS) return undefined;
    for (const mount of [...this.callers.callsPassing(app, 'route'), ...this.callers.callsPassing(app, 'use')]) {
      const parent = chainOf(mount).app;
      const found = parent && this.errorHandlerOfApp(parent, mounts + 1, failure);
      if (found) return found;
    }
    return undefined;
  }

  /** Where an app's error handler is shown: the function given, also when it is given by name. */
  shownAt(handler: AppErrorHandler): ts.Node {
    return this.callers.functionGiven(handler.handler) ?? handler.handler;
  }

  /**
   * Express's error middleware of an app or router: a function of four parameters, `(error, req,
   * res, next)`, given to `use` (inline or by name); the last one registered, as errors reach the
   * middleware registered after the routes.
   */
  private expressErrorMiddleware(app: ts.Identifier): AppErrorHandler | undefined {
    const found = this.callers
      .methodCallsOn(app, ['use'])
      .map((call) => {
        const handler = call.arguments[call.arguments.length - 1];
        const fn = handler && this.callers.functionGiven(handler);
        return fn && fn.parameters.length === 4 ? { call, handler } : undefined;
      })
      .filter((middleware) => middleware !== undefined);
    return found[found.length - 1];
  }

  /**
   * The error middleware a catch hands its error to: the catch only calls `next(error)` (the route's
   * `next` parameter) in a route registered on an Express app or router.
   */
  forwardedBy(clause: ts.CatchClause): AppErrorHandler | undefined {
    const caught = clause.variableDeclaration?.name;
    const only = clause.block.statements.length === 1 ? clause.block.statements[0] : undefined;
    const forwarded =
      only && (ts.isExpressionStatement(only) || ts.isReturnStatement(only)) && only.expression
        ? unwrapExpression(only.expression)
        : undefined;
    if (!caught || !ts.isIdentifier(caught) || !forwarded || !ts.isCallExpression(forwarded)) return undefined;
    const callee = unwrapExpression(forwarded.expression);
    const argument = forwarded.arguments[0] && unwrapExpression(forwarded.arguments[0]);
    if (!ts.isIdentifier(callee) || !argument || !ts.isIdentifier(argument) || argument.text !== caught.text)
      return undefined;
    let fn: ts.Node | undefined = clause.parent;
    while (fn && !isFunctionLike(fn)) fn = fn.parent;
    if (!fn || !isFunctionLike(fn)) return undefined;
    const next = fn.parameters.find(
      (parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === callee.text,
    );
    const registration = next && callbackOf(fn);
    if (!registration || !ROUTE_REGISTRATIONS.has(calleeName(registration))) return undefined;
    const app = chainOf(registration).app;
    return app && this.errorHandlerOfApp(app, 0, 'forwarded');
  }
}

/** The call that sets an app's error handler, and the handler it is given. */
export interface AppErrorHandler {
  call: ts.CallExpression;
  handler: ts.Expression;
}

/**
 * The handler a call like `app.onError(handler)` sets: a function given, inline or by name (not a
 * log line, `app.error('...')` of some other object held as `app`).
 */
function errorHandlerSetBy(call: ts.CallExpression): AppErrorHandler | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !APP_ERROR_HANDLERS.includes(callee.name.text)) return undefined;
  if (call.arguments.length !== 1) return undefined;
  const value = unwrapExpression(call.arguments[0]);
  const isFunction = ts.isArrowFunction(value) || ts.isFunctionExpression(value) || ts.isIdentifier(value);
  return isFunction ? { call, handler: call.arguments[0] } : undefined;
}

/**
 * The receivers a route's registration is chained on, inwards: the app at its root (`app` in
 * `app.post(...)` and in Hono's `app.get(...).post(...)`), and the error handler set earlier in
 * the chain (Elysia's `new Elysia().onError(handler).post(...)`: a hook covers the routes
 * registered after it).
 */
function chainOf(registration: ts.CallExpression): { app?: ts.Identifier; handler?: AppErrorHandler } {
  let callee = unwrapExpression(registration.expression);
  while (ts.isPropertyAccessExpression(callee)) {
    const receiver = unwrapExpression(callee.expression);
    if (ts.isIdentifier(receiver)) return { app: receiver };
    if (!ts.isCallExpression(receiver)) return {};
    const handler = errorHandlerSetBy(receiver);
    if (handler) return { handler };
    callee = unwrapExpression(receiver.expression);
  }
  return {};
}

/** The methods of a tRPC procedure builder that take its resolver. */
const PROCEDURE_RESOLVERS = new Set(['query', 'mutation', 'subscription']);

/**
 * `publicProcedure.input(schema).mutation(async ({ input }) => ...)`, `t.procedure.query(...)`: a
 * resolver given to a procedure builder, named so or built with `.input(...)`.
 */
export function isProcedureResolver(registration: ts.CallExpression): boolean {
  const callee = unwrapExpression(registration.expression);
  if (!ts.isPropertyAccessExpression(callee) || !PROCEDURE_RESOLVERS.has(callee.name.text)) return false;
  for (let receiver = unwrapExpression(callee.expression); ;) {
    if (ts.isIdentifier(receiver)) return /procedure/i.test(receiver.text);
    if (ts.isPropertyAccessExpression(receiver)) {
      if (/procedure/i.test(receiver.name.text)) return true;
      receiver = unwrapExpression(receiver.expression);
    } else if (ts.isCallExpression(receiver)) {
      if (calleeName(receiver) === 'input') return true;
      receiver = unwrapExpression(receiver.expression);
    } else return false;
  }
}

/** The methods of Electron's `ipcMain` that take a listener answering the renderer's `invoke`. */
const INVOKE_HANDLERS = new Set(['handle', 'handleOnce']);

/**
 * Electron's `ipcMain.handle(channel, listener)`: what the listener throws rejects the renderer's
 * `ipcRenderer.invoke(channel)`, in another process, where its caller decides (Electron also logs
 * it in the main process). The listener's failure leaves for callers out of sight here.
 */
export function isInvokeHandler(registration: ts.CallExpression): boolean {
  const callee = unwrapExpression(registration.expression);
  if (!ts.isPropertyAccessExpression(callee) || !INVOKE_HANDLERS.has(callee.name.text)) return false;
  const receiver = unwrapExpression(callee.expression);
  if (!ts.isIdentifier(receiver)) return false;
  const imported = importsOf(receiver.getSourceFile()).get(receiver.text);
  return imported?.module === 'electron' && imported.imported === 'ipcMain';
}
