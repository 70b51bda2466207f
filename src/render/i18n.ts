/** The few words herald's default templates say, in each language it speaks. */
export interface Words {
  /** The language's code, for <html lang>. */
  lang: string;
  reminder: string;
  inMinutes: (n: number) => string;
  startedAgo: string;
  now: string;
  allDay: string;
  where: string;
  join: string;
  details: string;
  agendaFor: string;
  weekOf: string;
  noEvents: string;
  unsubscribe: string;
  unsubscribeText: string;
  late: string;
  calendar: string;
  part: string;
  /** Units of a duration: "1 h 30 min", "2 days". */
  units: { min: string; h: string; day: string; days: string };
  /** "1 event", "6 events". */
  eventCount: (n: number) => string;
}

const dictionaries: Record<string, Words> = {
  en: {
    lang: 'en',
    reminder: 'Reminder',
    inMinutes: (n) =>
      n <= 0 ? 'now' : n === 1 ? 'in 1 minute' : n < 120 ? `in ${n} minutes` : n < 2880 ? `in ${Math.round(n / 60)} hours` : `in ${Math.round(n / 1440)} days`,
    startedAgo: 'already started',
    now: 'now',
    allDay: 'all day',
    where: 'Where',
    join: 'Join',
    details: 'Details',
    agendaFor: 'Agenda for',
    weekOf: 'Week of',
    noEvents: 'No events.',
    unsubscribe: 'Unsubscribe',
    unsubscribeText: 'You receive this agenda because you subscribed to it in herald.',
    late: 'sent late',
    calendar: 'Calendar',
    part: 'part',
    units: { min: 'min', h: 'h', day: 'day', days: 'days' },
    eventCount: (n) => (n === 1 ? '1 event' : `${n} events`),
  },
  fr: {
    lang: 'fr',
    reminder: 'Rappel',
    inMinutes: (n) =>
      n <= 0
        ? 'maintenant'
        : n === 1
          ? 'dans 1 minute'
          : n < 120
            ? `dans ${n} minutes`
            : n < 2880
              ? `dans ${Math.round(n / 60)} heures`
              : `dans ${Math.round(n / 1440)} jours`,
    startedAgo: 'déjà commencé',
    now: 'maintenant',
    allDay: 'toute la journée',
    where: 'Lieu',
    join: 'Rejoindre',
    details: 'Détails',
    agendaFor: 'Agenda du',
    weekOf: 'Semaine du',
    noEvents: 'Aucun évènement.',
    unsubscribe: 'Se désabonner',
    unsubscribeText: 'Vous recevez cet agenda parce que vous y êtes abonné dans herald.',
    late: 'envoyé en retard',
    calendar: 'Calendrier',
    part: 'partie',
    units: { min: 'min', h: 'h', day: 'jour', days: 'jours' },
    eventCount: (n) => (n <= 1 ? `${n} évènement` : `${n} évènements`),
  },
  de: {
    lang: 'de',
    reminder: 'Erinnerung',
    inMinutes: (n) =>
      n <= 0
        ? 'jetzt'
        : n === 1
          ? 'in 1 Minute'
          : n < 120
            ? `in ${n} Minuten`
            : n < 2880
              ? `in ${Math.round(n / 60)} Stunden`
              : `in ${Math.round(n / 1440)} Tagen`,
    startedAgo: 'bereits begonnen',
    now: 'jetzt',
    allDay: 'ganztägig',
    where: 'Ort',
    join: 'Teilnehmen',
    details: 'Details',
    agendaFor: 'Agenda für',
    weekOf: 'Woche vom',
    noEvents: 'Keine Termine.',
    unsubscribe: 'Abbestellen',
    unsubscribeText: 'Sie erhalten diese Agenda, weil Sie sie in herald abonniert haben.',
    late: 'verspätet gesendet',
    calendar: 'Kalender',
    part: 'Teil',
    units: { min: 'Min.', h: 'Std.', day: 'Tag', days: 'Tage' },
    eventCount: (n) => (n === 1 ? '1 Termin' : `${n} Termine`),
  },
  it: {
    lang: 'it',
    reminder: 'Promemoria',
    inMinutes: (n) =>
      n <= 0
        ? 'ora'
        : n === 1
          ? 'tra 1 minuto'
          : n < 120
            ? `tra ${n} minuti`
            : n < 2880
              ? `tra ${Math.round(n / 60)} ore`
              : `tra ${Math.round(n / 1440)} giorni`,
    startedAgo: 'già iniziato',
    now: 'ora',
    allDay: 'tutto il giorno',
    where: 'Luogo',
    join: 'Partecipa',
    details: 'Dettagli',
    agendaFor: 'Agenda di',
    weekOf: 'Settimana del',
    noEvents: 'Nessun evento.',
    unsubscribe: 'Annulla iscrizione',
    unsubscribeText: 'Ricevi questa agenda perché ti sei iscritto in herald.',
    late: 'inviato in ritardo',
    calendar: 'Calendario',
    part: 'parte',
    units: { min: 'min', h: 'h', day: 'giorno', days: 'giorni' },
    eventCount: (n) => (n === 1 ? '1 evento' : `${n} eventi`),
  },
  es: {
    lang: 'es',
    reminder: 'Recordatorio',
    inMinutes: (n) =>
      n <= 0
        ? 'ahora'
        : n === 1
          ? 'en 1 minuto'
          : n < 120
            ? `en ${n} minutos`
            : n < 2880
              ? `en ${Math.round(n / 60)} horas`
              : `en ${Math.round(n / 1440)} días`,
    startedAgo: 'ya empezó',
    now: 'ahora',
    allDay: 'todo el día',
    where: 'Lugar',
    join: 'Unirse',
    details: 'Detalles',
    agendaFor: 'Agenda del',
    weekOf: 'Semana del',
    noEvents: 'Sin eventos.',
    unsubscribe: 'Darse de baja',
    unsubscribeText: 'Recibe esta agenda porque se suscribió en herald.',
    late: 'enviado con retraso',
    calendar: 'Calendario',
    part: 'parte',
    units: { min: 'min', h: 'h', day: 'día', days: 'días' },
    eventCount: (n) => (n === 1 ? '1 evento' : `${n} eventos`),
  },
};

export const supportedLanguages = Object.keys(dictionaries);

/** The words for a locale ("fr-CH" → French); English when the language is not one we speak. */
export function wordsFor(locale: string): Words {
  return dictionaries[locale.toLowerCase().split(/[-_]/)[0]!] ?? dictionaries.en!;
}
