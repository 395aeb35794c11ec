/** The CSV import loads with its parser (papaparse) only when an administrator opens it. */
import { lazy, Suspense } from 'react';
import { Loading } from '../../components/State.js';

const ImportDialog = lazy(async () => {
  const [{ ImportDialog: Dialog }, specs] = await Promise.all([
    import('./ImportDialog.js'),
    import('./importSpecs.js'),
  ]);
  return {
    default: ({ kind, onClose }: { kind: 'users' | 'devices'; onClose: () => void }) => (
      <Dialog spec={kind === 'users' ? specs.USER_IMPORT : specs.DEVICE_IMPORT} onClose={onClose} />
    ),
  };
});

export function LazyImportDialog(props: { kind: 'users' | 'devices'; onClose: () => void }) {
  return (
    <Suspense fallback={<Loading />}>
      <ImportDialog {...props} />
    </Suspense>
  );
}
