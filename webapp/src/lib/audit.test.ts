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
  });
});
