/**
 * uPlot and its stylesheet, imported on demand by the cost chart (a chunk of its own, fetched the
 * first time a chart is drawn; the rest of the insights area never waits for it).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export default uPlot;
