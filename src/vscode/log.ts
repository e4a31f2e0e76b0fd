import * as vscode from 'vscode';

export type LogLineLevel = 'trace' | 'debug' | 'info' | 'warning' | 'error';

export interface LogLine {
  level: LogLineLevel;
  message: string;
  /** `performance.now()` when it was written, on the extension host's clock (tests time phases by it). */
  at: number;
}

/** How many recent lines the log keeps for `recentLog()`. */
const RECENT_LINES = 1000;
/** Error lines are kept apart (never pushed out by chatter), up to this many. */
const ERROR_LINES = 1000;

const LEVELS: Record<LogLineLevel, vscode.LogLevel> = {
  trace: vscode.LogLevel.Trace,
  debug: vscode.LogLevel.Debug,
  info: vscode.LogLevel.Info,
  warning: vscode.LogLevel.Warning,
  error: vscode.LogLevel.Error,
};

/**
 * The extension's log channel, remembering what it wrote: the channel's file is written by the
 * workbench, out of the extension host's reach, and the extension-host suite must be able to
 * check that a run logged no error. Lines below the channel's level are not kept (as it does not
 * show them); error lines always are.
 */
export class RecordingLog implements vscode.LogOutputChannel {
  private readonly recent: LogLine[] = [];
  private readonly errorLines: string[] = [];

  constructor(private readonly channel: vscode.LogOutputChannel) {}

  get name(): string {
    return this.channel.name;
  }

  get logLevel(): vscode.LogLevel {
    return this.channel.logLevel;
  }

  get onDidChangeLogLevel(): vscode.Event<vscode.LogLevel> {
    return this.channel.onDidChangeLogLevel;
  }

  /** The last lines written, oldest first. */
  lines(): readonly LogLine[] {
    return [...this.recent];
  }

  /** Every error line since activation. */
  errors(): readonly string[] {
    return [...this.errorLines];
  }

  trace(message: string, ...args: unknown[]): void {
    this.record('trace', message);
    this.channel.trace(message, ...args);
  }

  debug(message: string, ...args: unknown[]): void {
    this.record('debug', message);
    this.channel.debug(message, ...args);
  }

  info(message: string, ...args: unknown[]): void {
    this.record('info', message);
    this.channel.info(message, ...args);
  }

  warn(message: string, ...args: unknown[]): void {
    this.record('warning', message);
    this.channel.warn(message, ...args);
  }

  error(error: string | Error, ...args: unknown[]): void {
    this.record('error', typeof error === 'string' ? error : (error.stack ?? error.message));
    this.channel.error(error, ...args);
  }

  append(value: string): void {
    this.channel.append(value);
  }

  appendLine(value: string): void {
    this.channel.appendLine(value);
  }

  replace(value: string): void {
    this.channel.replace(value);
  }

  clear(): void {
    this.channel.clear();
  }

  show(preserveFocus?: boolean): void;
  show(column?: vscode.ViewColumn, preserveFocus?: boolean): void;
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined)
      this.channel.show(columnOrPreserveFocus);
    else this.channel.show(columnOrPreserveFocus, preserveFocus);
  }

  hide(): void {
    this.channel.hide();
  }

  dispose(): void {
    this.channel.dispose();
  }

  private record(level: LogLineLevel, message: string): void {
    if (level === 'error' && this.errorLines.length < ERROR_LINES) this.errorLines.push(message);
    const threshold = this.channel.logLevel;
    if (level !== 'error' && (threshold === vscode.LogLevel.Off || LEVELS[level] < threshold)) return;
    this.recent.push({ level, message, at: performance.now() });
    if (this.recent.length > RECENT_LINES) this.recent.splice(0, this.recent.length - RECENT_LINES);
  }
}
