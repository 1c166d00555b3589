import type { KeyboardEvent } from 'react';

/** What a modal dialog's Tab cycles through. */
export const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab inside a modal dialog: from its last focusable element Tab goes to the first, and
 * Shift+Tab from the first to the last. Other keys are left alone.
 */
export function trapTab(e: KeyboardEvent, box: HTMLElement | null, selector = FOCUSABLE): void {
  if (e.key !== 'Tab' || box === null) return;
  const items = [...box.querySelectorAll<HTMLElement>(selector)];
  if (items.length === 0) return;
  const first = items[0]!;
  const last = items.at(-1)!;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}
