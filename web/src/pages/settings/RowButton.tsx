/**
 * A table row's action: a short visible word ("Delete") whose accessible name says which row
 * ("Delete Robot"), so a screen reader's list of buttons is unambiguous and the column narrow.
 */
import type { ReactNode } from 'react';

export function RowButton(props: {
  label: string;
  danger?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`small-button${props.danger === true ? ' danger' : ''}`}
      aria-label={props.label}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}
