/**
 * The store token file (.vpptoken): chosen with the file picker or dropped on the zone. The
 * content is read in the browser and sent in the request body; the server validates it (R-T3).
 */
import { useId, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format.js';

export interface TokenFile {
  fileName: string;
  content: string;
  organizationName: string | null;
  expiresAt: string | null;
}

const MAX_CHARS = 20_000;

/** What the file says about itself, if it decodes as Apple's Base64 JSON; the server decides. */
function preview(content: string): Pick<TokenFile, 'organizationName' | 'expiresAt'> {
  try {
    const decoded = JSON.parse(atob(content.replace(/\s+/g, ''))) as Record<string, unknown>;
    const date = typeof decoded.expDate === 'string' ? new Date(decoded.expDate) : null;
    return {
      organizationName: typeof decoded.orgName === 'string' ? decoded.orgName : null,
      expiresAt: date !== null && !Number.isNaN(date.getTime()) ? date.toISOString() : null,
    };
  } catch {
    return { organizationName: null, expiresAt: null };
  }
}

export function TokenFileField(props: {
  value: TokenFile | null;
  onChange: (file: TokenFile | null) => void;
}) {
  const { t } = useTranslation('accounts');
  const inputId = useId();
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const read = async (file: File | undefined) => {
    setProblem(null);
    if (file === undefined) return props.onChange(null);
    const content = (await file.text()).trim();
    if (content === '') return setProblem(t('token.empty', { name: file.name }));
    if (content.length > MAX_CHARS) return setProblem(t('token.tooLarge', { name: file.name }));
    props.onChange({ fileName: file.name, content, ...preview(content) });
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void read(event.dataTransfer.files[0]);
  };

  const file = props.value;
  return (
    <div
      className={`drop-zone${dragging ? ' dragging' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label htmlFor={inputId}>{t('token.file')}</label>
      <input
        id={inputId}
        type="file"
        accept=".vpptoken,.txt,text/plain"
        required={file === null}
        onChange={(event) => void read(event.target.files?.[0])}
      />
      <p className="small muted">{t('token.drop')}</p>
      {problem !== null && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {file !== null && (
        <p className="small token-preview" aria-live="polite">
          {file.fileName}
          {file.organizationName !== null && <> · {file.organizationName}</>}
          {file.expiresAt !== null && (
            <> · {t('token.expires', { date: formatDate(file.expiresAt) })}</>
          )}
          {file.organizationName === null && ` · ${t('token.unrecognised')}`}
        </p>
      )}
    </div>
  );
}
