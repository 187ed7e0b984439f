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

/** An event's details object as short "key: value" pairs ("role: admin", "name: ci"). */
export function auditDetails(details: unknown): string {
  if (details == null) return '';
  if (typeof details !== 'object') return String(details);
  return Object.entries(details as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${humanKey(k)}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}

function humanKey(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
}
