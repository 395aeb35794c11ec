/**
 * R-A9: updates of apps installed with device licences are under the administrator's control:
 * `immediate` updates at the device's next check-in, `automatic` as soon as the store
 * publishes a new version (and, if that push was missed, at the next check-in too).
 */

export type UpdateMode = 'immediate' | 'automatic';

/** What prompts the question: a device checking in, or the store publishing a version. */
export type UpdateTrigger = 'checkIn' | 'versionPublished';

/** Whether to send an update command now for an installed app. */
export function isUpdateDue(
  mode: UpdateMode,
  trigger: UpdateTrigger,
  installedVersion: string | null,
  storeVersion: string | null,
): boolean {
  if (!installedVersion || !storeVersion || installedVersion === storeVersion) return false;
  return trigger === 'checkIn' || mode === 'automatic';
}
