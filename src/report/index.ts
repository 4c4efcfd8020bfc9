// HTML reports of training runs and tuning studies (re-exports only).
export { buildRunReport, runReportSections } from './run-report.ts';
export { buildStudyReport, studyReportSections } from './study-report.ts';
export { buildSweepReport, sweepReportSections } from './sweep-report.ts';
export { curveVerdict, isSweepRecord, SWEEP_KIND, type CurveVerdict, type SweepRecord } from './sweep-record.ts';
export { bestSoFarCurve, bestTrial, loadStudies, STUDY_SETTINGS_ATTR, STUDY_TEST_ATTR, type CurvePoint, type StudyData, type StudySettings } from './study-data.ts';
export { isRunRecord, RUN_KIND, type RunRecord } from './run-record.ts';
export { renderPage, type ChartSpec, type ReportSection } from './page.ts';
export { rungPoints, type RungPoint } from './charts/hyperband-rungs.ts';
