import type { ComponentChildren } from 'preact';

export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state">
      <h2 class="state-title">{title}</h2>
      {children}
    </div>
  );
}
