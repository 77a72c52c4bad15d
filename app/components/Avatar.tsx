import { useState } from 'preact/hooks';
import { t } from '../i18n';

/** Two initials for Latin names ("Taro Yamada" → "TY"), the first character otherwise ("山田 花子" → "山"). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  const [first = '', second = ''] = words;
  if (/^[\x20-\x7e]+$/.test(name) && second) return (first.charAt(0) + second.charAt(0)).toUpperCase();
  return Array.from(first)[0]?.toUpperCase() ?? '?';
}

export function Avatar({ name, pictureUrl }: { name: string; pictureUrl: string | null }) {
  // LINE profile images can disappear; fall back to initials instead of a broken image.
  const [broken, setBroken] = useState(false);
  if (pictureUrl && !broken) {
    return (
      <img
        class="avatar"
        src={pictureUrl}
        alt={t.avatarAlt(name)}
        width={40}
        height={40}
        loading="lazy"
        referrerpolicy="no-referrer"
        onError={() => setBroken(true)}
      />
    );
  }
  return (
    <span class="avatar avatar-initials" role="img" aria-label={t.avatarAlt(name)}>
      {initials(name)}
    </span>
  );
}
