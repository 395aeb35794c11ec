/** The insights area (R-X3–R-X7), one chunk: Routes.tsx imports its pages from here. */
export { CostsPage } from './CostsPage.js';
export { DriftPage } from './DriftPage.js';
export { ReclaimPage } from './ReclaimPage.js';
export { WaitlistPage } from './WaitlistPage.js';
