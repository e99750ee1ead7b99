import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function runCli(input: string): string[] {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'packages/scoring/scripts/score.ts'], { cwd: root, input, encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter((l) => l.length > 0);
}

describe('score CLI (JSON Lines)', () => {
  const input = [
    JSON.stringify({ text: 'My package never arrived, this is the worst service', lang: 'en' }),
    JSON.stringify({ text: 'ትዕዛዜ እስካሁን አልደረሰም' }),
    '{"text": broken json',
    JSON.stringify({ text: 'Asante sana, huduma nzuri' }),
    JSON.stringify({ lang: 'sw' }),
    '',
    JSON.stringify({ text: 'សេវាកម្មមិនល្អ' }),
  ].join('\n');

  it('writes one line per input line, in order, with the documented shape', () => {
    const out = runCli(input + '\n');
    expect(out).toHaveLength(7);
    const rows = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => ('error' in r ? 'error' : r.lang))).toEqual(['en', 'am', 'error', 'sw', 'error', 'error', 'km']);
    for (const r of rows) {
      if ('error' in r) {
        expect(typeof r.error).toBe('string');
        continue;
      }
      expect(Object.keys(r)).toEqual(['lang', 'sentiment', 'complaint']);
      const s = r.sentiment as { label: string; score: number; words: string[] };
      const c = r.complaint as { flag: boolean; score: number; reasons: string[] };
      expect(['negative', 'neutral', 'positive']).toContain(s.label);
      expect(Object.keys(s)).toEqual(['label', 'score', 'words']);
      expect(Object.keys(c)).toEqual(['flag', 'score', 'reasons']);
      expect(Array.isArray(s.words) && Array.isArray(c.reasons)).toBe(true);
    }
    expect((rows[2]!.error as string)).toMatch(/^line 3: invalid JSON/);
    expect((rows[4]!.error as string)).toMatch(/^line 5: text/);
    expect((rows[0]!.complaint as { flag: boolean }).flag).toBe(true);
  });

  it('is deterministic', () => {
    expect(runCli(input)).toEqual(runCli(input));
  });
});
