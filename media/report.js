// @ts-check
// The report view's script. It receives the model by postMessage (src/vscode/report-protocol.ts
// describes every shape) and builds the page with createElement and textContent only: nothing from
// the workspace (file names, model names, annotation text) is ever parsed as HTML.
(function () {
  'use strict';

  const vscode = acquireVsCodeApi();

  /** @typedef {{ sdk: string, rule: string, facet: string, text: string, openOnly: boolean }} Filters */

  /** @type {any} */
  let model = undefined;
  /** @type {Filters} */
  let filters = Object.assign(
    { sdk: '', rule: '', facet: '', text: '', openOnly: false },
    (vscode.getState() || {}).filters || {},
  );

  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const sdkSelect = /** @type {HTMLSelectElement} */ ($('filter-sdk'));
  const ruleSelect = /** @type {HTMLSelectElement} */ ($('filter-rule'));
  const facetSelect = /** @type {HTMLSelectElement} */ ($('filter-facet'));
  const textInput = /** @type {HTMLInputElement} */ ($('filter-text'));
  const openOnly = /** @type {HTMLInputElement} */ ($('filter-open'));

  /**
   * @param {string} tag
   * @param {string} [className]
   * @param {string} [text]
   */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** Appends a register sentence: runs fenced with backticks become <code>, the rest is text. */
  function appendRich(/** @type {HTMLElement} */ parent, /** @type {string} */ text) {
    let index = 0;
    while (index < text.length) {
      const open = text.indexOf('`', index);
      if (open < 0) break;
      let fence = 0;
      while (text[open + fence] === '`') fence++;
      const marker = '`'.repeat(fence);
      let close = text.indexOf(marker, open + fence);
      while (close >= 0 && text[close + fence] === '`') close = text.indexOf(marker, close + 1);
      if (close < 0) break;
      parent.appendChild(document.createTextNode(text.slice(index, open)));
      let inner = text.slice(open + fence, close);
      if (inner.length > 1 && inner.startsWith(' ') && inner.endsWith(' ')) inner = inner.slice(1, -1);
      parent.appendChild(el('code', undefined, inner));
      index = close + fence;
    }
    parent.appendChild(document.createTextNode(text.slice(index)));
  }

  function locationButton(
    /** @type {string} */ file,
    /** @type {string} */ shown,
    /** @type {number} */ line,
    /** @type {number} */ column,
  ) {
    const button = el('button', 'link', `${shown}:${line}`);
    button.setAttribute('type', 'button');
    button.title = 'Go to the code';
    button.addEventListener('click', () => vscode.postMessage({ type: 'reveal', file, line, column }));
    return button;
  }

  function plural(/** @type {number} */ count, /** @type {string} */ noun) {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
  }

  function fillSelect(
    /** @type {HTMLSelectElement} */ select,
    /** @type {{id: string, label: string, count?: number}[]} */ options,
    /** @type {string} */ value,
  ) {
    while (select.options.length > 1) select.remove(1);
    for (const option of options) {
      const item = /** @type {HTMLOptionElement} */ (
        el('option', undefined, option.count === undefined ? option.label : `${option.label} (${option.count})`)
      );
      item.value = option.id;
      select.appendChild(item);
    }
    select.value = options.some((option) => option.id === value) ? value : '';
  }

  function renderSummary() {
    const summary = $('summary');
    summary.replaceChildren();
    if (model.empty) {
      summary.appendChild(el('p', 'empty', model.empty));
      return;
    }
    const t = model.totals;
    const cards = el('div', 'cards');
    /** @type {[string, string, string][]} */
    const figures = [
      [String(t.calls), 'model calls', ''],
      [String(t.workflows), 'workflows', ''],
      [String(t.files), 'files with calls', `${t.filesScanned} scanned`],
      [String(t.error), 'errors', 'error'],
      [String(t.warning), 'warnings', 'warning'],
      [String(t.info), 'info', 'info'],
      [String(t.documented), 'documented', 'documented'],
    ];
    for (const [value, label, extra] of figures) {
      const card = el('div', `card ${['error', 'warning', 'info', 'documented'].includes(extra) ? extra : ''}`);
      card.appendChild(el('span', 'value', value));
      card.appendChild(el('span', 'label', label));
      if (extra && !['error', 'warning', 'info', 'documented'].includes(extra))
        card.appendChild(el('span', 'hint', extra));
      cards.appendChild(card);
    }
    summary.appendChild(cards);
    const breakdown = el('div', 'breakdown');
    for (const [title, counts] of /** @type {[string, any[]][]} */ ([
      ['By SDK', model.bySdk],
      ['Open findings by rule', model.byRule],
      ['Open findings by facet', model.byFacet],
    ])) {
      if (counts.length === 0) continue;
      const group = el('div', 'group');
      group.appendChild(el('h2', undefined, title));
      const list = el('ul', 'chips');
      for (const entry of counts) list.appendChild(el('li', 'chip', `${entry.label} ${entry.count}`));
      group.appendChild(list);
      breakdown.appendChild(group);
    }
    summary.appendChild(breakdown);
  }

  function renderWorst(/** @type {any[]} */ calls) {
    const worst = $('worst');
    worst.replaceChildren();
    if (calls.length === 0) return;
    const attempts = [...calls].sort((a, b) => rankAttempts(b) - rankAttempts(a)).slice(0, 5);
    const latency = [...calls].sort((a, b) => rankLatency(b) - rankLatency(a)).slice(0, 5);
    for (const [title, list, value] of /** @type {[string, any[], (call: any) => string][]} */ ([
      [
        'Worst-case attempts',
        attempts,
        (call) => (typeof call.worstAttempts === 'number' ? plural(call.worstAttempts, 'attempt') : call.worstAttempts),
      ],
      ['Worst-case latency', latency, (call) => call.worstLatency],
    ])) {
      const group = el('div', 'group');
      group.appendChild(el('h2', undefined, title));
      const table = el('table', 'worst');
      for (const call of list) {
        const row = el('tr');
        const figure = el('td', 'figure', value(call));
        const where = el('td');
        where.appendChild(el('span', 'workflow', call.workflow));
        where.appendChild(document.createTextNode(' '));
        where.appendChild(locationButton(call.file, call.shownFile, call.line, call.column));
        row.appendChild(figure);
        row.appendChild(where);
        table.appendChild(row);
      }
      group.appendChild(table);
      worst.appendChild(group);
    }
  }

  function rankAttempts(/** @type {any} */ call) {
    // Unbounded first, then limits read at run time (they may be anything), then counts.
    if (call.worstAttempts === 'unbounded') return Number.MAX_SAFE_INTEGER;
    if (call.worstAttempts === 'unknown') return Number.MAX_SAFE_INTEGER - 1;
    return call.worstAttempts;
  }

  function rankLatency(/** @type {any} */ call) {
    if (call.worstLatencyMs === null || call.worstLatencyMs === 'unbounded') return Number.MAX_SAFE_INTEGER;
    if (call.worstLatencyMs === 'unknown') return Number.MAX_SAFE_INTEGER - 1;
    return call.worstLatencyMs;
  }

  function matches(/** @type {any} */ call) {
    if (filters.sdk && call.sdk !== filters.sdk) return false;
    if (filters.rule && !call.findings.some((/** @type {any} */ f) => f.ruleId === filters.rule)) return false;
    if (
      filters.facet &&
      !call.findings.some((/** @type {any} */ f) => f.facet === filters.facet) &&
      !call.lines.some((/** @type {any} */ l) => l.facet === filters.facet && l.status !== 'ok')
    )
      return false;
    if (filters.openOnly && !call.findings.some((/** @type {any} */ f) => !f.documentedBy)) return false;
    if (filters.text) {
      const haystack = [call.workflow, call.shownFile, call.operation, call.model || '', call.sdkLabel]
        .join(' ')
        .toLowerCase();
      if (!haystack.includes(filters.text.toLowerCase())) return false;
    }
    return true;
  }

  function renderFinding(/** @type {any} */ finding) {
    const item = el('li', `finding ${finding.documentedBy ? 'is-documented' : finding.severity}`);
    item.appendChild(el('span', 'severity', finding.documentedBy ? 'documented' : finding.severity));
    const rule = el('button', 'link rule', finding.ruleId);
    rule.setAttribute('type', 'button');
    rule.title = 'Show the rule documentation';
    rule.addEventListener('click', () => vscode.postMessage({ type: 'openDocs', ruleId: finding.ruleId }));
    item.appendChild(rule);
    item.appendChild(el('span', 'message', finding.message));
    if (finding.documentedBy) {
      item.appendChild(
        el(
          'span',
          'decision',
          `Decision: ${finding.documentedBy}${finding.documentedOwner ? ` (owner: ${finding.documentedOwner})` : ''}`,
        ),
      );
    }
    item.appendChild(locationButton(finding.file, finding.shownFile, finding.line, finding.column));
    return item;
  }

  function renderCalls() {
    const container = $('calls');
    container.replaceChildren();
    if (model.empty) return;
    const visible = model.calls.filter(matches);
    renderWorst(visible);
    container.appendChild(el('p', 'count', `Showing ${plural(visible.length, 'call')} of ${model.calls.length}.`));
    if (model.calls.length === 0) container.appendChild(el('p', 'empty', 'No model calls found in this workspace.'));
    for (const call of visible) {
      const card = el('article', 'call');
      card.dataset.key = call.key;
      const header = el('header');
      const heading = el('h3');
      heading.appendChild(el('span', 'workflow', call.workflow));
      if (call.exported) heading.appendChild(el('span', 'badge', 'exported'));
      header.appendChild(heading);
      const title = el('div', 'title');
      appendRich(title, call.title);
      header.appendChild(title);
      const where = el('div', 'where');
      if (model.folders.length > 1) where.appendChild(el('span', 'folder', `${call.folder} · `));
      where.appendChild(locationButton(call.file, call.shownFile, call.line, call.column));
      header.appendChild(where);
      card.appendChild(header);
      card.appendChild(el('p', 'summary', call.summary));
      const lines = el('table', 'register');
      for (const line of call.lines) {
        const row = el('tr', `status-${line.status}`);
        const status = el('td', 'status');
        status.title =
          line.status === 'open' ? 'Undocumented decision' : line.status === 'documented' ? 'Documented' : 'No finding';
        status.setAttribute('aria-label', status.title);
        row.appendChild(status);
        row.appendChild(el('th', undefined, line.label));
        const sentence = el('td');
        appendRich(sentence, line.sentence);
        row.appendChild(sentence);
        lines.appendChild(row);
      }
      card.appendChild(lines);
      if (call.findings.length > 0) {
        const list = el('ul', 'findings');
        for (const finding of call.findings) list.appendChild(renderFinding(finding));
        card.appendChild(list);
      }
      container.appendChild(card);
    }
    if (model.otherFindings.length > 0) {
      const section = el('section', 'other');
      section.appendChild(el('h2', undefined, 'Other findings'));
      const list = el('ul', 'findings');
      for (const finding of model.otherFindings) {
        if (!filters.rule || finding.ruleId === filters.rule) list.appendChild(renderFinding(finding));
      }
      section.appendChild(list);
      container.appendChild(section);
    }
    if (model.skipped.length > 0) {
      const section = el('section', 'skipped');
      section.appendChild(el('h2', undefined, `Not audited (${model.skipped.length})`));
      const list = el('ul');
      for (const entry of model.skipped) list.appendChild(el('li', undefined, `${entry.shownFile}: ${entry.reason}`));
      section.appendChild(list);
      container.appendChild(section);
    }
  }

  function renderFilters() {
    const rules = new Map();
    const facets = new Map();
    for (const call of model.calls) {
      for (const finding of call.findings) {
        rules.set(finding.ruleId, (rules.get(finding.ruleId) || 0) + 1);
        facets.set(finding.facet, (facets.get(finding.facet) || 0) + 1);
      }
    }
    for (const finding of model.otherFindings) rules.set(finding.ruleId, (rules.get(finding.ruleId) || 0) + 1);
    fillSelect(
      sdkSelect,
      model.bySdk.map((/** @type {any} */ entry) => ({ id: entry.id, label: entry.label, count: entry.count })),
      filters.sdk,
    );
    fillSelect(
      ruleSelect,
      [...rules.entries()].sort().map(([id, count]) => ({ id, label: id, count })),
      filters.rule,
    );
    fillSelect(
      facetSelect,
      [...facets.entries()].sort().map(([id, count]) => ({ id, label: id, count })),
      filters.facet,
    );
    textInput.value = filters.text;
    openOnly.checked = filters.openOnly;
  }

  function render() {
    if (!model) return;
    $('title').textContent = model.title;
    renderSummary();
    renderFilters();
    renderCalls();
  }

  function readFilters() {
    filters = {
      sdk: sdkSelect.value,
      rule: ruleSelect.value,
      facet: facetSelect.value,
      text: textInput.value,
      openOnly: openOnly.checked,
    };
    vscode.setState({ filters });
    if (model) renderCalls();
  }

  /**
   * The card of a call, compared by its key, never through a selector: keys hold a NUL between
   * folder and call id, which CSS.escape turns into U+FFFD, so `[data-key="..."]` never matched.
   */
  function cardOf(/** @type {string} */ key) {
    return [...document.querySelectorAll('article.call')].find(
      (card) => /** @type {HTMLElement} */ (card).dataset.key === key,
    );
  }

  function focus(/** @type {string} */ key) {
    let card = cardOf(key);
    if (!card && model && model.calls.some((/** @type {any} */ call) => call.key === key)) {
      // The call is filtered out: show everything so it can be shown.
      filters = { sdk: '', rule: '', facet: '', text: '', openOnly: false };
      vscode.setState({ filters });
      render();
      card = cardOf(key);
    }
    if (!card) return;
    for (const other of document.querySelectorAll('article.call.focused')) other.classList.remove('focused');
    card.classList.add('focused');
    card.scrollIntoView({ block: 'start' });
  }

  for (const control of [sdkSelect, ruleSelect, facetSelect, openOnly]) control.addEventListener('change', readFilters);
  textInput.addEventListener('input', readFilters);
  for (const button of document.querySelectorAll('button[data-export]')) {
    button.addEventListener('click', () =>
      vscode.postMessage({ type: 'export', format: /** @type {HTMLElement} */ (button).dataset.export }),
    );
  }
  $('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'model') {
      model = message.model;
      render();
    } else if (message.type === 'focus' && typeof message.key === 'string') {
      focus(message.key);
    }
  });

  vscode.postMessage({ type: 'ready' });
})();
