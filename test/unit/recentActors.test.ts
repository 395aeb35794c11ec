import { describe, expect, it } from 'vitest';
import { RecentActors } from '../../src/services/access/recentActors.js';
import type { Actor } from '../../src/services/access/actor.js';

function actor(id: string): Actor {
  return {
    tenantId: 't',
    spaceId: null,
    role: 'readOnly',
    type: 'token',
    id,
    name: id,
    isBootstrap: false,
  };
}

describe('recently authenticated tokens', () => {
  it('answers for a token until its time is up, then forgets it', () => {
    let now = 0;
    const recent = new RecentActors(5_000, 10, () => now);
    recent.set('a', actor('a'));
    now = 4_999;
    expect(recent.get('a')?.id).toBe('a');
    now = 5_000;
    expect(recent.get('a')).toBeUndefined();
    // Authenticating it again starts its time anew.
    recent.set('a', actor('a'));
    now = 9_999;
    expect(recent.get('a')?.id).toBe('a');
  });

  it('keeps at most its capacity, the least recently authenticated going first', () => {
    const recent = new RecentActors(5_000, 2, () => 0);
    recent.set('a', actor('a'));
    recent.set('b', actor('b'));
    recent.set('a', actor('a'));
    recent.set('c', actor('c'));
    expect(recent.get('b')).toBeUndefined();
    expect(recent.get('a')?.id).toBe('a');
    expect(recent.get('c')?.id).toBe('c');
    recent.clear();
    expect(recent.get('a')).toBeUndefined();
  });

  it('forgets one token when told it was deleted elsewhere, and keeps the others', () => {
    const recent = new RecentActors(5_000, 10, () => 0);
    recent.set('a', actor('a'));
    recent.set('b', actor('b'));
    recent.forget('a');
    expect(recent.get('a')).toBeUndefined();
    expect(recent.get('b')?.id).toBe('b');
    recent.forget('unknown');
    expect(recent.get('b')?.id).toBe('b');
  });

  it('does not keep a lookup that started before a token was forgotten', () => {
    const recent = new RecentActors(5_000, 10, () => 0);
    const before = recent.generation;
    recent.forget('a');
    recent.set('a', actor('a'), before);
    expect(recent.get('a')).toBeUndefined();
    recent.set('a', actor('a'), recent.generation);
    expect(recent.get('a')?.id).toBe('a');
  });
});
