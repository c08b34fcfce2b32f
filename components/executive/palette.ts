/** Series colours (colour-blind-safe Okabe–Ito order), shared by the executive charts. */
export const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000', '#999999', '#882255', '#44AA99', '#117733']
export const seriesColor = (i: number) => SERIES_COLORS[i % SERIES_COLORS.length]!
