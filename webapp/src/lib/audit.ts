import { describeUserAgent } from './useragent';

/** Audit event types (auth-service's AuditType, lower case) in words; an unknown type is spelled out. */
const LABELS: Record<string, string> = {
  login: 'Signed in',
  login_failed: 'Sign-in failed',
  login_throttled: 'Sign-in refused (too many attempts)',
  logout: 'Signed out',
  token_refreshed: 'Session refreshed',
  session_revoked: 'Session signed out',
  sessions_revoked_all: 'Signed out everywhere',
  refresh_reuse_detected: 'Refresh token reused (session ended)',
  user_registered: 'Account created',
  registration_email_taken: 'Registration with a taken address',
  user_created: 'User created by an admin',
  user_disabled: 'User disabled',
  user_enabled: 'User enabled',
  role_changed: 'Role changed',
  password_changed: 'Password changed',
  password_reset: 'Password reset by an admin',
  api_key_created: 'API key created',
  api_key_revoked: 'API key revoked',
};

export function auditLabel(type: string): string {
  const known = LABELS[type];
  if (known) return known;
  const words = type.replace(/[_.-]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Unknown event';
}

/**
 * An event's details object as short "key: value" pairs ("role: admin", "reason: user disabled");
 * a user agent as its device ("Chrome on Linux"). The object may arrive as JSON text.
 */
export function auditDetails(details: unknown): string {
  if (details == null) return '';
  if (typeof details === 'string') {
    const text = details.trim();
    if (!text.startsWith('{')) return text;
    try {
      details = JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (details === null || typeof details !== 'object') return String(details);
  return Object.entries(details as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${humanKey(k)}: ${value(k, v)}`)
    .join('; ');
}

function value(key: string, v: unknown): string {
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  if (key === 'userAgent') return describeUserAgent(String(v));
  if (key === 'reason' && typeof v === 'string' && /^[a-z_]+$/.test(v)) return v.replace(/_/g, ' ');
  return String(v);
}

function humanKey(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
}
