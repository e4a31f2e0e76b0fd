import * as assert from 'node:assert/strict';
import { createNonce, escapeHtml, html, REPORT_TITLE, reportPage, reportShell } from '../../src/vscode/html';

describe('html: the report view shell', () => {
  it('escapes every character that could open markup or end an attribute', () => {
    assert.equal(
      escapeHtml(`<img src=x onerror="alert('x')">&\``),
      '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;&#96;',
    );
  });

  it('escapes interpolated values in the html tag, never the literal parts', () => {
    const name = '</title><script>alert(1)</script>';
    assert.equal(
      html`<b title="${name}">${name}</b>`,
      '<b title="&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</b>',
    );
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) assert.equal(Buffer.from(nonce, 'base64').length, 16);
  });

  it('locks the page down: default-src none, scripts only with the nonce, assets only from the webview source', () => {
    const page = reportShell({
      cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
      nonce: 'abc123==',
      styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/report.css',
      scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/report.js',
      title: 'Register <script>alert(1)</script>',
    });
    // The attribute is escaped like every value; the browser reads it with the entities decoded.
    const csp = (/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1] ?? '').replace(
      /&#39;/g,
      "'",
    );
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-abc123=='/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.ok(!page.includes('<script>alert(1)</script>'), 'the title is escaped');
    const scripts = [...page.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    assert.equal(scripts.length, 1);
    assert.match(scripts[0] ?? '', /nonce="abc123=="/);
    assert.doesNotMatch(page, /\son[a-z]+=/i, 'no inline event handlers');
  });

  it("builds the panel's page: a fresh nonce on the one script, the media assets through the webview", () => {
    const mediaUri = (file: string): string => `https://file+.vscode-resource.vscode-cdn.net/ext/media/${file}`;
    const first = reportPage("'self' https://*.vscode-cdn.net", mediaUri);
    const second = reportPage("'self' https://*.vscode-cdn.net", mediaUri);
    const nonceOf = (page: string): string | undefined =>
      /<script nonce="([^"]+)" src="[^"]+\/report\.js"><\/script>/.exec(page)?.[1];
    assert.ok(nonceOf(first));
    assert.notEqual(nonceOf(first), nonceOf(second));
    assert.ok(first.includes(`script-src &#39;nonce-${nonceOf(first)}&#39;`));
    assert.ok(first.includes('href="https://file+.vscode-resource.vscode-cdn.net/ext/media/report.css"'));
    assert.ok(first.includes(`<title>${REPORT_TITLE}</title>`));
  });
});
