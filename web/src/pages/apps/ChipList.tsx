/** A list of named members (groups, users, devices) with a remove button each. */
export function ChipList(props: {
  label: string;
  ids: readonly string[];
  nameOf: (id: string) => string;
  onRemove?: (id: string) => void;
}) {
  if (props.ids.length === 0) return <p className="muted small">None</p>;
  return (
    <ul className="chips" aria-label={props.label}>
      {props.ids.map((id) => (
        <li key={id} className="chip">
          <span>{props.nameOf(id)}</span>
          {props.onRemove !== undefined && (
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove ${props.nameOf(id)} from ${props.label.toLowerCase()}`}
              onClick={() => props.onRemove?.(id)}
            >
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
