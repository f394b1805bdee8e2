import { describe, expect, it } from 'vitest';
import { T0 } from '../support/api.js';
import { startCli } from '../support/cli.js';

describe('the admin page from the built package', () => {
  it('is served by the built CLI with no extra step, at the URL it prints', async () => {
    const out = (await startCli(['--log-level', 'silent', '--now', T0, '--seed', '1'])).stdout();
    const page = /admin page: (http:\/\/\S+)/.exec(out)?.[1];
    expect(page).toMatch(/\/__admin\/ui\/$/);
    const html = await fetch(page!);
    expect(html.status).toBe(200);
    const text = await html.text();
    for (const ref of [...text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)) {
      expect((await fetch(new URL(ref, page)).then((r) => r.status)), ref).toBe(200);
    }
  }, 30_000);

  it('is off with --no-admin, like the rest of the control plane', async () => {
    const out = (await startCli(['--log-level', 'silent', '--no-admin'])).stdout();
    expect(out).not.toContain('admin page:');
    const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
    expect((await fetch(`${url}/__admin/ui/`)).status).toBe(404);
  }, 30_000);
});
