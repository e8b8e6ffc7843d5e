// Moving focus to something a state change is about to render (a page's heading, a tool's form): tried
// once per frame until the element is there and enabled, for a bounded number of frames.

const MAX_FRAMES = 60;

export function focusWhenReady(find: () => HTMLElement | null | undefined, frames = MAX_FRAMES): void {
  const el = find();
  if (el && !(el as HTMLButtonElement).disabled) {
    el.focus();
    return;
  }
  if (frames > 0) requestAnimationFrame(() => focusWhenReady(find, frames - 1));
}

/** The opened tool's first argument field, or its Call button when it takes none. */
export function focusToolForm(): void {
  focusWhenReady(
    () =>
      document.querySelector<HTMLElement>('[data-testid="tool-fields"] :is(input, select, textarea)') ??
      document.querySelector<HTMLElement>('[data-testid="tool-call"]'),
  );
}

/** The page's main region (where the skip link goes): the next Tab reaches the page's first control. */
export function focusMain(): void {
  focusWhenReady(() => document.getElementById('main-content'));
}
