export type { OutputFormat, RenderedMessage, TemplateKind, TemplateSource, Viewer } from './types.ts';
export { renderReminder, fitToLength, type ReminderInput } from './render.ts';
export { renderAgenda, agendaEntries, type AgendaInput } from './agenda.ts';
export { validateTemplate, formatProblems, sampleOccurrence, type TemplateProblem } from './validate.ts';
export { loadTemplate, defaultTemplatesDir, defaultTemplateNames, toMustache } from './templates.ts';
export { formatOccurrenceDate, formatPeriod, formatEventDuration } from './dates.ts';
export { resolveTemplate, builtInTemplate, describeTemplateRef, inlineRef, templateBody } from './template-ref.ts';
export { chatDialects, type ChatDialect } from './dialects.ts';
export { attachmentTextFields } from './attachments.ts';
