import { useEffect, useState } from 'react';
import { useDebounced } from '../hooks/useDebounced.js';

/** A labelled search field that reports its value once typing pauses. */
export function SearchBox(props: {
  label: string;
  value: string;
  onSearch: (value: string) => void;
  placeholder?: string;
}) {
  const [text, setText] = useState(props.value);
  const settled = useDebounced(text, 300);
  const { onSearch, value } = props;
  // Only a settled change of the text searches; a new value from outside resets the text.
  useEffect(() => {
    if (settled !== value) onSearch(settled);
  }, [settled]);
  useEffect(() => setText(value), [value]);
  return (
    <label className="field search">
      <span>{props.label}</span>
      <input
        type="search"
        value={text}
        placeholder={props.placeholder}
        onChange={(event) => setText(event.target.value)}
      />
    </label>
  );
}
