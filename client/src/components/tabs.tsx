/** Accessible tabs (arrow keys move between them); the panel is rendered by the caller. */
import { type KeyboardEvent, type ReactNode, useRef } from 'react';

export type TabItem<K extends string> = { key: K; label: ReactNode };

export function Tabs<K extends string>({
  items,
  value,
  onChange,
  label,
  idBase,
}: {
  items: TabItem<K>[];
  value: K;
  onChange: (key: K) => void;
  label: string;
  idBase: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent, i: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = (i + step + items.length) % items.length;
    const item = items[next];
    if (!item) return;
    onChange(item.key);
    refs.current[next]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {items.map((item, i) => (
        <button
          key={item.key}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`${idBase}-tab-${item.key}`}
          aria-selected={value === item.key}
          aria-controls={`${idBase}-panel`}
          tabIndex={value === item.key ? 0 : -1}
          className={value === item.key ? 'tab active' : 'tab'}
          onClick={() => onChange(item.key)}
          onKeyDown={(e) => onKey(e, i)}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}

export function TabPanel({ idBase, active, children }: { idBase: string; active: string; children: ReactNode }) {
  return (
    <div role="tabpanel" id={`${idBase}-panel`} aria-labelledby={`${idBase}-tab-${active}`} className="tab-panel">
      {children}
    </div>
  );
}
