export type { OutputFormat, RenderedMessage, TemplateSource, Viewer } from './types.ts';
export { renderDigest, renderReminder, fitToLength, type DigestInput, type ReminderInput } from './render.ts';
export { validateTemplate, formatProblems, sampleOccurrence, type TemplateProblem } from './validate.ts';
export { loadTemplate, defaultTemplatesDir, toMustache } from './templates.ts';
export { formatOccurrenceDate } from './dates.ts';
