export type { OutputFormat, RenderedMessage, TemplateSource, Viewer } from './types.ts';
export { renderReminder, fitToLength, type ReminderInput } from './render.ts';
export { renderDigest, agendaEntries, type DigestInput } from './digest.ts';
export { validateTemplate, formatProblems, sampleOccurrence, type TemplateProblem } from './validate.ts';
export { loadTemplate, defaultTemplatesDir, defaultTemplateNames, toMustache } from './templates.ts';
export { formatOccurrenceDate, formatPeriod, formatDuration } from './dates.ts';
