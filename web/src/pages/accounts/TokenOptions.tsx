/** The two options of R-T2/R-T6 and the warning about tokens shared by two products (R-T4). */
export interface TokenOptionValues {
  autoDistributeToAllUsers: boolean;
  clearPreviousLicenseData: boolean;
}

export function TokenOptions(props: {
  value: TokenOptionValues;
  onChange: (value: TokenOptionValues) => void;
}) {
  const { value, onChange } = props;
  return (
    <>
      <label className="check">
        <input
          type="checkbox"
          checked={value.autoDistributeToAllUsers}
          onChange={(event) =>
            onChange({ ...value, autoDistributeToAllUsers: event.target.checked })
          }
        />
        <span>
          Distribute to all users
          <small>
            The All Users group becomes this account&rsquo;s first-come-first-served list for every
            app.
          </small>
        </span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={value.clearPreviousLicenseData}
          onChange={(event) =>
            onChange({ ...value, clearPreviousLicenseData: event.target.checked })
          }
        />
        <span>
          Clear previous licence data
          <small>
            At the first sync, licences the store holds for this token that Allot did not create are
            revoked.
          </small>
        </span>
      </label>
    </>
  );
}

export function TokenSharingWarning() {
  return (
    <div className="warning" role="note">
      <strong>Use this token in Allot only.</strong> A location token used by two management
      products makes them overwrite each other, and licence assignments are lost.
    </div>
  );
}
