import type { Page } from '../api/paging';

/** "Previous / Page n of m / Next" under a paged list; nothing when everything fits on one page. */
export function Pager({ page, onPage, label }: { page: Page<unknown> | null; onPage: (page: number) => void; label: string }) {
  if (!page || page.total <= page.size) return null;
  const pages = Math.max(1, Math.ceil(page.total / page.size));
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      <button type="button" disabled={page.page === 0} onClick={() => onPage(page.page - 1)}>
        Previous
      </button>
      <span>
        Page {page.page + 1} of {pages}
      </span>
      <button type="button" disabled={page.page + 1 >= pages} onClick={() => onPage(page.page + 1)}>
        Next
      </button>
    </nav>
  );
}
