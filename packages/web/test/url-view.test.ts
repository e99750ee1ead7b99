import { describe, expect, it } from 'vitest';
import { readView, viewSearch } from '../src/lib/url-view.ts';

describe('the view in the URL', () => {
  it('round-trips filters, search, order and the open conversation', () => {
    const v = { filters: { order: 'newest' as const, status: 'pending' as const, q: 'refund 5531', assignee: 'me' as const }, selected: '0123456789abcdef01234567' };
    expect(readView(viewSearch(v))).toEqual(v);
  });

  it('keeps "any status" apart from the default open queue', () => {
    const any = { filters: { order: 'priority' as const }, selected: null };
    expect(viewSearch(any)).toContain('all=1');
    expect(readView(viewSearch(any)).filters).toEqual({ order: 'priority' });
    expect(readView('').filters).toEqual({ order: 'priority', status: 'open' });
  });

  it('ignores unknown keys and a malformed conversation id', () => {
    expect(readView('?order=sideways&c=../../etc&evil=1&q=hi')).toEqual({ filters: { order: 'priority', q: 'hi' }, selected: null });
  });
});
