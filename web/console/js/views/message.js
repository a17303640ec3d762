// One message: labels and times; the text only on request, for a stated reason (audited);
// claim, reply (a template or free text), resolve with an outcome.

import { api, explain } from '../api.js';
import { announce, clear, field, h, options } from '../dom.js';
import {
  ALARM_INTENTS, dateTime, humanize, intentLabel, percent, tierLabel, waitingFor,
} from '../format.js';

const REASONS = [
  ['respond_to_patient', 'To respond to the patient'],
  ['clinical_review', 'Clinical review'],
  ['care_coordination', 'Care coordination'],
  ['patient_request', "The patient's own request"],
  ['quality_review', 'Quality review'],
  ['compliance_review', 'Compliance review'],
];
const OUTCOMES = [
  ['replied', 'Replied to the patient'],
  ['called_patient', 'Called the patient'],
  ['appointment_booked', 'Appointment booked'],
  ['forwarded_to_clinician', 'Forwarded to a clinician'],
  ['no_action_needed', 'No action needed'],
  ['duplicate', 'Duplicate'],
];
// Starting points for a reply; staff edit them before sending. No patient data in them.
const REPLY_TEMPLATES = [
  ['', 'Free text (no template)'],
  ['call_back', 'We will call you back'],
  ['book_visit', 'Please book a visit'],
  ['results_ready', 'Results discussed by phone'],
  ['refill_sent', 'Refill sent to pharmacy'],
  ['billing_review', 'Billing is reviewing'],
];
const TEMPLATE_TEXT = {
  call_back: 'Thank you for your message. A member of our team will call you back today at the number we have on file.',
  book_visit: 'Thank you for your message. Please book a visit so that a clinician can look at this with you; you can book online or by calling the office.',
  results_ready: 'Thank you for your message. Your results are ready; a nurse will call you to go through them with you.',
  refill_sent: 'Thank you for your message. Your refill request has been sent to your pharmacy; please allow one business day.',
  billing_review: 'Thank you for your message. Our billing team is reviewing your account and will contact you within two business days.',
};

