/** The words of the admin page's agenda form (Infomaniak's "daily reminder"), in five languages. */
export interface AgendaWords {
  title: string;
  add: string;
  name: string;
  user: string;
  calendars: string;
  send: string;
  mail: string;
  chat: string;
  both: string;
  target: string;
  time: string;
  lists: string;
  sameDay: string;
  eveningBefore: string;
  recurring: string;
  days: string;
  weekly: string;
  skipEmpty: string;
  enabled: string;
  create: string;
  created: (name: string) => string;
  turnOn: string;
  turnOff: string;
  retry: string;
  retried: (id: number) => string;
  problem: string;
}

const en: AgendaWords = {
  title: 'Agendas',
  add: 'New agenda',
  name: 'Name',
  user: 'User',
  calendars: 'Calendars',
  send: 'Send by',
  mail: 'Mail',
  chat: 'Chat',
  both: 'Both',
  target: 'Chat target',
  time: 'Time',
  lists: 'Lists',
  sameDay: 'the same day (sent that morning)',
  eveningBefore: 'the next day (sent the evening before)',
  recurring: 'Include recurring events',
  days: 'Weekdays',
  weekly: 'Once a week: the whole week',
  skipEmpty: 'Skip days without events',
  enabled: 'On',
  create: 'Create',
  created: (n) => `Agenda “${n}” created.`,
  turnOn: 'Turn on',
  turnOff: 'Turn off',
  retry: 'Retry',
  retried: (id) => `Delivery ${id} is pending again.`,
  problem: 'Please correct this:',
};

const dictionaries: Record<string, AgendaWords> = {
  en,
  fr: {
    title: 'Agendas',
    add: 'Nouvel agenda',
    name: 'Nom',
    user: 'Utilisateur',
    calendars: 'Calendriers',
    send: 'Envoyer par',
    mail: 'E-mail',
    chat: 'Chat',
    both: 'Les deux',
    target: 'Destination chat',
    time: 'Heure',
    lists: 'Contenu',
    sameDay: 'le jour même (envoyé le matin)',
    eveningBefore: 'le lendemain (envoyé la veille au soir)',
    recurring: 'Inclure les événements récurrents',
    days: 'Jours',
    weekly: 'Une fois par semaine : toute la semaine',
    skipEmpty: 'Rien les jours sans événement',
    enabled: 'Activé',
    create: 'Créer',
    created: (n) => `Agenda « ${n} » créé.`,
    turnOn: 'Activer',
    turnOff: 'Désactiver',
    retry: 'Réessayer',
    retried: (id) => `L’envoi ${id} est de nouveau prévu.`,
    problem: 'À corriger :',
  },
  de: {
    title: 'Agenden',
    add: 'Neue Agenda',
    name: 'Name',
    user: 'Benutzer',
    calendars: 'Kalender',
    send: 'Senden per',
    mail: 'E-Mail',
    chat: 'Chat',
    both: 'Beides',
    target: 'Chat-Ziel',
    time: 'Uhrzeit',
    lists: 'Inhalt',
    sameDay: 'derselbe Tag (am Morgen gesendet)',
    eveningBefore: 'der nächste Tag (am Vorabend gesendet)',
    recurring: 'Wiederkehrende Termine einbeziehen',
    days: 'Wochentage',
    weekly: 'Einmal pro Woche: die ganze Woche',
    skipEmpty: 'Tage ohne Termine auslassen',
    enabled: 'Aktiv',
    create: 'Erstellen',
    created: (n) => `Agenda „${n}“ erstellt.`,
    turnOn: 'Einschalten',
    turnOff: 'Ausschalten',
    retry: 'Erneut senden',
    retried: (id) => `Zustellung ${id} ist wieder geplant.`,
    problem: 'Bitte korrigieren:',
  },
  it: {
    title: 'Agende',
    add: 'Nuova agenda',
    name: 'Nome',
    user: 'Utente',
    calendars: 'Calendari',
    send: 'Invia per',
    mail: 'E-mail',
    chat: 'Chat',
    both: 'Entrambi',
    target: 'Destinazione chat',
    time: 'Ora',
    lists: 'Contenuto',
    sameDay: 'lo stesso giorno (inviata al mattino)',
    eveningBefore: 'il giorno dopo (inviata la sera prima)',
    recurring: 'Includere gli eventi ricorrenti',
    days: 'Giorni',
    weekly: 'Una volta a settimana: tutta la settimana',
    skipEmpty: 'Saltare i giorni senza eventi',
    enabled: 'Attiva',
    create: 'Crea',
    created: (n) => `Agenda «${n}» creata.`,
    turnOn: 'Attiva',
    turnOff: 'Disattiva',
    retry: 'Riprova',
    retried: (id) => `L’invio ${id} è di nuovo previsto.`,
    problem: 'Da correggere:',
  },
  es: {
    title: 'Agendas',
    add: 'Nueva agenda',
    name: 'Nombre',
    user: 'Usuario',
    calendars: 'Calendarios',
    send: 'Enviar por',
    mail: 'Correo',
    chat: 'Chat',
    both: 'Ambos',
    target: 'Destino de chat',
    time: 'Hora',
    lists: 'Contenido',
    sameDay: 'el mismo día (enviada por la mañana)',
    eveningBefore: 'el día siguiente (enviada la tarde anterior)',
    recurring: 'Incluir eventos recurrentes',
    days: 'Días',
    weekly: 'Una vez por semana: toda la semana',
    skipEmpty: 'Omitir días sin eventos',
    enabled: 'Activada',
    create: 'Crear',
    created: (n) => `Agenda «${n}» creada.`,
    turnOn: 'Activar',
    turnOff: 'Desactivar',
    retry: 'Reintentar',
    retried: (id) => `El envío ${id} vuelve a estar previsto.`,
    problem: 'Corrija esto:',
  },
};

export function agendaWords(lang: string): AgendaWords {
  return dictionaries[lang] ?? en;
}
