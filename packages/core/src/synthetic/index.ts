export { generatePopulation, regionPopulation, type GenerateOptions } from './generate';
export type { SyntheticRegionInput } from './regions';
export type { PopulationCounts, SyntheticEvent, SyntheticHousehold, SyntheticMarriage, SyntheticMember, SyntheticParentLink, SyntheticPerson, SyntheticPopulation } from './output';
export { CENSUS_DATE } from './calibration';
export { buildReport, censusPyramidShares, PYRAMID_GROUPS, REPORT_TARGETS, TOLERANCES, type Check, type DemoReport, type ReportCounts, type YearCounts } from './report';
export { countsFromPopulation, reportWindows, type ReportWindow } from './report-counts';
export { replay, snapshot, type ReplayPerson, type ReplayState } from './replay';