export function renderMessage(container, me, messageId, { setTitle }) {
  let stopped = false;
  let textSection = null; // kept across redraws of this view; dropped when the view goes
  const heading = h('h1', {}, 'Message');
  const back = h('p', {}, h('a', { href: '#/queue' }, 'Back to the queue'));
  const body = h('div', { id: 'message-body' }, h('p', { class: 'loading' }, 'Loading the message...'));
  container.append(back, heading, body);

  async function load() {
    let item;
    try {
      ({ data: item } = await api.get(`/v1/staff/messages/${encodeURIComponent(messageId || '')}`));
    } catch (error) {
      if (stopped) return;
      const { title, detail } = explain(error, 'this message');
      clear(body).append(
        h('div', { class: 'notice error', role: 'alert', id: 'message-error' },
          h('h2', {}, title), h('p', {}, detail)),
        h('p', {}, h('a', { href: '#/queue' }, 'Go back to your queue')));
      heading.textContent = 'Message not available';
      setTitle('Message not available');
      return;
    }
    if (stopped) return;
    draw(item);
  }

  function draw(item, notice) {
    clear(body);
    const label = intentLabel(item.intent);
    heading.textContent = `${label} message`;
    setTitle(`${label} message`);
    const alarm = item.tier === 3 && ALARM_INTENTS.has(item.intent);
    if (item.tier === 3) {
      body.append(h('div', { class: alarm ? 'banner-urgent' : 'notice warning', id: 'urgent-banner' },
        h('p', {}, alarm
          ? `${item.intent === 'medical_emergency' ? 'Medical emergency' : 'Mental health crisis'}: waiting ${waitingFor(item.received_at)}. The patient was shown the ${item.intent === 'medical_emergency' ? 'emergency number' : 'crisis line'}. Contact them now.`
          : `Tier 3 (urgent): waiting ${waitingFor(item.received_at)}.`)));
    }
    if (notice) body.append(notice);
    const claimedBy = item.claimed_by ? (item.claimed_by === me.sub ? 'You' : 'Another staff member') : 'Nobody';
    body.append(h('dl', { class: 'meta', id: 'message-meta' },
      row('Urgency', tierLabel(item.tier)),
      row('Intent', label),
      row('Confidence', percent(item.confidence)),
      row('Site', siteName(me, item.site_id)),
      row('Desk', humanize(item.desk)),
      row('Channel', humanize(item.channel)),
      row('Received', `${dateTime(item.received_at)} (${waitingFor(item.received_at)} ago)`),
      row('Status', humanize(item.status)),
      row('Claimed by', claimedBy),
      item.replied_at ? row('Replied', dateTime(item.replied_at)) : null,
      item.outcome ? row('Outcome', humanize(item.outcome)) : null));
    if (!textSection) textSection = textPanel(item);
    body.append(textSection);
    const open = item.status !== 'resolved';
    const mine = !item.claimed_by || item.claimed_by === me.sub;
    if (open && !mine) {
      body.append(h('div', { class: 'notice' }, h('p', {}, 'Another staff member has claimed this message. You can read it but not act on it.')));
    }
    if (open && mine) {
      const actions = h('div', { class: 'two-col' });
      actions.append(h('div', {}, claimPanel(item), replyPanel(item)), h('div', {}, resolvePanel(item)));
      body.append(actions);
    }
  }

  // ---- the text: once, for a reason; kept only in this view's DOM
  function textPanel(item) {
    const panel = h('section', { class: 'panel', 'aria-labelledby': 'text-title' });
    const area = h('div', { id: 'text-area' });
    const showButton = h('button', { type: 'button', id: 'show-text' }, 'Show text');
    area.append(h('p', {}, 'The text is hidden. Viewing it is recorded in the audit trail with your reason.'), showButton);
    panel.append(h('h2', { id: 'text-title' }, "Patient's message"), area);

    const reason = options(h('select', { id: 'view-reason', required: true, class: 'wide' }), [['', 'Choose a reason'], ...REASONS], '');
    const dialogError = h('p', { class: 'notice error', role: 'alert', hidden: true, id: 'reason-error' });
    const confirm = h('button', { type: 'submit', id: 'confirm-show' }, 'Show text');
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    const form = h('form', { method: 'dialog', novalidate: true },
      h('h2', { id: 'reason-title' }, 'Why do you need to read this message?'),
      h('p', {}, 'Your reason is recorded with your account in the audit trail.'),
      field('Reason for viewing', reason),
      dialogError,
      h('div', { class: 'actions' }, confirm, cancel));
    const dialog = h('dialog', { id: 'reason-dialog', 'aria-labelledby': 'reason-title' }, form);
    panel.append(dialog);

    showButton.addEventListener('click', () => {
      reason.value = '';
      dialogError.hidden = true;
      dialog.showModal();
      reason.focus();
    });
    cancel.addEventListener('click', () => { dialog.close(); showButton.focus(); });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!reason.value) {
        dialogError.textContent = 'Choose a reason before the text is shown.';
        dialogError.hidden = false;
        reason.focus();
        return;
      }
      confirm.disabled = true;
      try {
        const { data } = await api.post(`/v1/staff/messages/${encodeURIComponent(item.message_id)}/view-text`, { reason: reason.value });
        dialog.close();
        if (stopped) return;
        const hide = h('button', { type: 'button', class: 'secondary', id: 'hide-text' }, 'Hide text');
        clear(area).append(
          h('p', { class: 'patient-text', id: 'patient-text', tabindex: '-1' }, data.text),
          h('p', { class: 'muted', id: 'view-receipt' },
            `Shown at ${dateTime(data.viewed_at)} for "${labelOf(REASONS, data.reason)}". This view is in the audit trail; the text is not kept by this page.`),
          hide);
        hide.addEventListener('click', () => {
          clear(area).append(h('p', {}, 'The text is hidden again. Showing it again is a new audited view.'), showButton);
          showButton.focus();
        });
        area.querySelector('#patient-text').focus();
      } catch (error) {
        dialog.close();
        const { title, detail } = explain(error, "this message's text");
        clear(area).append(h('div', { class: 'notice error', role: 'alert' }, h('h3', {}, title), h('p', {}, detail)), showButton);
      } finally {
        confirm.disabled = false;
      }
    });
    return panel;
  }

  function claimPanel(item) {
    if (item.status === 'claimed') {
      return h('section', { class: 'panel', 'aria-labelledby': 'claim-title' },
        h('h2', { id: 'claim-title' }, 'Claimed by you'),
        h('p', {}, 'Other staff see that you are working on it.'));
    }
    const button = h('button', { type: 'button', id: 'claim' }, 'Claim this message');
    button.addEventListener('click', () => act(button, 'claim', undefined, 'You claimed this message.'));
    return h('section', { class: 'panel', 'aria-labelledby': 'claim-title' },
      h('h2', { id: 'claim-title' }, 'Claim'),
      h('p', {}, 'Claim it so that nobody else works on it at the same time.'),
      button);
  }

  function replyPanel(item) {
    const panel = h('section', { class: 'panel', 'aria-labelledby': 'reply-title' });
    panel.append(h('h2', { id: 'reply-title' }, 'Reply to the patient'));
    if (item.replied_at) {
      panel.append(h('p', {}, `A reply was sent at ${dateTime(item.replied_at)}. One reply per message.`));
      return panel;
    }
    const template = options(h('select', { id: 'reply-template', class: 'wide' }), REPLY_TEMPLATES, '');
    const text = h('textarea', { id: 'reply-text', maxlength: '2000', required: true, rows: '6' });
    const counter = h('p', { class: 'char-count', id: 'reply-count' }, '0 of 2000 characters');
    const send = h('button', { type: 'submit', id: 'send-reply' }, 'Send reply');
    const form = h('form', { novalidate: true },
      field('Start from a template', template, 'Choosing one replaces the text below; edit it before sending.'),
      field('Reply', text, 'Do not repeat details the patient did not write; the reply goes to their channel.'),
      counter,
      h('div', { class: 'actions' }, send));
    template.addEventListener('change', () => {
      if (template.value) text.value = TEMPLATE_TEXT[template.value] || '';
      counter.textContent = `${text.value.length} of 2000 characters`;
    });
    text.addEventListener('input', () => { counter.textContent = `${text.value.length} of 2000 characters`; });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!text.value.trim()) {
        showInline(form, 'Write a reply first.');
        text.focus();
        return;
      }
      act(send, 'reply', { text: text.value.trim() }, 'Your reply is queued for delivery to the patient.');
    });
    panel.append(form);
    return panel;
  }

  function resolvePanel(item) {
    const outcome = options(h('select', { id: 'resolve-outcome', required: true, class: 'wide' }),
      [['', 'Choose an outcome'], ...OUTCOMES], item.replied_at ? 'replied' : '');
    const button = h('button', { type: 'submit', id: 'resolve' }, 'Resolve');
    const form = h('form', { novalidate: true }, field('Outcome', outcome), h('div', { class: 'actions' }, button));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!outcome.value) {
        showInline(form, 'Choose an outcome.');
        outcome.focus();
        return;
      }
      act(button, 'resolve', { outcome: outcome.value }, 'The message is resolved.');
    });
    return h('section', { class: 'panel', 'aria-labelledby': 'resolve-title' },
      h('h2', { id: 'resolve-title' }, 'Resolve'),
      h('p', {}, 'Close it with what was done. Resolved messages leave the open queue.'),
      form);
  }

  async function act(button, action, payload, doneText) {
    button.disabled = true;
    try {
      await api.post(`/v1/staff/messages/${encodeURIComponent(messageId)}/${action}`, payload ?? {});
      const { data } = await api.get(`/v1/staff/messages/${encodeURIComponent(messageId)}`);
      if (stopped) return;
      draw(data, h('div', { class: 'notice success', role: 'status', id: 'action-result' }, h('p', {}, doneText)));
      announce(doneText);
    } catch (error) {
      button.disabled = false;
      const { title, detail } = explain(error, 'this message');
      const form = button.closest('section');
      showInline(form, `${title}. ${detail}`);
    }
  }

  load();
  return () => {
    stopped = true;
    textSection = null;
    clear(container);
  };
}

function showInline(parent, message) {
  let box = parent.querySelector('.inline-error');
  if (!box) {
    box = h('div', { class: 'notice error inline-error', role: 'alert' });
    parent.append(box);
  }
  clear(box).append(h('p', {}, message));
}

function row(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}

function labelOf(list, value) {
  const found = list.find(([v]) => v === value);
  return found ? found[1] : humanize(value);
}

function siteName(me, siteId) {
  const site = (me.sites || []).find((s) => s.site_id === siteId);
  return site ? site.name : siteId;
}
