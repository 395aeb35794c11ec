/** WAI-ARIA tabs: arrow keys move between tabs, the panel follows the selected one. */
import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<K extends string> {
  key: K;
  label: string;
}

export function Tabs<K extends string>(props: {
  label: string;
  tabs: ReadonlyArray<TabItem<K>>;
  selected: K;
  onSelect: (key: K) => void;
  children: ReactNode;
}) {
  const id = useId();
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const index = props.tabs.findIndex((t) => t.key === props.selected);

  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = props.tabs[(index + step + props.tabs.length) % props.tabs.length]!;
    props.onSelect(next.key);
    refs.current.get(next.key)?.focus();
  };

  return (
    <div className="tabs">
      <div role="tablist" aria-label={props.label} onKeyDown={onKeyDown}>
        {props.tabs.map((tab) => {
          const selected = tab.key === props.selected;
          return (
            <button
              key={tab.key}
              ref={(el) => {
                if (el === null) refs.current.delete(tab.key);
                else refs.current.set(tab.key, el);
              }}
              type="button"
              role="tab"
              id={`${id}-${tab.key}`}
              aria-selected={selected}
              aria-controls={`${id}-panel`}
              tabIndex={selected ? 0 : -1}
              onClick={() => props.onSelect(tab.key)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${props.selected}`}>
        {/* The panel's heading: what the panel holds comes below it, in heading order. */}
        <h2 className="visually-hidden">{props.tabs[index]?.label}</h2>
        {props.children}
      </div>
    </div>
  );
}
