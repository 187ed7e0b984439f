import { describe, expect, it } from 'vitest';
import { auditDetails, auditLabel } from './audit';

describe('audit', () => {
  it('names known event types in words and spells out unknown ones', () => {
    expect(auditLabel('login_failed')).toBe('Sign-in failed');
    expect(auditLabel('api_key_created')).toBe('API key created');
    expect(auditLabel('some_new_event')).toBe('Some new event');
    expect(auditLabel('')).toBe('Unknown event');
  });
  it('shows details as short pairs', () => {
    expect(auditDetails({ role: 'admin', previousRole: 'user' })).toBe('role: admin; previous role: user');
    expect(auditDetails({ scopes: ['chat', 'documents:read'], name: 'ci', empty: null })).toBe('scopes: chat, documents:read; name: ci');
    expect(auditDetails(null)).toBe('');
    expect(auditDetails('plain')).toBe('plain');
    expect(auditDetails('{}')).toBe('');
  });
  it('reads details that arrive as JSON text, with devices and reasons in words', () => {
    expect(auditDetails('{"reason":"user_disabled","sessions":1,"apiKeys":0}')).toBe('reason: user disabled; sessions: 1; api keys: 0');
    expect(auditDetails({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' })).toBe('user agent: Chrome on Linux');
    expect(auditDetails('{broken')).toBe('{broken');
  });
});
