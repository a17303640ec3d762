// Labels and numbers as staff read them.

const INTENT_LABELS = {
  office_hours: 'Office hours',
  location_directions: 'Location / directions',
  insurance_accepted: 'Insurance accepted',
  services_offered: 'Services offered',
  new_patient_intake: 'New patient intake',
  schedule_appointment: 'Schedule appointment',
  cancel_appointment_howto: 'How to cancel',
  cancellation_policy: 'Cancellation policy',
  billing_payment_methods: 'Payment methods',
  portal_login_help: 'Portal login help',
  document_submission: 'Document submission',
  refill_process: 'Refill process',
  small_talk: 'Small talk',
  appointment_change: 'Appointment change',
  prescription_question: 'Prescription question',
  lab_results: 'Lab results',
  insurance_claim_issue: 'Insurance claim issue',
  clinical_question: 'Clinical question',
  medical_emergency: 'Medical emergency',
  mental_health_crisis: 'Mental health crisis',
  complaint_about_care: 'Complaint about care',
  records_legal_request: 'Records / legal request',
  unknown: 'Unknown',
};

export const ALARM_INTENTS = new Set(['medical_emergency', 'mental_health_crisis']);

export function humanize(value) {
  if (!value) return '';
  const text = String(value).replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function intentLabel(intent) {
  return intent ? (INTENT_LABELS[intent] || humanize(intent)) : 'Not classified';
}

export function tierLabel(tier) {
  if (tier === 3) return 'Tier 3';
  if (tier === 2) return 'Tier 2';
  if (tier === 1) return 'Tier 1';
  return 'Unsorted';
}

// Tier 3 first, then Tier 2 and unknown, then Tier 1 raised to a desk (docs/staff-access.md).
export function tierRank(tier) {
  if (tier === 3) return 0;
  if (tier === 2 || tier === null || tier === undefined) return 1;
  return 2;
}

export function percent(confidence) {
  if (confidence === null || confidence === undefined) return '-';
  return `${Math.round(confidence * 100)} %`;
}

export function waitingFor(isoTime, now = Date.now()) {
  const ms = Math.max(0, now - Date.parse(isoTime));
  const minutes = Math.floor(ms / 60000);
  if (minutes < 1) return 'under 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

export function clockTime(value = new Date()) {
  const d = value instanceof Date ? value : new Date(value);
  return d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function dateTime(iso) {
  if (!iso) return '-';
  const d = new Date(iso);
  return `${d.toLocaleDateString('en-CA')} ${d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
}

export function dollars(micros, digits = 2) {
  if (micros === null || micros === undefined) return '-';
  const value = micros / 1e6;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 2) })}`;
}

export function count(n) {
  return Number(n || 0).toLocaleString('en-US');
}
