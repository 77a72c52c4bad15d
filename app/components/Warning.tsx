import type { ComponentChildren } from 'preact';

export function Warning({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="warning">
      <p class="warning-title">
        <span aria-hidden="true">⚠ </span>
        {title}
      </p>
      {children}
    </div>
  );
}
