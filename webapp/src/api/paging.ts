/** One page of a list answer (`GET /api/documents`, `/api/conversations`, `/api/admin/users`, `/api/admin/audit`). */
export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}
