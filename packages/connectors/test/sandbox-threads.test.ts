import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxEmulator, type SandboxEmulator } from '../sandbox/sandbox-network/index.ts';
import { DEMO_TEXTS } from '../sandbox/texts.ts';

/** The demo language of an emulated message, from the demo text it was made from. */
function langOf(text: string): string | undefined {
  const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return DEMO_TEXTS.find((d) => new RegExp('^' + d.text.split(/\{brand\}|\{n\}/).map(esc).join('.+?') + '$').test(text))?.lang;
}

describe('sandbox network threads', () => {
  let emu: SandboxEmulator;
  beforeAll(async () => {
    emu = await startSandboxEmulator({ seed: 7 });
    await emu.inject({ count: 400 });
  });
  afterAll(async () => emu.close());

  it('keeps a thread in one kind and language, and a DM or review thread to its one customer', () => {
    const threads = new Map<string, ReturnType<SandboxEmulator['messages']>>();
    for (const m of emu.messages()) threads.set(m.thread_id, [...(threads.get(m.thread_id) ?? []), m]);
    const longer = [...threads.values()].filter((t) => t.length > 1);
    // The emulator continues a fifth of messages in an earlier thread: there are threads to check.
    expect(longer.length).toBeGreaterThan(20);
    for (const t of longer) {
      expect(new Set(t.map((m) => m.kind)).size).toBe(1);
      expect(new Set(t.map((m) => m.visibility)).size).toBe(1);
      const langs = t.map((m) => langOf(m.text));
      expect(langs).not.toContain(undefined);
      expect(new Set(langs).size).toBe(1);
      if (t[0]!.kind === 'dm' || t[0]!.kind === 'review') expect(new Set(t.map((m) => m.author.id)).size).toBe(1);
      // A message's link names its own author, also when it continues someone else's thread.
      for (const m of t) expect(m.url).toContain(`/${m.author.handle}/status/${m.id}`);
    }
    // Public threads can be joined by other customers.
    expect(longer.some((t) => new Set(t.map((m) => m.author.id)).size > 1)).toBe(true);
  });
});
