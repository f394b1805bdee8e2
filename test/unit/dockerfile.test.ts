/**
 * The Dockerfile as .ci/docker-steps.mjs replays it (scripts/dockerfile.mjs reads it): what the image
 * promises, and no problem the Docker language service's linter (dockerfile-utils) reports.
 */
import { readFileSync } from 'node:fs';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { parseDockerfile, readDockerfile } from '../../scripts/dockerfile.mjs';

const text = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');

describe('the Dockerfile', () => {
  it('lints clean (dockerfile-utils, the linter of the Docker language service)', () => {
    expect(validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('builds with npm ci, the build and a prune of dev dependencies, and runs the pruned tree unprivileged on 0.0.0.0 with JSON logs', () => {
    const { args, stages } = readDockerfile();
    const [build, runtime] = [stages[0]!, stages.at(-1)!];
    expect(args.NODE_VERSION).toBe('24');
    expect(runtime.image).toBe('node:24-slim');
    expect(build.runs.join(' && ')).toMatch(/npm ci && npm run build && npm prune --omit=dev --ignore-scripts/);
    expect(runtime.copies.every((c) => c.from === build.name)).toBe(true);
    expect(runtime.user).not.toMatch(/^(root|0)$/);
    expect(runtime.env).toMatchObject({ ALIYUN_MOCK_HOST: '0.0.0.0', ALIYUN_MOCK_LOG_FORMAT: 'json' });
    expect(runtime.entrypoint).toEqual(['node', '--enable-source-maps', 'dist/cli.js']);
    expect(runtime.healthcheck?.cmd[0]).toBe('node');
  });
});

describe('parseDockerfile', () => {
  it('joins continued lines, reads ENV pairs, COPY --from, exec-form HEALTHCHECK and build arguments', () => {
    const parsed = parseDockerfile(['# c', 'ARG V=7', 'FROM node:${V}-slim AS b', 'RUN a && \\', '    b', 'FROM x', 'ENV A=1 \\', '  B="two words"', 'COPY --from=b /app/x ./x', 'HEALTHCHECK --retries=3 \\', '  CMD ["node", "-e", "1"]', 'USER node'].join('\n'));
    expect(parsed.args).toEqual({ V: '7' });
    expect(parsed.stages.map((s) => s.image)).toEqual(['node:7-slim', 'x']);
    expect(parsed.stages[0]!.runs).toEqual(['a && b']);
    expect(parsed.stages[1]).toMatchObject({ env: { A: '1', B: 'two words' }, copies: [{ from: 'b', sources: ['/app/x'], dest: './x' }], user: 'node', healthcheck: { options: '--retries=3', cmd: ['node', '-e', '1'] } });
  });

  it('refuses an instruction the replay does not know, so that the Dockerfile cannot outgrow it silently', () => {
    expect(() => parseDockerfile('FROM x\nVOLUME /data')).toThrow(/VOLUME is not an instruction scripts\/dockerfile.mjs reads/);
  });
});
