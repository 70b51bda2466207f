/** The unsubscribe page's words, in the five languages herald writes agendas in. */
export interface PageWords {
  title: (name: string) => string;
  schedule: (days: string, time: string, eveningBefore: boolean) => string;
  weekly: string;
  isOn: string;
  isOff: string;
  turnOff: string;
  turnOn: string;
  remove: string;
  turnedOff: string;
  turnedOn: string;
  removed: string;
  invalid: string;
}

const dictionaries: Record<string, PageWords> = {
  en: {
    title: (n) => `Agenda “${n}”`,
    schedule: (d, t, e) => `Sent ${d} at ${t}${e ? ', listing the next day' : ''}.`,
    weekly: 'weekly',
    isOn: 'You receive this agenda.',
    isOff: 'This agenda is turned off: you do not receive it.',
    turnOff: 'Turn it off',
    turnOn: 'Turn it back on',
    remove: 'Delete it',
    turnedOff: 'Done: this agenda is turned off. You will not receive it any more.',
    turnedOn: 'Done: this agenda is on again.',
    removed: 'Done: this agenda is deleted.',
    invalid: 'This link is not valid (any more).',
  },
  fr: {
    title: (n) => `Agenda « ${n} »`,
    schedule: (d, t, e) => `Envoyé ${d} à ${t}${e ? ', pour le lendemain' : ''}.`,
    weekly: 'chaque semaine',
    isOn: 'Vous recevez cet agenda.',
    isOff: 'Cet agenda est désactivé : vous ne le recevez pas.',
    turnOff: 'Le désactiver',
    turnOn: 'Le réactiver',
    remove: 'Le supprimer',
    turnedOff: 'C’est fait : cet agenda est désactivé. Vous ne le recevrez plus.',
    turnedOn: 'C’est fait : cet agenda est de nouveau actif.',
    removed: 'C’est fait : cet agenda est supprimé.',
    invalid: 'Ce lien n’est pas (ou plus) valable.',
  },
  de: {
    title: (n) => `Agenda „${n}“`,
    schedule: (d, t, e) => `Versand ${d} um ${t}${e ? ', für den nächsten Tag' : ''}.`,
    weekly: 'wöchentlich',
    isOn: 'Sie erhalten diese Agenda.',
    isOff: 'Diese Agenda ist ausgeschaltet: Sie erhalten sie nicht.',
    turnOff: 'Ausschalten',
    turnOn: 'Wieder einschalten',
    remove: 'Löschen',
    turnedOff: 'Erledigt: Diese Agenda ist ausgeschaltet. Sie erhalten sie nicht mehr.',
    turnedOn: 'Erledigt: Diese Agenda ist wieder eingeschaltet.',
    removed: 'Erledigt: Diese Agenda ist gelöscht.',
    invalid: 'Dieser Link ist nicht (mehr) gültig.',
  },
  it: {
    title: (n) => `Agenda «${n}»`,
    schedule: (d, t, e) => `Inviata ${d} alle ${t}${e ? ', per il giorno dopo' : ''}.`,
    weekly: 'ogni settimana',
    isOn: 'Ricevi questa agenda.',
    isOff: 'Questa agenda è disattivata: non la ricevi.',
    turnOff: 'Disattivala',
    turnOn: 'Riattivala',
    remove: 'Eliminala',
    turnedOff: 'Fatto: questa agenda è disattivata. Non la riceverai più.',
    turnedOn: 'Fatto: questa agenda è di nuovo attiva.',
    removed: 'Fatto: questa agenda è eliminata.',
    invalid: 'Questo link non è (più) valido.',
  },
  es: {
    title: (n) => `Agenda «${n}»`,
    schedule: (d, t, e) => `Enviada ${d} a las ${t}${e ? ', para el día siguiente' : ''}.`,
    weekly: 'cada semana',
    isOn: 'Recibe esta agenda.',
    isOff: 'Esta agenda está desactivada: no la recibe.',
    turnOff: 'Desactivarla',
    turnOn: 'Reactivarla',
    remove: 'Eliminarla',
    turnedOff: 'Hecho: esta agenda está desactivada. No la recibirá más.',
    turnedOn: 'Hecho: esta agenda está activa de nuevo.',
    removed: 'Hecho: esta agenda está eliminada.',
    invalid: 'Este enlace no es (o ya no es) válido.',
  },
};

/** The words for a locale such as "fr-CH" (its language), English when herald does not speak it. */
export function pageWords(locale: string): { lang: string; words: PageWords } {
  const lang = locale.toLowerCase().split(/[-_]/)[0]!;
  return dictionaries[lang] ? { lang, words: dictionaries[lang] } : { lang: 'en', words: dictionaries.en! };
}
