import type { ContractStatus, PaymentFrequency } from '../../modules/portfolio/portfolio.js';
import { message, type Message } from '../../shared/i18n/translator.js';

export const STATUS_NAMES: Readonly<Record<ContractStatus, Message>> = {
  active: message('Aktiv'),
  dormant: message('Ruhend'),
  cancelled: message('Storniert'),
};

export const FREQUENCY_NAMES: Readonly<Record<PaymentFrequency, Message>> = {
  monthly: message('monatlich'),
  quarterly: message('vierteljährlich'),
  half_yearly: message('halbjährlich'),
  yearly: message('jährlich'),
  single: message('Einmalbeitrag'),
  none: message('beitragsfrei'),
};
