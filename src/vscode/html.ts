import { randomBytes } from 'node:crypto';

/**
 * The few strings the report view's HTML shell holds (its title, URIs, the nonce) go through
 * `escapeHtml`; everything from the workspace (file names, model names, annotation text) is sent
 * by postMessage and rendered with `textContent` in media/report.js. No `vscode` here.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Safe in element text and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** Template tag: every interpolated value is escaped; the literal parts are the author's HTML. */
export function html(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += escapeHtml(String(value)) + (strings[index + 1] ?? '');
  });
  return out;
}

/** A CSP nonce: 128 random bits from the OS, base64 (a fresh one for every page). */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface ReportShellOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  /** `asWebviewUri` of media/report.css and media/report.js. */
  styleUri: string;
  scriptUri: string;
  title: string;
}

/** The report view's heading and page title. */
export const REPORT_TITLE = 'Orchestration decision register';

/** The report page's assets in media/, addressed the way the webview loads them (`asWebviewUri`). */
export type MediaUri = (file: 'report.css' | 'report.js') => string;

/**
 * The exact page the report panel loads: a fresh nonce for each page, the media assets through
 * `mediaUri`. Kept apart from the panel so that test/e2e/report-xss.test.ts can render the same page.
 */
export function reportPage(cspSource: string, mediaUri: MediaUri): string {
  return reportShell({
    cspSource,
    nonce: createNonce(),
    styleUri: mediaUri('report.css'),
    scriptUri: mediaUri('report.js'),
    title: REPORT_TITLE,
  });
}

/**
 * The report view's page: no data in it, only the skeleton report.js fills. `default-src 'none'`;
 * styles and images only from the extension's media (the webview's own source); scripts only
 * with the page's nonce.
 */
export function reportShell(options: ReportShellOptions): string {
  const csp = [
    "default-src 'none'",
    `style-src ${options.cspSource}`,
    `img-src ${options.cspSource}`,
    `font-src ${options.cspSource}`,
    `script-src 'nonce-${options.nonce}'`,
  ].join('; ');
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${options.styleUri}">
<title>${options.title}</title>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="Report actions">
<h1 id="title">${options.title}</h1>
<div class="actions">
<button type="button" data-export="markdown">Export Markdown</button>
<button type="button" data-export="json">Export JSON</button>
<button type="button" data-export="sarif">Export SARIF</button>
<button type="button" id="refresh" class="secondary">Re-run audit</button>
</div>
</header>
<section id="summary" aria-live="polite"></section>
<section id="filters" class="filters" aria-label="Filters">
<label>SDK <select id="filter-sdk"><option value="">All</option></select></label>
<label>Rule <select id="filter-rule"><option value="">All</option></select></label>
<label>Facet <select id="filter-facet"><option value="">All</option></select></label>
<label>Text <input id="filter-text" type="search" placeholder="function, file, model"></label>
<label class="check"><input id="filter-open" type="checkbox"> Only calls with open findings</label>
</section>
<section id="worst" aria-label="Worst cases"></section>
<main id="calls" aria-label="Decision register"><p class="empty">Loading the decision register...</p></main>
<script nonce="${options.nonce}" src="${options.scriptUri}"></script>
</body>
</html>
`;
}
